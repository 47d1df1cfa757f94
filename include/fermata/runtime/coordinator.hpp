#pragma once

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <fermata/comm/channel.hpp>
#include <fermata/job/job.hpp>
#include <fermata/optimizer/optimizer.hpp>
#include <fermata/stopping/criterion.hpp>
#include <fermata/stopping/stopping_monitor.hpp>
#include <fermata/study/study.hpp>

namespace fermata {

/// @brief How a run ended.
enum class RunOutcome {
  kFinished,     ///< budget exhausted or stopping criterion fired (exit 0)
  kInterrupted,  ///< a signal arrived; checkpointed, resumable (exit 75)
  kFailed,       ///< too many failed trials (exit 1)
};

/// @brief Where the coordinator writes checkpoints and how it reports progress.
struct CoordinatorOptions {
  std::string checkpoint_path;
  bool quiet = false;
  /// n_val / n_train of the folds for the statistical error (NaN: equal folds assumed).
  double validation_ratio = kNaN;
  /// Whether to evaluate each new incumbent on the held-out test set (false when the job
  /// holds out no test rows).
  bool test_incumbents = true;
};

/// @brief The coordinator's event loop: hands (trial, fold) tasks to free workers, records
/// results in the study, asks the optimizer for new trials when no fold is left to hand
/// out, and checkpoints after completed trials.
class Coordinator {
 public:
  /// `study` may hold trials from a checkpoint: their missing folds are dispatched first.
  Coordinator(const Job& job, Study& study, Optimizer& optimizer, CoordinatorChannel& channel,
              CoordinatorOptions options);

  /// Runs until the budget is spent, a signal arrives, or the run is clearly broken; then
  /// tells every worker to stop and writes a final checkpoint.
  RunOutcome run();

  /// The completed trials in the order they completed (what the criteria see).
  std::vector<const Trial*> completed_in_order() const;

  /// Why the run ended, in words.
  const std::string& end_reason() const { return end_reason_; }

 private:
  struct Task {
    std::int64_t trial;
    int fold;
  };

  void enqueue_missing_folds();
  bool can_start_trial() const;
  void start_trial();
  /// Synchronous mode: asks for the next batch, from the optimizer restored exactly as a
  /// resumed run restores it.
  void start_batch();
  /// Synchronous mode: once every trial of the batch has all its folds (or has failed),
  /// completes them in trial order.
  void complete_batch_if_done();
  bool dispatch(int worker);
  void record(const ResultMessage& result);
  /// Queues the test-set evaluation of the incumbent when it has none yet.
  void enqueue_incumbent_test();
  void record_test(const ResultMessage& result);
  /// Sets every completed trial's test_error to that of the incumbent at its completion.
  void fill_test_errors();
  void complete_trial(Trial& trial);
  void evaluate_stopping();
  void log_progress(const Trial& trial) const;
  void fail_trial(Trial& trial, const std::string& message);
  void checkpoint(bool force);
  void release_workers();
  /// Records why a run that ran out of work ended (criterion or budget).
  void finish_reason();
  std::vector<Config> pending_configs() const;
  double elapsed() const;

  const Job& job_;
  Study& study_;
  Optimizer& optimizer_;
  CoordinatorChannel& channel_;
  CoordinatorOptions options_;

  std::deque<Task> queue_;    ///< folds waiting for a worker
  std::deque<int> idle_;      ///< workers waiting for a task
  std::map<int, Task> busy_;  ///< worker → the fold it is evaluating
  double start_time_ = 0.0;   ///< steady seconds at run()
  double last_checkpoint_ = 0.0;
  bool dirty_ = false;  ///< study changed since the last checkpoint
  std::string end_reason_;
  StoppingContext stopping_context_;
  StoppingMonitor stopping_;
  std::vector<std::int64_t> completion_order_;  ///< ids of complete trials, as they completed
  std::map<std::int64_t, double> test_error_;   ///< incumbent id → its test error (NaN: failed)
  std::int64_t test_queued_ = -1;               ///< incumbent whose test evaluation is queued
  bool criterion_fired_ = false;
  std::vector<std::int64_t> batch_;  ///< synchronous mode: the trials of the current batch
};

}  // namespace fermata
