#include <fermata/report/report_model.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fermata/stopping/statistical_error.hpp>

#include "report/report_parts.hpp"

namespace fermata {
namespace {

/// A time the study leaves at 0 has not been set.
double known_time(double utc) {
  return std::isfinite(utc) && utc > 0.0 ? utc : kNaN;
}

ReportValue report_value(const Parameter& p, double value) {
  if (!std::isfinite(value)) return std::monostate{};
  switch (p.kind) {
    case ParamKind::kInt:
      return static_cast<std::int64_t>(std::llround(value));
    case ParamKind::kFloat:
      return value;
    case ParamKind::kCategorical: {
      const double index = std::round(value);
      if (index < 0 || index >= static_cast<double>(p.choices.size())) return std::monostate{};
      return p.choices[static_cast<std::size_t>(index)];
    }
  }
  return std::monostate{};
}

ReportStudy study_info(const Study& study) {
  ReportStudy out{study.name,
                  study.classes,
                  study.seed,
                  study.folds,
                  known_time(study.created_utc),
                  known_time(study.updated_utc),
                  study.job_yaml,
                  {}};
  for (const Parameter& p : study.space.parameters()) {
    out.space.push_back({p.name, to_string(p.kind), p.low, p.high, p.log, p.choices});
  }
  return out;
}

ReportStatus status_of(const Study& study) {
  ReportStatus s;
  s.total = study.trials.size();
  s.complete = study.count(TrialState::kComplete);
  s.failed = study.count(TrialState::kFailed);
  s.pending = study.count(TrialState::kPending);
  s.running = study.count(TrialState::kRunning);
  s.pruned = study.count(TrialState::kPruned);
  s.reason = study.stopping.reason;
  // A criterion's decision stands even if folds were still in flight when it fired. A run
  // that ends normally records why (a budget, if no criterion fired); without that record it
  // is still going, or was interrupted, or gave up on failures: all resumable.
  if (report_detail::criterion_stopped(study.stopping)) {
    s.state = "stopped";
  } else if (study.stopping.stopped && s.pending + s.running == 0) {
    s.state = "finished";
  } else {
    s.state = "incomplete";
  }
  return s;
}

ReportTrial report_trial(const Study& study, const Trial& t) {
  ReportTrial out;
  out.id = t.id;
  out.state = to_string(t.state);
  for (std::size_t i = 0; i < study.space.size(); ++i) {
    out.params.push_back(i < t.params.size() ? report_value(study.space[i], t.params[i])
                                             : ReportValue{});
  }
  out.fold_errors = t.fold_error;
  out.value = t.is_complete() ? t.value : kNaN;
  out.started_utc = t.started;
  out.finished_utc = t.finished;
  out.folds_done = t.folds_done();
  out.fold_attempts = t.fold_attempts;
  out.fold_workers = t.fold_worker;
  out.message = t.message;
  return out;
}

/// Walks the completed trials in completion order as the coordinator did: a trial becomes the
/// incumbent only when strictly better, and the row of a trial that did holds its own test
/// error.
void add_progress(const Study& study, ReportModel& model) {
  std::map<std::int64_t, std::size_t> index;
  for (std::size_t i = 0; i < study.trials.size(); ++i) index.emplace(study.trials[i].id, i);
  const Trial* incumbent = nullptr;
  for (const Trial* t : study.completed_in_order()) {
    const bool improves = incumbent == nullptr || t->value < incumbent->value;
    if (improves) {
      incumbent = t;
      model.trials[index.at(t->id)].test_error = t->test_error;
    }
    model.progress.push_back({t->id, t->value, incumbent->id, incumbent->value, t->test_error});
  }
}

/// The incumbent's ε as the criterion defines it, for equal folds and error_scale 1 (the
/// report does not know the folds' row counts); NaN for a single fold.
double statistical_error_of(const Trial& t) {
  if (t.fold_error.size() < 2) return kNaN;
  return statistical_error(t.fold_error, kNaN, 1.0);
}

}  // namespace

ReportModel build_report(const Study& study, double now_utc) {
  ReportModel model;
  model.generated_utc = now_utc;
  model.study = study_info(study);
  model.status = status_of(study);
  for (const Trial& t : study.trials) model.trials.push_back(report_trial(study, t));
  add_progress(study, model);

  model.best = study.incumbent();
  if (model.best) model.best_statistical_error = statistical_error_of(study.trials[*model.best]);
  std::vector<std::size_t> complete;
  for (std::size_t i = 0; i < study.trials.size(); ++i) {
    const TrialState state = study.trials[i].state;
    if (state == TrialState::kComplete) complete.push_back(i);
    if (state == TrialState::kPending || state == TrialState::kRunning) {
      model.pending_trials.push_back(i);
    }
  }
  std::stable_sort(complete.begin(), complete.end(), [&](std::size_t a, std::size_t b) {
    return study.trials[a].value < study.trials[b].value;
  });
  complete.resize(std::min(complete.size(), kReportBestTrials));
  model.best_trials = std::move(complete);

  const report_detail::JobCriteria labels = report_detail::job_criteria(study);
  model.criterion = report_detail::build_criterion(study, labels);
  model.decisions = report_detail::build_decisions(model.criterion, labels);
  model.workers = report_detail::build_workers(study);
  model.training_seconds = study.training_seconds();
  model.wall_seconds = study.wall_seconds();
  return model;
}

}  // namespace fermata
