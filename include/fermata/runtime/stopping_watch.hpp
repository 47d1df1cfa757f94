#pragma once

#include <atomic>
#include <deque>
#include <utility>
#include <vector>

#include <fermata/runtime/handoff.hpp>
#include <fermata/stopping/criterion.hpp>
#include <fermata/stopping/stopping_monitor.hpp>
#include <fermata/study/study.hpp>

namespace fermata {

/// @brief Evaluates the stopping criteria (each one a GP fit and a global LCB search) on every
/// completed prefix: in WorkMode::kNow within completed() (a synchronous run, in trial
/// order), in WorkMode::kBackground on a thread of its own, so that neither the MPI loop nor
/// the suggestions wait for them.
///
/// Completed trials are queued as they complete and evaluated in order, one prefix per
/// completed trial, so the record has a row for every n (DESIGN.md §5.2), as in a run on one
/// thread. When trials complete faster than the criteria can be evaluated, the decision lags
/// behind; once more than kMaxBacklog trials wait, the background thread evaluates the
/// longest prefix and skips the ones in between (logged), so the lag stays bounded; `fermata
/// criterion --history` can recompute any prefix from the checkpoint.
class StoppingWatch {
 public:
  /// `completed`: the trials completed so far, in completion order (a resumed study);
  /// `record`: their stopping record.
  StoppingWatch(WorkMode mode, const StoppingSettings& settings, StoppingContext context,
                const std::vector<const Trial*>& completed, StoppingRecord record);
  /// Stops the thread after the evaluation in progress.
  ~StoppingWatch();

  StoppingWatch(const StoppingWatch&) = delete;
  StoppingWatch& operator=(const StoppingWatch&) = delete;

  /// Trials waiting beyond which prefixes are skipped.
  static constexpr std::size_t kMaxBacklog = 64;
  /// The background thread's nice value, relative to the coordinator's other threads (0):
  /// when the coordinator's cores are busy, a worker waiting for a suggestion matters more
  /// than a criterion that is a few trials late.
  static constexpr int kNice = 10;

  /// A trial completed; `training_seconds`: the study's training time so far. Rethrows (in
  /// kNow mode) an exception a criterion threw.
  void completed(const Trial& trial, double training_seconds);
  /// Whether the acting criterion has fired (then nothing more is evaluated).
  bool fired() const { return fired_.load(); }
  /// Waits until every queued trial has been evaluated (or the criterion fired). Rethrows an
  /// exception a criterion threw.
  void drain();
  /// The record so far. Rethrows an exception a criterion threw.
  StoppingRecord record() const;
  /// The newest regret bound and statistical error (NaN when not evaluated yet).
  std::pair<double, double> latest_bound() const;

 private:
  bool due() const { return evaluated_ < trials_.size(); }
  /// Evaluates the next prefix (lock held on entry and exit).
  void evaluate_next(std::unique_lock<std::mutex>& lock);

  StoppingMonitor monitor_;
  StoppingContext context_;
  Handoff handoff_;           ///< guards the members below
  std::deque<Trial> trials_;  ///< every completed trial, in order (a deque: stable addresses)
  std::deque<double> training_seconds_;  ///< the study's training time at each completion
  std::size_t evaluated_ = 0;            ///< trials_ prefix already evaluated
  std::size_t skipped_ = 0;              ///< prefixes skipped to bound the backlog
  StoppingRecord record_;
  std::atomic<bool> fired_{false};
};

}  // namespace fermata
