#include <fermata/runtime/coordinator.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <numeric>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/core/error.hpp>
#include <fermata/core/fault_injection.hpp>
#include <fermata/runtime/resume.hpp>
#include <fermata/runtime/signals.hpp>

#include "runtime/clock.hpp"

namespace fermata {
namespace {

constexpr std::chrono::milliseconds kPollInterval(100);
/// While a worker waits for a suggestion, or a checkpoint waits for the writer, the loop
/// looks again this often.
constexpr std::chrono::milliseconds kBusyPollInterval(1);
/// Checkpoints during a run are at least this far apart, and at least kWriteSpacing times
/// the latest write's duration, so that the writer (an fsync each time) takes at most a
/// fifth of a core and never slows the loop, while a result reaches the disk within a
/// fraction of a second.
constexpr double kMinCheckpointSeconds = 0.05;
constexpr double kWriteSpacing = 4.0;

double median(std::vector<double> v) {
  if (v.empty()) return kNaN;
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

}  // namespace

Coordinator::Coordinator(const Job& job, Study& study, Optimizer& optimizer,
                         CoordinatorChannel& channel, CoordinatorOptions options)
    : job_(job),
      study_(study),
      optimizer_(optimizer),
      channel_(channel),
      options_(std::move(options)),
      stopping_context_{job.space, job.cv.folds, options_.validation_ratio, job.seed},
      writer_(options_.checkpoint_path),
      journal_(options_.checkpoint_path),
      progress_(options_.progress, options_.quiet, options_.status_line) {
  // A resumed study continues its completion order, its incumbents' test errors (each
  // incumbent's own row holds its test error) and its decision.
  for (const Trial* t : study_.completed_in_order()) {
    completion_order_.push_back(t->id);
    if (incumbent_ < 0 || t->value < study_.find(incumbent_)->value) {
      incumbent_ = t->id;
      if (std::isfinite(t->test_error)) test_error_.emplace(t->id, t->test_error);
    }
  }
  failed_ = study_.count(TrialState::kFailed);
  // A criterion's decision stands; a budget's does not, so a resume with a larger budget
  // continues the study.
  StoppingRecord& record = study_.stopping;
  criterion_fired_ = record.stopped && record.criterion.rfind("budget.", 0) != 0;
  if (record.stopped && !criterion_fired_) record.stopped = false;
}

std::vector<const Trial*> Coordinator::completed_in_order() const {
  std::vector<const Trial*> out;
  out.reserve(completion_order_.size());
  for (std::int64_t id : completion_order_) {
    out.push_back(&study_.trials[static_cast<std::size_t>(id)]);
  }
  return out;
}

double Coordinator::elapsed() const {
  return earlier_seconds_ + (steady_seconds() - start_time_);
}

void Coordinator::enqueue_missing_folds() {
  for (Trial& trial : study_.trials) {
    if (trial.state == TrialState::kComplete || trial.state == TrialState::kFailed ||
        trial.state == TrialState::kPruned) {
      continue;
    }
    trial.state = TrialState::kPending;
    for (int fold = 0; fold < trial.folds(); ++fold) {
      if (!trial.fold_done(fold)) queue_.push_back({trial.id, fold});
    }
    if (job_.runtime.synchronous) batch_.push_back(trial.id);
  }
  // Trials whose every fold was recorded before an interruption complete now.
  if (job_.runtime.synchronous) {
    complete_batch_if_done();
  } else {
    for (Trial& trial : study_.trials) {
      if (trial.state == TrialState::kPending && trial.all_folds_done()) complete_trial(trial);
    }
  }
  enqueue_incumbent_test();
}

void Coordinator::enqueue_incumbent_test() {
  if (!options_.test_incumbents || incumbent_ < 0) return;
  if (test_error_.contains(incumbent_) || test_queued_ == incumbent_) return;
  // Ahead of the validation folds: the test error of the current best is what a user
  // watching the run, or interrupting it, wants to know first.
  queue_.push_front({incumbent_, kTestFold});
  test_queued_ = incumbent_;
}

void Coordinator::record_test(const ResultMessage& result) {
  if (result.trial == test_queued_) test_queued_ = -1;
  if (result.ok) {
    test_error_[result.trial] = result.error;
  } else {
    // Not retried and not a failed trial: the validation folds decide the study; a model
    // that cannot be scored on the test rows leaves the test error unknown.
    spdlog::warn("trial {}: test-set evaluation failed: {}", result.trial, result.message);
    test_error_[result.trial] = kNaN;
  }
  fill_test_errors();
  dirty_ = true;
  checkpoint(false);
}

void Coordinator::fill_test_errors() {
  const Trial* incumbent = nullptr;
  for (std::int64_t id : completion_order_) {
    Trial& t = study_.trials[static_cast<std::size_t>(id)];
    if (incumbent == nullptr || t.value < incumbent->value) incumbent = &t;
    const auto it = test_error_.find(incumbent->id);
    t.test_error = it == test_error_.end() ? kNaN : it->second;
  }
}

bool Coordinator::can_start_trial() const {
  if (stop_signal_received() != 0 || criterion_fired_) return false;
  if (job_.runtime.synchronous && !batch_.empty()) return false;
  if (static_cast<int>(study_.trials.size()) >= job_.budget.max_trials) return false;
  if (job_.budget.max_seconds > 0 && elapsed() >= job_.budget.max_seconds) return false;
  return true;
}

void Coordinator::log_worker_nodes() const {
  if (worker_nodes_.empty()) return;
  std::string where;
  for (const auto& [node, count] : worker_nodes_) {
    where += fmt::format("{}{} ({})", where.empty() ? "" : ", ", node, count);
  }
  spdlog::info("{} workers on {} node(s): {}", channel_.worker_count(), worker_nodes_.size(),
               where);
}

int Coordinator::trials_wanted() const {
  if (idle_.empty() || !queue_.empty() || !can_start_trial()) return 0;
  const auto folds = static_cast<std::size_t>(std::max(1, job_.cv.folds));
  const auto idle = static_cast<int>((idle_.size() + folds - 1) / folds);
  return std::min(idle, job_.budget.max_trials - static_cast<int>(study_.trials.size()));
}

bool Coordinator::start_trial() {
  // A synchronous run starts a whole batch at once, and nothing more until it has completed;
  // its suggestions are made now, from the optimizer rebuilt as a resumed run rebuilds it.
  const int room = job_.budget.max_trials - static_cast<int>(study_.trials.size());
  const int count = job_.runtime.synchronous ? std::min(batch_size(), room) : 1;
  if (job_.runtime.synchronous) planner_->want(count, room);
  int started = 0;
  for (; started < count; ++started) {
    const std::int64_t id = study_.trials.empty() ? 0 : study_.trials.back().id + 1;
    std::optional<Config> config = planner_->take(id);
    if (!config) break;
    Trial& trial = study_.add_trial(std::move(*config));
    // A synchronous batch is checkpointed before its folds leave, and one cut short is asked
    // again whole on resume, as the uninterrupted run asked it; other trials are journaled.
    if (job_.runtime.synchronous) {
      batch_.push_back(trial.id);
    } else {
      journal_.created(trial.id, trial.params);
    }
    for (int fold = 0; fold < trial.folds(); ++fold) queue_.push_back({trial.id, fold});
  }
  if (started == 0) return false;
  dirty_ = true;
  // A synchronous batch is on disk before any of its folds leaves: a fold that kills the job
  // is then charged to a trial the resumed run knows (its workers wait for the batch anyway).
  if (job_.runtime.synchronous) checkpoint(true);
  return true;
}

int Coordinator::batch_size() const {
  const int folds = std::max(1, job_.cv.folds);
  return job_.runtime.batch_size > 0 ? job_.runtime.batch_size
                                     : std::max(1, (channel_.worker_count() + folds - 1) / folds);
}

void Coordinator::complete_batch_if_done() {
  if (batch_.empty()) return;
  for (std::int64_t id : batch_) {
    const Trial& t = *study_.find(id);
    if (t.state != TrialState::kFailed && t.state != TrialState::kComplete && !t.all_folds_done())
      return;
  }
  // Completed in trial order, so the study's completion order is the trial order whatever
  // order the folds came back in.
  const std::vector<std::int64_t> batch = std::exchange(batch_, {});
  for (std::int64_t id : batch) {
    Trial& t = *study_.find(id);
    if (t.state != TrialState::kFailed && t.state != TrialState::kComplete) complete_trial(t);
  }
}

void Coordinator::log_folds_cut_short() const {
  std::vector<std::string> folds;
  for (const auto& [worker, task] : busy_) {
    folds.push_back(task.fold == kTestFold
                        ? fmt::format("trial {} test set", task.trial)
                        : fmt::format("trial {} fold {}", task.trial, task.fold));
  }
  if (folds.empty()) {
    spdlog::info("{}: no fold was running", end_reason_);
  } else {
    spdlog::info("{}: {} fold(s) were running and run again on resume: {}", end_reason_,
                 folds.size(), fmt::join(folds, ", "));
  }
}

bool Coordinator::waiting_for_suspect() const {
  if (suspects_.empty()) return false;
  for (const auto& [worker, task] : busy_) {
    if (suspects_.contains({task.trial, task.fold})) return true;
  }
  return !busy_.empty() && !queue_.empty() &&
         suspects_.contains({queue_.front().trial, queue_.front().fold});
}

bool Coordinator::dispatch(int worker) {
  if (waiting_for_suspect()) return false;
  if (queue_.empty() && can_start_trial() && !start_trial()) starved_ = true;
  if (queue_.empty()) return false;
  const Task task = queue_.front();
  queue_.pop_front();
  Trial* trial = study_.find(task.trial);
  // Before the task leaves: if it kills the job, the journal knows it was running.
  journal_.dispatched(task.trial, task.fold);
  if (task.fold == kTestFold) {
    channel_.send_task(worker, TaskMessage{task.trial, task.fold, trial->params});
    busy_[worker] = task;
    return true;
  }
  if (trial->state == TrialState::kPending) {
    trial->state = TrialState::kRunning;
    if (std::isnan(trial->started)) trial->started = unix_seconds();
  }
  const int attempt = trial->fold_attempts[static_cast<std::size_t>(task.fold)];
  trial->fold_started[static_cast<std::size_t>(task.fold)] = unix_seconds();
  // Set now, not with the result, so that a checkpoint shows where the folds in flight run.
  trial->fold_worker[static_cast<std::size_t>(task.fold)] = worker;
  channel_.send_task(worker, TaskMessage{task.trial, task.fold, trial->params, attempt});
  busy_[worker] = task;
  return true;
}

void Coordinator::record(const ResultMessage& result) {
  inject_fault("coordinator");
  journal_.resolved(result.trial, result.fold);
  suspects_.erase({result.trial, result.fold});
  if (result.fold == kTestFold) {
    record_test(result);
    return;
  }
  Trial* trial = study_.find(result.trial);
  if (trial == nullptr || trial->state == TrialState::kFailed) return;
  const auto fold = static_cast<std::size_t>(result.fold);
  dirty_ = true;
  if (result.ok) {
    trial->fold_error[fold] = result.error;
    trial->fold_seconds[fold] = result.seconds;
    trial->fold_worker[fold] = result.worker;
    trial->fold_finished[fold] = unix_seconds();
    if (!trial->all_folds_done()) {
      checkpoint(false);  // a completed fold is never evaluated again, even after a kill
    } else if (job_.runtime.synchronous) {
      complete_batch_if_done();
      checkpoint(false);
    } else {
      complete_trial(*trial);
    }
    return;
  }
  trial->fold_attempts[fold] += 1;
  const std::string message = "fold " + std::to_string(result.fold) + " on worker " +
                              std::to_string(result.worker) + ": " + result.message;
  if (trial->fold_attempts[fold] > job_.runtime.max_retries) {
    fail_trial(*trial, message);
    if (job_.runtime.synchronous) complete_batch_if_done();
  } else {
    spdlog::warn("trial {} {}; retrying ({} of {})", trial->id, message, trial->fold_attempts[fold],
                 job_.runtime.max_retries);
    queue_.push_front({trial->id, result.fold});
  }
}

void Coordinator::complete_trial(Trial& trial) {
  trial.state = TrialState::kComplete;
  trial.finished = unix_seconds();
  trial.value = std::accumulate(trial.fold_error.begin(), trial.fold_error.end(), 0.0) /
                static_cast<double>(trial.folds());
  completion_order_.push_back(trial.id);
  if (incumbent_ < 0 || trial.value < study_.find(incumbent_)->value) {
    incumbent_ = trial.id;
  }
  const auto test = test_error_.find(incumbent_);
  trial.test_error = test == test_error_.end() ? kNaN : test->second;
  planner_->tell(trial.id, {trial.params, trial.value});
  enqueue_incumbent_test();
  evaluate_stopping(trial);
  progress_.trial_completed(trial.id, trial.value, progress_state());
  checkpoint(false);
}

void Coordinator::evaluate_stopping(const Trial& trial) {
  // Once a criterion has fired, the folds still running finish and are recorded, but the
  // decision is not revisited.
  if (criterion_fired_) return;
  stopping_->completed(trial, study_.training_seconds());
  // Decided already when the criteria run now (a synchronous run): then no trial of the
  // next batch starts.
  poll_stopping();
}

void Coordinator::poll_stopping() {
  if (criterion_fired_ || !stopping_->fired()) return;
  criterion_fired_ = true;
  study_.stopping = stopping_->record();
  dirty_ = true;
  spdlog::info("stopping: {}; no new trials start, {} running fold(s) finish",
               study_.stopping.reason, busy_.size());
}

void Coordinator::fail_trial(Trial& trial, const std::string& message) {
  trial.state = TrialState::kFailed;
  trial.finished = unix_seconds();
  trial.message = message;
  ++failed_;
  planner_->forget(trial.id);
  std::erase_if(queue_, [&](const Task& t) { return t.trial == trial.id; });
  spdlog::error("trial {} failed after {} retries: {}", trial.id, job_.runtime.max_retries,
                message);
  checkpoint(false);
}

void Coordinator::checkpoint(bool force) {
  if (!dirty_ && !force) return;
  const double now = steady_seconds();
  if (!force && now < next_checkpoint_due()) return;
  if (!force && !writer_.idle()) {
    return;  // dirty_ stays set: the loop hands over a snapshot once the writer is free
  }
  sync_helpers();
  study_.updated_utc = unix_seconds();
  study_.elapsed_seconds = elapsed();
  writer_.write(study_);
  if (force) writer_.flush();
  last_checkpoint_ = now;
  dirty_ = false;
}

void Coordinator::sync_helpers() {
  if (!planner_) return;  // ended: the study holds their final state (stop_helpers)
  study_.optimizer = planner_->state();
  // Once the criterion fired, the record the loop took then is final (finish_reason may
  // add to it).
  if (!criterion_fired_) study_.stopping = stopping_->record();
}

void Coordinator::stop_helpers(bool drain) {
  if (drain) stopping_->drain();
  poll_stopping();
  sync_helpers();
  const PlannerStats stats = planner_->stats();
  const auto& d = stats.decision_seconds;
  if (!d.empty()) {
    spdlog::info(
        "optimizer: {} suggestions in {} batches, decision latency median {:.1f} ms, max "
        "{:.1f} ms; workers idle for want of a suggestion during {:.2f} s",
        stats.suggestions, stats.batches, 1e3 * median(d),
        1e3 * *std::max_element(d.begin(), d.end()), starved_seconds_);
  }
  planner_.reset();
  stopping_.reset();
}

double Coordinator::next_checkpoint_due() const {
  const double spacing = std::max({job_.checkpoint.every_seconds, kMinCheckpointSeconds,
                                   kWriteSpacing * writer_.last_write_seconds()});
  return last_checkpoint_ + spacing;
}

std::chrono::milliseconds Coordinator::poll_timeout() const {
  if (starved_) return kBusyPollInterval;
  if (!dirty_) return kPollInterval;
  const double wait = next_checkpoint_due() - steady_seconds();
  return std::clamp(std::chrono::milliseconds(static_cast<long>(1e3 * wait)), kBusyPollInterval,
                    kPollInterval);
}

void Coordinator::release_workers() {
  // A worker still busy is waited for, so that its fold is recorded and it can be stopped.
  while (!busy_.empty()) {
    show_progress();
    auto in = channel_.poll(kPollInterval);
    if (!in) continue;
    if (in->kind == Incoming::Kind::kResult) {
      busy_.erase(in->worker);
      record(in->result);
      progress_.changed();
    }
    idle_.push_back(in->worker);
  }
  for (int worker : idle_) channel_.send_stop(worker);
  idle_.clear();
}

void Coordinator::finish_reason() {
  StoppingRecord& record = study_.stopping;
  if (!criterion_fired_) {
    const bool trials = static_cast<int>(study_.trials.size()) >= job_.budget.max_trials;
    record.stopped = true;
    record.criterion = trials ? "budget.max_trials" : "budget.max_seconds";
    record.reason =
        trials ? fmt::format("budget.max_trials ({}) reached", job_.budget.max_trials)
               : fmt::format("budget.max_seconds ({:g} s) reached", job_.budget.max_seconds);
  }
  end_reason_ = record.reason;
  dirty_ = true;
}

void Coordinator::recreate_journaled_trials(const std::map<std::int64_t, Config>& created) {
  for (auto it = created.find(static_cast<std::int64_t>(study_.trials.size()));
       it != created.end() && it->first == static_cast<std::int64_t>(study_.trials.size()) &&
       it->second.size() == study_.space.size();
       it = created.find(static_cast<std::int64_t>(study_.trials.size()))) {
    study_.add_trial(it->second);
    dirty_ = true;
  }
}

void Coordinator::charge_folds_that_died(const std::map<DispatchJournal::Task, int>& unfinished) {
  for (const auto& [task, deaths] : unfinished) {
    const std::int64_t id = task.first;  // not a structured binding: lambdas below capture it
    const int fold = task.second;
    Trial* trial = study_.find(id);
    if (trial == nullptr) continue;
    if (fold == kTestFold) {
      // Test-set evaluations are not retried after an error either: the test error of this
      // incumbent stays unknown.
      spdlog::warn(
          "trial {}: the job died while its test-set evaluation ran; its test error "
          "stays unknown",
          id);
      test_error_[id] = kNaN;
      std::erase_if(queue_, [&](const Task& t) { return t.trial == id && t.fold == kTestFold; });
      if (test_queued_ == id) test_queued_ = -1;
      fill_test_errors();
      continue;
    }
    if (trial->state == TrialState::kComplete || trial->state == TrialState::kFailed ||
        trial->state == TrialState::kPruned || fold < 0 || fold >= trial->folds() ||
        trial->fold_done(fold)) {
      continue;
    }
    auto& attempts = trial->fold_attempts[static_cast<std::size_t>(fold)];
    attempts += deaths;
    dirty_ = true;
    const std::string message = fmt::format(
        "fold {}: the job died while it ran (a crash of its process, e.g. a segfault or the "
        "kernel's OOM killer, or a lost node); attempt {} of {}",
        fold, attempts, job_.runtime.max_retries + 1);
    if (attempts > job_.runtime.max_retries) {
      fail_trial(*trial, message);
      if (job_.runtime.synchronous) complete_batch_if_done();
    } else {
      spdlog::warn("trial {} {}; it runs again, alone, before anything else", id, message);
      suspects_.insert(task);
    }
  }
  // Suspects first, in their queue order; they then run one at a time.
  std::stable_partition(queue_.begin(), queue_.end(), [&](const Task& t) {
    return suspects_.contains({t.trial, t.fold});
  });
  // The charges (and the trials recreated from the journal) reach the disk before the
  // journal that justified them is emptied.
  if (dirty_) checkpoint(true);
  journal_.start(study_.created_utc);
}

void Coordinator::start_helpers() {
  // A synchronous run must not depend on timing: it decides now, on this thread, in trial
  // order; otherwise the optimizer and the criteria work beside the loop.
  const WorkMode mode = job_.runtime.synchronous ? WorkMode::kNow : WorkMode::kBackground;
  std::map<std::int64_t, Config> in_flight;
  for (const Trial& t : study_.trials) {
    if (t.state == TrialState::kPending || t.state == TrialState::kRunning) {
      in_flight.emplace(t.id, t.params);
    }
  }
  // Only a planner that decides now rebuilds the optimizer from what it was told.
  planner_ = std::make_unique<Planner>(
      optimizer_, std::move(in_flight),
      PlannerOptions{.mode = mode,
                     .look_ahead = true,
                     .observed = mode == WorkMode::kNow ? completed_observations(study_)
                                                        : std::vector<Observation>{}});
  stopping_ = std::make_unique<StoppingWatch>(mode, job_.stopping, stopping_context_,
                                              completed_in_order(), study_.stopping);
}

RunOutcome Coordinator::run() {
  start_time_ = steady_seconds();
  earlier_seconds_ = study_.elapsed_seconds;
  last_checkpoint_ = -kMinCheckpointSeconds;  // the first checkpoint is due at once
  if (study_.created_utc == 0.0) study_.created_utc = unix_seconds();
  const DispatchJournal::Contents previous = journal_.read(study_.created_utc);
  recreate_journaled_trials(previous.created);
  start_helpers();
  enqueue_missing_folds();
  charge_folds_that_died(previous.unfinished);
  int ready = 0;
  RunOutcome outcome = RunOutcome::kFinished;
  double last_pass = steady_seconds();
  for (;;) {
    if (const int signal = stop_signal_received(); signal != 0) {
      interrupt_signal_ = signal;
      end_reason_ = "interrupted by signal " + std::to_string(signal);
      outcome = RunOutcome::kInterrupted;
      break;
    }
    if (static_cast<int>(failed_) > job_.runtime.max_failed_trials) {
      end_reason_ = "more than " + std::to_string(job_.runtime.max_failed_trials) +
                    " trials failed (runtime.max_failed_trials)";
      outcome = RunOutcome::kFailed;
      break;
    }
    poll_stopping();
    const double now = steady_seconds();
    if (starved_) starved_seconds_ += now - last_pass;
    last_pass = now;
    starved_ = false;
    while (!idle_.empty() && dispatch(idle_.front())) {
      idle_.pop_front();
      progress_.changed();
    }
    planner_->want(trials_wanted(),
                   job_.budget.max_trials - static_cast<int>(study_.trials.size()));
    if (busy_.empty() && queue_.empty() && ready == channel_.worker_count() && !can_start_trial()) {
      break;
    }
    checkpoint(false);
    show_progress();
    auto in = channel_.poll(poll_timeout());
    if (!in) continue;
    if (in->kind == Incoming::Kind::kReady) {
      ++ready;
      if (!in->node.empty()) worker_nodes_[in->node] += 1;
      if (ready == channel_.worker_count()) log_worker_nodes();
    } else {
      busy_.erase(in->worker);
      record(in->result);
      progress_.changed();
    }
    idle_.push_back(in->worker);
  }
  if (outcome == RunOutcome::kInterrupted) {
    // Results that have already arrived (the loop may have been busy asking the optimizer
    // while they came in) are recorded; folds still running are not waited for: they are
    // marked pending and re-run on resume.
    // A short timeout, not zero: MPI may need a few probes to surface a message it holds.
    while (auto in = channel_.poll(std::chrono::milliseconds(50))) {
      if (in->kind != Incoming::Kind::kResult) continue;
      busy_.erase(in->worker);
      record(in->result);
    }
    for (Trial& t : study_.trials) {
      if (t.state == TrialState::kRunning) t.state = TrialState::kPending;
    }
    log_folds_cut_short();
    // The folds still running are cut short by the interruption, not by their own doing;
    // unless it is a launcher's SIGTERM, which is also how mpirun and srun end the other ranks
    // when one has died: then they stay unresolved, are charged an attempt each on resume, and
    // run alone first, so that the fold that killed its rank is found.
    const bool maybe_a_death = interrupt_signal_ == SIGTERM && options_.sigterm_may_follow_a_death;
    if (!maybe_a_death) {
      for (const auto& [worker, task] : busy_) journal_.resolved(task.trial, task.fold);
    }
    stop_helpers(false);
    checkpoint(true);
    finish_progress(outcome);
    return outcome;
  }
  release_workers();
  stop_helpers(true);
  if (outcome == RunOutcome::kFinished) finish_reason();
  checkpoint(true);
  finish_progress(outcome);
  return outcome;
}

}  // namespace fermata
