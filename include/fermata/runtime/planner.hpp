#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <fermata/optimizer/optimizer.hpp>

namespace fermata {

/// @brief What the planner has done, for logs and benchmarks.
struct PlannerStats {
  std::int64_t suggestions = 0;  ///< configurations suggested
  std::int64_t batches = 0;      ///< optimizer calls that made them (ask_batch)
  /// Per suggestion: seconds from the moment the planner had both a free slot and every
  /// result told so far, to the suggestion being ready (tell + ask).
  std::vector<double> decision_seconds;
};

/// @brief Runs an Optimizer on a thread of its own, so that the coordinator's MPI loop never
/// waits for a GP fit or an acquisition search (DESIGN.md §6: "keep suggestions ready
/// ahead").
///
/// Suggestions are kept ready: as many as the coordinator last said it could start at once
/// (want), at least one, at most kMaxBatch; and, once suggestions are taken faster than
/// one per batch, a look-ahead L (the take rate since the last batch times twice the last
/// batch's duration): when only L are left, the planner refills to 2L. The look-ahead is
/// what keeps a thousand workers busy: without it the planner starts a batch only once
/// workers are already idle, and they wait for all of it. When fewer are ready, the
/// planner gives the optimizer every result told since and asks for the missing ones in
/// one ask_batch call, conditioned on the configurations in flight (taken and not yet
/// told or forgotten) and on those ready and not yet taken. With many workers waiting, one
/// model state then serves them all instead of one O(n²) decision each. The optimizer
/// belongs to the planner's thread from construction until destruction: nothing else may
/// call it.
///
/// Only synchronous runs, which must not depend on timing, bypass the planner.
class Planner {
 public:
  /// `in_flight`: trials already started and unfinished (a resumed study), by trial id.
  /// `look_ahead`: keep suggestions ready for the take rate too (tests turn it off to make
  /// the asks independent of timing).
  Planner(Optimizer& optimizer, std::map<std::int64_t, Config> in_flight, bool look_ahead = true);
  /// Stops the thread, after the ask in progress if any.
  ~Planner();

  Planner(const Planner&) = delete;
  Planner& operator=(const Planner&) = delete;

  /// Trial `trial` completed with `observation`.
  void tell(std::int64_t trial, Observation observation);
  /// Trial `trial` failed: it is no longer in flight, and nothing is learned from it.
  void forget(std::int64_t trial);
  /// The coordinator could start `trials` trials now (workers idle, no folds queued): keep
  /// that many suggestions ready. 0 or 1 keeps one ready ahead. `remaining`: trials the
  /// budget can still start; never more than that many are kept ready (the look-ahead would
  /// otherwise make suggestions at the end of a run that no trial takes).
  void want(int trials, int remaining = std::numeric_limits<int>::max());
  /// The oldest ready suggestion, now in flight as `trial`; nothing if none is ready. Rethrows
  /// an exception the optimizer threw on the planner's thread.
  std::optional<Config> take(std::int64_t trial);
  /// Waits up to `timeout` for a suggestion to be ready; true if one is.
  bool wait_ready(std::chrono::milliseconds timeout);
  /// The optimizer's state after its last tell or ask (what a checkpoint stores).
  OptimizerState state() const;
  PlannerStats stats() const;

 private:
  /// The most suggestions asked for in one call.
  static constexpr int kMaxBatch = 512;

  void loop();
  void rethrow_locked() const;
  std::size_t target_locked() const;
  /// Whether to make suggestions now: fewer ready than the coordinator wants, or half of
  /// the look-ahead taken.
  bool refill_due_locked() const;

  Optimizer& optimizer_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;      ///< the planner waits here for work
  std::condition_variable ready_cv_;  ///< wait_ready waits here
  std::vector<Observation> untold_;
  std::map<std::int64_t, Config> in_flight_;
  std::deque<Config> ready_;  ///< suggestions not yet taken, oldest first
  int wanted_ = 1;
  int remaining_ = std::numeric_limits<int>::max();
  std::chrono::steady_clock::time_point last_input_;      ///< latest tell or take
  std::chrono::steady_clock::time_point last_batch_end_;  ///< when the last batch was ready
  std::int64_t taken_since_batch_ = 0;                    ///< takes since last_batch_end_
  bool look_ahead_;
  int lookahead_ = 1;  ///< suggestions the coordinator takes while one batch is made
  OptimizerState state_;
  PlannerStats stats_;
  std::exception_ptr error_;
  bool stop_ = false;
  std::thread thread_;  ///< last: starts after every other member is built
};

}  // namespace fermata
