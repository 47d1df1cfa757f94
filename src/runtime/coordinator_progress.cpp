// The coordinator's progress output: the state the status line and the per-trial lines show,
// and the summary of how the run ended.
#include <fermata/runtime/coordinator.hpp>

#include <set>
#include <tuple>
#include <utility>

#include "runtime/clock.hpp"

namespace fermata {

std::pair<double, double> Coordinator::latest_bound() const {
  if (stopping_) return stopping_->latest_bound();
  std::pair<double, double> latest{kNaN, kNaN};
  for (auto [column, value] :
       {std::pair{"regret_bound", &latest.first}, std::pair{"statistical_error", &latest.second}}) {
    const auto it = study_.stopping.history.find(column);
    if (it != study_.stopping.history.end() && !it->second.empty()) *value = it->second.back();
  }
  return latest;
}

ProgressState Coordinator::progress_state() const {
  ProgressState state;
  state.elapsed_seconds = elapsed();
  state.complete = completion_order_.size();
  state.failed = failed_;
  std::set<std::int64_t> running;
  for (const auto& [worker, task] : busy_) {
    if (task.fold != kTestFold) running.insert(task.trial);
  }
  state.running = running.size();
  if (incumbent_ >= 0) {
    state.best_trial = incumbent_;
    state.best_value = study_.find(incumbent_)->value;
  }
  std::tie(state.regret_bound, state.statistical_error) = latest_bound();
  state.workers_busy = static_cast<int>(busy_.size());
  state.workers_total = channel_.worker_count();
  if (criterion_fired_) state.stop_reason = study_.stopping.reason;
  return state;
}

void Coordinator::show_progress() {
  const double now = steady_seconds();
  if (progress_.redraw_due(now)) progress_.draw(progress_state(), now);
}

void Coordinator::finish_progress(RunOutcome outcome) {
  RunSummary summary;
  switch (outcome) {
    case RunOutcome::kFinished:
      summary.end = criterion_fired_ ? RunEnd::kCriterion : RunEnd::kBudget;
      break;
    case RunOutcome::kInterrupted:
      summary.end = RunEnd::kInterrupted;
      break;
    case RunOutcome::kFailed:
      summary.end = RunEnd::kFailed;
      break;
  }
  summary.reason = end_reason_;
  summary.state = progress_state();
  summary.unfinished = study_.trials.size() - study_.count(TrialState::kComplete) -
                       study_.count(TrialState::kFailed) - study_.count(TrialState::kPruned);
  summary.checkpoint_path = options_.checkpoint_path;
  progress_.finish(summary);
}

}  // namespace fermata
