#pragma once

#include <string>

#include <fermata/report/report_model.hpp>

// The HTML report's inline SVG charts, one function each; the element ids and classes are
// what the browser test and users' style sheets select (see html_report.hpp).
namespace fermata::html_charts {

/// @brief `<svg id="chart-trials">`: circle.trial-point per completed trial in completion
/// order, path.best-so-far, path.test-error (when a test error is known), .failed-trial
/// markers, .pending-trial ticks after the last completed trial.
std::string trials_chart(const ReportModel& model);

/// @brief `<svg id="chart-criterion">`: path.regret-bound and path.statistical-error over
/// n_trials on a log scale, line.stop-marker where the criterion stopped the run (with class
/// "budget" too at the last evaluation, when a budget ended it).
std::string criterion_chart(const ReportModel& model);

/// @brief `<svg id="chart-decisions">`: one g.decision-row per criterion, runs of equal
/// decisions as rect.decision-continue / rect.decision-stop, the first stop labelled.
std::string decisions_chart(const ReportModel& model);

/// @brief `<svg id="chart-workers">`: one g.worker-lane per worker rank with a rect.fold-bar
/// per fold (also .running while in flight), over time since the first dispatch.
std::string workers_chart(const ReportModel& model);

}  // namespace fermata::html_charts
