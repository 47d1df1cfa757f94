#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <vector>

#include <fermata/optimizer/optimizer.hpp>
#include <fermata/runtime/handoff.hpp>

namespace fermata {

/// @brief What the planner has done, for logs and benchmarks.
struct PlannerStats {
  std::int64_t suggestions = 0;  ///< configurations suggested
  std::int64_t batches = 0;      ///< optimizer calls that made them (ask_batch)
  /// Per suggestion: seconds from the moment the planner had both a free slot and every
  /// result told so far, to the suggestion being ready (tell + ask).
  std::vector<double> decision_seconds;
};

/// @brief How a Planner makes its suggestions.
struct PlannerOptions {
  /// kBackground: on a thread of its own, ahead of the takes (below). kNow: when take()
  /// finds none ready, on the caller's thread, and reproducibly: the optimizer is rebuilt
  /// from its state and the observations told so far, as a resumed run rebuilds it, and
  /// asked one configuration at a time, so that an interrupted and resumed run asks exactly
  /// what an uninterrupted one asks, whatever the timing (synchronous runs).
  WorkMode mode = WorkMode::kBackground;
  /// kBackground: keep suggestions ready for the take rate too (tests turn it off to make
  /// the asks independent of timing).
  bool look_ahead = true;
  /// kNow: what the optimizer was told before the planner was built, in order (a resumed
  /// study's completed trials), to rebuild it from.
  std::vector<Observation> observed = {};
};

/// @brief Makes the suggestions of an Optimizer for the coordinator: in the background
/// (PlannerOptions::mode), so that the coordinator's MPI loop never waits for a GP fit or
/// an acquisition search (DESIGN.md §6: "keep suggestions ready ahead"), or, in a
/// synchronous run, now.
///
/// In the background, suggestions are kept ready: as many as the coordinator last said it
/// could start at once (want), at least one, at most kMaxBatch; and, once suggestions are
/// taken faster than one per batch, a look-ahead L (the take rate since the last batch times
/// twice the last batch's duration): when only L are left, the planner refills to 2L. The
/// look-ahead is what keeps a thousand workers busy: without it the planner starts a batch
/// only once workers are already idle, and they wait for all of it. When fewer are ready,
/// the planner gives the optimizer every result told since and asks for the missing ones in
/// one ask_batch call, conditioned on the configurations in flight (taken and not yet told
/// or forgotten) and on those ready and not yet taken. With many workers waiting, one model
/// state then serves them all instead of one O(n²) decision each. The optimizer belongs to
/// the planner from construction until destruction: nothing else may call it.
class Planner {
 public:
  /// `in_flight`: trials already started and unfinished (a resumed study), by trial id.
  Planner(Optimizer& optimizer, std::map<std::int64_t, Config> in_flight,
          PlannerOptions options = {});
  /// Stops the thread, after the ask in progress if any.
  ~Planner();

  Planner(const Planner&) = delete;
  Planner& operator=(const Planner&) = delete;

  /// Trial `trial` completed with `observation`.
  void tell(std::int64_t trial, Observation observation);
  /// Trial `trial` failed: it is no longer in flight, and nothing is learned from it.
  void forget(std::int64_t trial);
  /// The coordinator could start `trials` trials now (workers idle, no folds queued): keep
  /// that many suggestions ready (kNow: make that many at the next take that finds none).
  /// 0 or 1 keeps one ready ahead. `remaining`: trials the budget can still start; never
  /// more than that many are kept ready (the look-ahead would otherwise make suggestions at
  /// the end of a run that no trial takes).
  void want(int trials, int remaining = std::numeric_limits<int>::max());
  /// The oldest ready suggestion, now in flight as `trial`; nothing if none is ready (kNow:
  /// made now if none is). Rethrows an exception the optimizer threw.
  std::optional<Config> take(std::int64_t trial);
  /// Waits up to `timeout` for a suggestion to be ready; true if one is.
  bool wait_ready(std::chrono::milliseconds timeout);
  /// The optimizer's state after its last tell or ask (what a checkpoint stores).
  OptimizerState state() const;
  PlannerStats stats() const;

 private:
  /// The most suggestions asked for in one call.
  static constexpr int kMaxBatch = 512;

  /// Tells the optimizer what it has not been told, and makes the suggestions due (lock
  /// held on entry and exit).
  void plan(std::unique_lock<std::mutex>& lock);
  /// Sets the look-ahead and the statistics after a batch of `made` suggestions, asked for
  /// since `since` (the latest input before it) and started at `started`.
  void account_batch(std::size_t made, std::chrono::steady_clock::time_point since,
                     std::chrono::steady_clock::time_point started);
  bool now() const { return handoff_.mode() == WorkMode::kNow; }
  std::size_t target_locked() const;
  /// Whether to make suggestions now: fewer ready than the coordinator wants, or half of
  /// the look-ahead taken (kNow: a take found none ready).
  bool refill_due_locked() const;

  Optimizer& optimizer_;
  Handoff handoff_;  ///< guards the members below
  std::vector<Observation> untold_;
  std::vector<Observation> observed_;  ///< kNow: everything told, in order
  std::map<std::int64_t, Config> in_flight_;
  std::deque<Config> ready_;  ///< suggestions not yet taken, oldest first
  int wanted_ = 1;
  int remaining_ = std::numeric_limits<int>::max();
  std::chrono::steady_clock::time_point last_input_;      ///< latest tell or take
  std::chrono::steady_clock::time_point last_batch_end_;  ///< when the last batch was ready
  std::int64_t taken_since_batch_ = 0;                    ///< takes since last_batch_end_
  bool look_ahead_;
  int lookahead_ = 1;    ///< suggestions the coordinator takes while one batch is made
  bool demand_ = false;  ///< kNow: a take found none ready
  bool rebuild_;         ///< kNow: the optimizer has asked or been told something
  OptimizerState state_;
  PlannerStats stats_;
};

}  // namespace fermata
