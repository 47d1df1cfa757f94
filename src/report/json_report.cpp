#include <fermata/report/json_report.hpp>

#include <cmath>

#include <nlohmann/json.hpp>

namespace fermata {
namespace {

// Insertion order, so the document reads top-down like the text report.
using Json = nlohmann::ordered_json;

/// JSON has no NaN or Infinity: a value that is not known is null.
Json number(double value) {
  return std::isfinite(value) ? Json(value) : Json(nullptr);
}

/// A count stored as a double (history columns): an integer, or null.
Json count(double value) {
  if (!std::isfinite(value)) return nullptr;
  if (value == std::floor(value) && std::fabs(value) < 9e15) {
    return static_cast<std::int64_t>(value);
  }
  return value;
}

Json numbers(const std::vector<double>& values) {
  Json out = Json::array();
  for (double v : values) out.push_back(number(v));
  return out;
}

Json counts(const std::vector<double>& values) {
  Json out = Json::array();
  for (double v : values) out.push_back(count(v));
  return out;
}

Json value_json(const ReportValue& value) {
  struct Visitor {
    Json operator()(std::monostate) const { return nullptr; }
    Json operator()(std::int64_t v) const { return v; }
    Json operator()(double v) const { return number(v); }
    Json operator()(const std::string& v) const { return v; }
  };
  return std::visit(Visitor{}, value);
}

Json params_json(const ReportModel& model, const ReportTrial& trial) {
  Json out = Json::object();
  for (std::size_t i = 0; i < model.study.space.size(); ++i) {
    out[model.study.space[i].name] =
        i < trial.params.size() ? value_json(trial.params[i]) : Json(nullptr);
  }
  return out;
}

Json study_json(const ReportStudy& study) {
  Json space = Json::array();
  for (const ReportParameter& p : study.space) {
    space.push_back({{"name", p.name},
                     {"kind", p.kind},
                     {"low", number(p.low)},
                     {"high", number(p.high)},
                     {"log", p.log},
                     {"choices", p.choices}});
  }
  return {{"name", study.name},
          {"classes", study.classes},
          {"seed", study.seed},
          {"folds", study.folds},
          {"created_utc", number(study.created_utc)},
          {"updated_utc", number(study.updated_utc)},
          {"job", study.job_yaml},
          {"space", std::move(space)}};
}

Json status_json(const ReportStatus& s) {
  return {{"state", s.state},
          {"reason", s.reason},
          {"trials",
           {{"total", s.total},
            {"complete", s.complete},
            {"failed", s.failed},
            {"pending", s.pending},
            {"running", s.running},
            {"pruned", s.pruned}}}};
}

Json trial_json(const ReportModel& model, const ReportTrial& t) {
  Json workers = Json::array();
  for (int w : t.fold_workers) workers.push_back(w >= 0 ? Json(w) : Json(nullptr));
  return {{"id", t.id},
          {"state", t.state},
          {"params", params_json(model, t)},
          {"fold_errors", numbers(t.fold_errors)},
          {"value", number(t.value)},
          {"test_error", number(t.test_error)},
          {"started_utc", number(t.started_utc)},
          {"finished_utc", number(t.finished_utc)},
          {"folds_done", t.folds_done},
          {"fold_attempts", t.fold_attempts},
          {"fold_workers", std::move(workers)},
          {"message", t.message}};
}

Json best_json(const ReportModel& model) {
  if (!model.best) return nullptr;
  const ReportTrial& t = model.trials[*model.best];
  return {{"trial", t.id},
          {"value", number(t.value)},
          {"statistical_error", number(model.best_statistical_error)},
          {"test_error", number(t.test_error)},
          {"params", params_json(model, t)},
          {"fold_errors", numbers(t.fold_errors)}};
}

Json criterion_json(const ReportCriterion& c) {
  Json history = Json::object();
  for (const auto& [name, values] : c.history) history[name] = numbers(values);
  return {{"acting", c.acting},
          {"recorded", c.recorded},
          {"stopped", c.stopped},
          {"reason", c.reason},
          {"stop_n_trials", count(c.stop_n_trials)},
          {"rows", c.rows},
          {"history", std::move(history)}};
}

Json criteria_json(const std::vector<ReportDecisions>& all) {
  Json out = Json::array();
  for (const ReportDecisions& d : all) {
    out.push_back({{"label", d.label},
                   {"acting", d.acting},
                   {"n_trials", counts(d.n_trials)},
                   {"decisions", counts(d.decisions)},
                   {"first_stop_n_trials", count(d.first_stop_n_trials)}});
  }
  return out;
}

Json workers_json(const ReportWorkers& w) {
  Json lanes = Json::array();
  for (const ReportWorker& lane : w.lanes) {
    Json segments = Json::array();
    for (const ReportSegment& s : lane.segments) {
      segments.push_back({{"trial", s.trial},
                          {"fold", s.fold},
                          {"start_utc", number(s.start_utc)},
                          {"end_utc", number(s.end_utc)},
                          {"state", s.running ? "running" : "ok"}});
    }
    lanes.push_back({{"rank", lane.rank >= 0 ? Json(lane.rank) : Json(nullptr)},
                     {"busy_seconds", number(lane.busy_seconds)},
                     {"busy_fraction", number(lane.busy_fraction)},
                     {"segments", std::move(segments)}});
  }
  return {{"start_utc", number(w.start_utc)},
          {"end_utc", number(w.end_utc)},
          {"span_seconds", number(w.span_seconds)},
          {"utilization", number(w.utilization)},
          {"lanes", std::move(lanes)}};
}

}  // namespace

std::string json_report(const ReportModel& model) {
  Json out;
  out["schema"] = kReportSchema;
  out["generated_utc"] = number(model.generated_utc);
  out["study"] = study_json(model.study);
  out["status"] = status_json(model.status);
  out["best"] = best_json(model);
  Json trials = Json::array();
  for (const ReportTrial& t : model.trials) trials.push_back(trial_json(model, t));
  out["trials"] = std::move(trials);
  Json progress = Json::array();
  for (const ReportProgress& p : model.progress) {
    progress.push_back({{"trial", p.trial},
                        {"value", number(p.value)},
                        {"best_trial", p.best_trial},
                        {"best_value", number(p.best_value)},
                        {"incumbent_test_error", number(p.incumbent_test_error)}});
  }
  out["progress"] = std::move(progress);
  out["criterion"] = criterion_json(model.criterion);
  out["criteria"] = criteria_json(model.decisions);
  out["workers"] = workers_json(model.workers);
  Json best_trials = Json::array();
  for (std::size_t rank = 0; rank < model.best_trials.size(); ++rank) {
    const ReportTrial& t = model.trials[model.best_trials[rank]];
    best_trials.push_back({{"rank", rank + 1},
                           {"trial", t.id},
                           {"value", number(t.value)},
                           {"test_error", number(t.test_error)},
                           {"params", params_json(model, t)},
                           {"fold_errors", numbers(t.fold_errors)}});
  }
  out["best_trials"] = std::move(best_trials);
  Json pending = Json::array();
  for (std::size_t i : model.pending_trials) {
    const ReportTrial& t = model.trials[i];
    pending.push_back({{"trial", t.id},
                       {"state", t.state},
                       {"folds_done", t.folds_done},
                       {"folds", t.fold_errors.size()},
                       {"params", params_json(model, t)}});
  }
  out["pending_trials"] = std::move(pending);
  out["time"] = {{"training_seconds", number(model.training_seconds)},
                 {"wall_seconds", number(model.wall_seconds)}};
  return out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace fermata
