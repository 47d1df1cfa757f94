#include <algorithm>
#include <cmath>
#include <exception>

#include <fermata/job/job.hpp>
#include <fermata/stopping/stopping_monitor.hpp>

#include "report/report_parts.hpp"

namespace fermata::report_detail {
namespace {

constexpr const char* kDecisionSuffix = ".decision";
/// The history columns every report has (DESIGN.md §7), NaN-filled when a criterion does not
/// record them, so that readers need not test for their presence.
constexpr const char* kContractColumns[] = {"n_trials", "regret_bound", "statistical_error", "beta",
                                            "decision"};

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

const std::vector<double>* column(const ReportCriterion& criterion, const std::string& name) {
  const auto it = criterion.history.find(name);
  return it == criterion.history.end() ? nullptr : &it->second;
}

ReportDecisions decisions_of(const ReportCriterion& criterion, const std::string& label,
                             const std::string& column_name, bool acting) {
  ReportDecisions out;
  out.label = label;
  out.acting = acting;
  const std::vector<double>* n_trials = column(criterion, "n_trials");
  const std::vector<double>* decisions = column(criterion, column_name);
  for (std::size_t row = 0; row < criterion.rows; ++row) {
    const double n = n_trials != nullptr ? (*n_trials)[row] : kNaN;
    const double d = decisions != nullptr ? (*decisions)[row] : kNaN;
    out.n_trials.push_back(n);
    out.decisions.push_back(d);
    if (d == 1.0 && std::isnan(out.first_stop_n_trials)) out.first_stop_n_trials = n;
  }
  return out;
}

}  // namespace

JobCriteria job_criteria(const Study& study) {
  // Only a criterion that fires writes its label into the record, so the labels of a run
  // that has not stopped come from its job; a job this version cannot read leaves them out.
  try {
    const Job job = parse_job(study.job_yaml, "the checkpoint's job");
    const StoppingMonitor monitor(job.stopping, job.cv.folds);
    return {monitor.acting_label(), monitor.monitor_labels()};
  } catch (const std::exception&) {
    return {};
  }
}

bool criterion_stopped(const StoppingRecord& record) {
  return record.stopped && record.criterion.rfind("budget.", 0) != 0;
}

ReportCriterion build_criterion(const Study& study, const JobCriteria& labels) {
  const StoppingRecord& record = study.stopping;
  ReportCriterion out;
  out.recorded = record.criterion;
  out.stopped = record.stopped;
  out.reason = record.reason;
  if (criterion_stopped(record)) {
    out.acting = record.criterion;
  } else if (!labels.acting.empty()) {
    out.acting = labels.acting;
  } else {
    out.acting = "unknown";
  }
  for (const auto& [name, values] : record.history) out.rows = std::max(out.rows, values.size());
  out.history = record.history;
  for (const char* name : kContractColumns) out.history.try_emplace(name);
  for (auto& [name, values] : out.history) values.resize(out.rows, kNaN);
  if (criterion_stopped(record)) {
    const std::vector<double>& n_trials = out.history.at("n_trials");
    const std::vector<double>& decision = out.history.at("decision");
    for (std::size_t row = 0; row < out.rows; ++row) {
      if (decision[row] == 1.0) {
        out.stop_n_trials = n_trials[row];
        break;
      }
    }
  }
  return out;
}

std::vector<ReportDecisions> build_decisions(const ReportCriterion& criterion,
                                             const JobCriteria& labels) {
  std::vector<ReportDecisions> out;
  out.push_back(decisions_of(criterion, criterion.acting, "decision", true));
  std::vector<std::string> monitors = labels.monitors;
  for (const auto& [name, values] : criterion.history) {
    if (!ends_with(name, kDecisionSuffix)) continue;
    const std::string label = name.substr(0, name.size() - std::string(kDecisionSuffix).size());
    if (std::find(monitors.begin(), monitors.end(), label) == monitors.end()) {
      monitors.push_back(label);
    }
  }
  for (const std::string& label : monitors) {
    out.push_back(decisions_of(criterion, label, label + kDecisionSuffix, false));
  }
  return out;
}

}  // namespace fermata::report_detail
