#include <fermata/runtime/coordinator.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/core/error.hpp>
#include <fermata/runtime/resume.hpp>
#include <fermata/runtime/signals.hpp>

namespace fermata {
namespace {

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double unix_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

constexpr std::chrono::milliseconds kPollInterval(100);

}  // namespace

Coordinator::Coordinator(const Job& job, Study& study, Optimizer& optimizer,
                         CoordinatorChannel& channel, CoordinatorOptions options)
    : job_(job),
      study_(study),
      optimizer_(optimizer),
      channel_(channel),
      options_(std::move(options)),
      stopping_context_{job.space, job.cv.folds, options_.validation_ratio, job.seed},
      stopping_(job.stopping, job.cv.folds) {
  // A resumed study continues its completion order, its incumbents' test errors (each
  // incumbent's own row holds its test error) and its decision.
  const Trial* incumbent = nullptr;
  for (const Trial* t : study_.completed_in_order()) {
    completion_order_.push_back(t->id);
    if (incumbent == nullptr || t->value < incumbent->value) {
      incumbent = t;
      if (std::isfinite(t->test_error)) test_error_.emplace(t->id, t->test_error);
    }
  }
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
  return steady_seconds() - start_time_;
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
  if (!options_.test_incumbents || completion_order_.empty()) return;
  const Trial* incumbent = nullptr;
  for (const Trial* t : completed_in_order()) {
    if (incumbent == nullptr || t->value < incumbent->value) incumbent = t;
  }
  if (test_error_.contains(incumbent->id) || test_queued_ == incumbent->id) return;
  // Ahead of the validation folds: the test error of the current best is what a user
  // watching the run, or interrupting it, wants to know first.
  queue_.push_front({incumbent->id, kTestFold});
  test_queued_ = incumbent->id;
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

std::vector<Config> Coordinator::pending_configs() const {
  std::vector<Config> pending;
  for (const Trial& t : study_.trials) {
    if (t.state == TrialState::kPending || t.state == TrialState::kRunning) {
      pending.push_back(t.params);
    }
  }
  return pending;
}

void Coordinator::start_trial() {
  if (job_.runtime.synchronous) {
    start_batch();
    return;
  }
  Config config = optimizer_.ask(pending_configs());
  Trial& trial = study_.add_trial(std::move(config));
  study_.optimizer = optimizer_.state();
  for (int fold = 0; fold < trial.folds(); ++fold) queue_.push_back({trial.id, fold});
  dirty_ = true;
}

void Coordinator::start_batch() {
  // The optimizer is rebuilt from the study, as a resumed run rebuilds it, so an
  // interrupted and resumed run asks exactly what an uninterrupted one asks.
  restore_optimizer(optimizer_, study_);
  const int folds = std::max(1, job_.cv.folds);
  const int size = job_.runtime.batch_size > 0
                       ? job_.runtime.batch_size
                       : std::max(1, (channel_.worker_count() + folds - 1) / folds);
  const int room = job_.budget.max_trials - static_cast<int>(study_.trials.size());
  std::vector<Config> pending;
  for (int i = 0; i < std::min(size, room); ++i) {
    Config config = optimizer_.ask(pending);
    pending.push_back(config);
    Trial& trial = study_.add_trial(std::move(config));
    batch_.push_back(trial.id);
    for (int fold = 0; fold < trial.folds(); ++fold) queue_.push_back({trial.id, fold});
  }
  study_.optimizer = optimizer_.state();
  dirty_ = true;
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

bool Coordinator::dispatch(int worker) {
  if (queue_.empty() && can_start_trial()) start_trial();
  if (queue_.empty()) return false;
  const Task task = queue_.front();
  queue_.pop_front();
  Trial* trial = study_.find(task.trial);
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
  channel_.send_task(worker, TaskMessage{task.trial, task.fold, trial->params, attempt});
  busy_[worker] = task;
  return true;
}

void Coordinator::record(const ResultMessage& result) {
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
  optimizer_.tell({trial.params, trial.value});
  study_.optimizer = optimizer_.state();
  fill_test_errors();
  enqueue_incumbent_test();
  evaluate_stopping();
  log_progress(trial);
  checkpoint(false);
}

void Coordinator::evaluate_stopping() {
  // Once a criterion has fired, the folds still running finish and are recorded, but the
  // decision is not revisited.
  if (criterion_fired_) return;
  const bool stop = stopping_.evaluate(completed_in_order(), stopping_context_,
                                       study_.training_seconds(), study_.stopping);
  if (stop) {
    criterion_fired_ = true;
    spdlog::info("stopping: {}; no new trials start, {} running fold(s) finish",
                 study_.stopping.reason, busy_.size());
  }
}

void Coordinator::log_progress(const Trial& trial) const {
  if (options_.quiet) return;
  const Trial& inc = study_.trials[*study_.incumbent()];
  std::string bound;
  const auto& history = study_.stopping.history;
  const auto r = history.find("regret_bound");
  const auto e = history.find("statistical_error");
  if (r != history.end() && !r->second.empty() && std::isfinite(r->second.back())) {
    bound = fmt::format("  r̄ {:.3g}", r->second.back());
    if (e != history.end() && !e->second.empty() && std::isfinite(e->second.back())) {
      bound += fmt::format(" vs ε {:.3g}", e->second.back());
    }
  }
  spdlog::info(
      "trial {:>4} value {:.6g}  best {:.6g} (trial {}){}  [{} complete, {} failed, {} running]",
      trial.id, trial.value, inc.value, inc.id, bound, study_.count(TrialState::kComplete),
      study_.count(TrialState::kFailed), busy_.size());
}

void Coordinator::fail_trial(Trial& trial, const std::string& message) {
  trial.state = TrialState::kFailed;
  trial.finished = unix_seconds();
  trial.message = message;
  std::erase_if(queue_, [&](const Task& t) { return t.trial == trial.id; });
  spdlog::error("trial {} failed after {} retries: {}", trial.id, job_.runtime.max_retries,
                message);
  checkpoint(false);
}

void Coordinator::checkpoint(bool force) {
  if (!dirty_ && !force) return;
  const double now = steady_seconds();
  if (!force && job_.checkpoint.every_seconds > 0 &&
      now - last_checkpoint_ < job_.checkpoint.every_seconds) {
    return;
  }
  study_.updated_utc = unix_seconds();
  write_checkpoint(study_, options_.checkpoint_path);
  last_checkpoint_ = now;
  dirty_ = false;
}

void Coordinator::release_workers() {
  // A worker still busy is waited for, so that its fold is recorded and it can be stopped.
  while (!busy_.empty()) {
    auto in = channel_.poll(kPollInterval);
    if (!in) continue;
    if (in->kind == Incoming::Kind::kResult) {
      busy_.erase(in->worker);
      record(in->result);
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

RunOutcome Coordinator::run() {
  start_time_ = steady_seconds();
  last_checkpoint_ = start_time_;
  if (study_.created_utc == 0.0) study_.created_utc = unix_seconds();
  enqueue_missing_folds();
  int ready = 0;
  RunOutcome outcome = RunOutcome::kFinished;
  for (;;) {
    if (const int signal = stop_signal_received(); signal != 0) {
      end_reason_ = "interrupted by signal " + std::to_string(signal);
      outcome = RunOutcome::kInterrupted;
      break;
    }
    if (static_cast<int>(study_.count(TrialState::kFailed)) > job_.runtime.max_failed_trials) {
      end_reason_ = "more than " + std::to_string(job_.runtime.max_failed_trials) +
                    " trials failed (runtime.max_failed_trials)";
      outcome = RunOutcome::kFailed;
      break;
    }
    while (!idle_.empty() && dispatch(idle_.front())) idle_.pop_front();
    if (busy_.empty() && queue_.empty() && ready == channel_.worker_count() && !can_start_trial()) {
      finish_reason();
      break;
    }
    auto in = channel_.poll(kPollInterval);
    if (!in) continue;
    if (in->kind == Incoming::Kind::kReady) {
      ++ready;
    } else {
      busy_.erase(in->worker);
      record(in->result);
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
    checkpoint(true);
    return outcome;
  }
  release_workers();
  checkpoint(true);
  return outcome;
}

}  // namespace fermata
