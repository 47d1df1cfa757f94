#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fermata/comm/channel.hpp>
#include <fermata/job/job.hpp>
#include <fermata/optimizer/optimizer.hpp>
#include <fermata/runtime/background_checkpoint.hpp>
#include <fermata/runtime/dispatch_journal.hpp>
#include <fermata/runtime/planner.hpp>
#include <fermata/runtime/progress.hpp>
#include <fermata/runtime/stopping_watch.hpp>
#include <fermata/stopping/criterion.hpp>
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
  bool quiet = false;  ///< no progress output; a summary that is a warning or error still shows
  /// n_val / n_train of the folds for the statistical error (NaN: equal folds assumed).
  double validation_ratio = kNaN;
  /// Whether to evaluate each new incumbent on the held-out test set (false when the job
  /// holds out no test rows).
  bool test_incumbents = true;
  /// kStatus redraws a status line on `status_line` (the logger must write around it, see
  /// init_logging); without one, or with kLines, one line per completed trial is logged.
  ProgressMode progress = ProgressMode::kLines;
  std::shared_ptr<StatusLine> status_line = nullptr;
  /// Under MPI a SIGTERM may be the launcher ending the job because a worker died (the
  /// documented stops are SIGUSR1/SIGUSR2): the folds then in flight are charged an attempt.
  bool sigterm_may_follow_a_death = false;
};

/// @brief The coordinator's event loop: hands (trial, fold) tasks to free workers, records
/// results in the study, starts new trials when no fold is left to hand out, and
/// checkpoints after every recorded fold.
///
/// Only the loop's thread calls the channel (MPI_THREAD_FUNNELED). Everything slow is
/// handed to a helper: suggestions to a Planner, the stopping criteria to a StoppingWatch,
/// checkpoint writes to a BackgroundCheckpoint. The planner and the watch work in the
/// background (a suggestion is ready before a worker asks) or, in a synchronous run, which
/// must not depend on timing, now, on the loop's thread, in trial order (WorkMode); the
/// loop is the same either way. A synchronous run differs only in its batches: it starts a
/// batch of trials at once and the next one once all of them have completed.
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
  /// Logs, at an interruption, the folds still running: they are not waited for.
  void log_folds_cut_short() const;
  /// Logs, once every worker is up, how many run on each node.
  void log_worker_nodes() const;
  /// Trials that could start now (idle workers with no fold queued, within the budget), for
  /// the planner to have that many suggestions ready: one model state serves them all.
  int trials_wanted() const;
  /// Starts the next trial (synchronous: the next batch); false when the planner has no
  /// suggestion ready yet.
  bool start_trial();
  /// Synchronous mode: the trials of a batch (runtime.batch_size, or enough for every worker).
  int batch_size() const;
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
  void evaluate_stopping(const Trial& trial);
  /// Notices a decision of the criteria.
  void poll_stopping();
  /// The newest regret bound and statistical error of the acting criterion (NaN before any).
  std::pair<double, double> latest_bound() const;
  ProgressState progress_state() const;
  /// Redraws the status line when it is due (after events, and on a timer).
  void show_progress();
  /// Ends the progress output with the summary of how the run ended.
  void finish_progress(RunOutcome outcome);
  void fail_trial(Trial& trial, const std::string& message);
  /// Hands a snapshot to the writer when something changed and the writer is free; `force`
  /// hands one over at once and returns when the file is complete.
  void checkpoint(bool force);
  /// Starts the planner and the stopping watch, in the run's WorkMode.
  void start_helpers();
  /// Copies the optimizer's and the criteria's state from their helpers into the study.
  void sync_helpers();
  /// Ends the helpers (after the criteria have caught up when `drain`); their final state
  /// goes into the study.
  void stop_helpers(bool drain);
  /// When the next checkpoint may be handed to the writer (steady seconds).
  double next_checkpoint_due() const;
  /// How long the loop may wait for a message before it has something else to do.
  std::chrono::milliseconds poll_timeout() const;
  void release_workers();
  /// Records why a run that ran out of work ended (criterion or budget).
  void finish_reason();
  /// The run's wall seconds: earlier sessions' (study.elapsed_seconds at run()) plus this
  /// session's. What budget.max_seconds and the progress display count.
  double elapsed() const;
  /// The trials an earlier asynchronous session created after its last checkpoint, in id
  /// order, as the dispatch journal recorded them.
  void recreate_journaled_trials(const std::map<std::int64_t, Config>& created);
  /// Charges every fold the dispatch journal shows running when an earlier session died
  /// with one attempt per death (failing its trial past max_retries), queues the survivors
  /// first as suspects, checkpoints that, and starts this session's journal.
  void charge_folds_that_died(const std::map<DispatchJournal::Task, int>& unfinished);
  /// Whether dispatch must wait: a suspect fold runs, or one is next and others still run.
  bool waiting_for_suspect() const;

  const Job& job_;
  Study& study_;
  Optimizer& optimizer_;
  CoordinatorChannel& channel_;
  CoordinatorOptions options_;

  std::deque<Task> queue_;        ///< folds waiting for a worker
  std::deque<int> idle_;          ///< workers waiting for a task
  std::map<int, Task> busy_;      ///< worker → the fold it is evaluating
  double start_time_ = 0.0;       ///< steady seconds at run()
  double earlier_seconds_ = 0.0;  ///< the run's wall seconds before this session
  int interrupt_signal_ = 0;      ///< the stop signal that ended the loop, 0 if none
  double last_checkpoint_ = 0.0;
  bool dirty_ = false;  ///< study changed since the last checkpoint
  std::string end_reason_;
  StoppingContext stopping_context_;
  std::vector<std::int64_t> completion_order_;  ///< ids of complete trials, as they completed
  std::map<std::int64_t, double> test_error_;   ///< incumbent id → its test error (NaN: failed)
  std::map<std::string, int> worker_nodes_;     ///< node name → workers there (MPI runs)
  std::int64_t test_queued_ = -1;               ///< incumbent whose test evaluation is queued
  std::int64_t incumbent_ = -1;                 ///< the complete trial with the lowest value
  std::size_t failed_ = 0;                      ///< failed trials
  bool starved_ = false;          ///< a worker is idle because no suggestion is ready yet
  double starved_seconds_ = 0.0;  ///< time with a worker idle for want of a suggestion
  bool criterion_fired_ = false;
  std::vector<std::int64_t> batch_;          ///< synchronous mode: the trials of the current batch
  std::unique_ptr<Planner> planner_;         ///< from run() until it returns
  std::unique_ptr<StoppingWatch> stopping_;  ///< from run() until it returns
  BackgroundCheckpoint writer_;
  DispatchJournal journal_;
  /// Folds that were running when an earlier session died: each runs alone (nothing else is
  /// dispatched beside it), so that if it kills the job again, the blame is its own.
  std::set<DispatchJournal::Task> suspects_;
  ProgressDisplay progress_;
};

}  // namespace fermata
