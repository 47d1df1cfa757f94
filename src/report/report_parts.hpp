#pragma once

#include <string>
#include <vector>

#include <fermata/report/report_model.hpp>
#include <fermata/study/study.hpp>

// The pieces build_report assembles, one file each: the stopping record and the criteria's
// decisions (report_criteria.cpp), and the workers' timeline (report_workers.cpp).
namespace fermata::report_detail {

/// @brief The labels of the job's acting criterion and its monitors, as StoppingMonitor names
/// them; empty labels when the study's job text cannot be parsed.
struct JobCriteria {
  std::string acting;
  std::vector<std::string> monitors;
};

/// @brief Reads the criteria's labels from the study's resolved job; never throws.
JobCriteria job_criteria(const Study& study);

/// @brief True when the record says a stopping criterion fired (not a budget).
bool criterion_stopped(const StoppingRecord& record);

/// @brief The stopping record with every column padded to the same number of rows and the
/// contract columns (n_trials, regret_bound, statistical_error, beta, decision) present.
ReportCriterion build_criterion(const Study& study, const JobCriteria& labels);

/// @brief The acting criterion's decisions, then each monitor's: those the job names, in its
/// order, then any other "<label>.decision" column of the history.
std::vector<ReportDecisions> build_decisions(const ReportCriterion& criterion,
                                             const JobCriteria& labels);

/// @brief Every fold with a known dispatch time on its worker's lane: finished folds until
/// their result, running ones until the study's updated_utc.
ReportWorkers build_workers(const Study& study);

}  // namespace fermata::report_detail
