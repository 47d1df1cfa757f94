#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include <fermata/stopping/criterion.hpp>
#include <fermata/stopping/stopping_monitor.hpp>
#include <fermata/study/study.hpp>

namespace fermata {

/// @brief Evaluates the stopping criteria (each one a GP fit and a global LCB search) on a
/// thread of its own, so that neither the MPI loop nor the suggestions wait for them.
///
/// Completed trials are queued as they complete and evaluated in order, one prefix per
/// completed trial, so the record has a row for every n (DESIGN.md §5.2), as in a run on one
/// thread. When trials complete faster than the criteria can be evaluated, the decision lags
/// behind; once more than kMaxBacklog trials wait, the thread evaluates the longest prefix and
/// skips the ones in between (logged), so the lag stays bounded; `fermata criterion
/// --history` can recompute any prefix from the checkpoint.
class BackgroundStopping {
 public:
  /// `completed`: the trials completed so far, in completion order (a resumed study);
  /// `record`: their stopping record.
  BackgroundStopping(const StoppingSettings& settings, StoppingContext context,
                     const std::vector<const Trial*>& completed, StoppingRecord record);
  /// Stops the thread after the evaluation in progress.
  ~BackgroundStopping();

  BackgroundStopping(const BackgroundStopping&) = delete;
  BackgroundStopping& operator=(const BackgroundStopping&) = delete;

  /// Trials waiting beyond which prefixes are skipped.
  static constexpr std::size_t kMaxBacklog = 64;
  /// The thread's nice value, relative to the coordinator's other threads (0).
  static constexpr int kNice = 10;

  /// A trial completed; `training_seconds`: the study's training time so far.
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
  void loop();

  StoppingMonitor monitor_;
  StoppingContext context_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<Trial> trials_;  ///< every completed trial, in order (a deque: stable addresses)
  std::deque<double> training_seconds_;  ///< the study's training time at each completion
  std::size_t evaluated_ = 0;            ///< trials_ prefix already evaluated
  std::size_t skipped_ = 0;              ///< prefixes skipped to bound the backlog
  bool busy_ = false;
  StoppingRecord record_;
  std::exception_ptr error_;
  std::atomic<bool> fired_{false};
  bool stop_ = false;
  std::thread thread_;  ///< started once the resumed trials are copied
};

}  // namespace fermata
