#pragma once

#include <string>

#include <fermata/report/report_model.hpp>

namespace fermata {

/// @brief The report as one self-contained HTML page (DESIGN.md §8): inline CSS and inline
/// SVG charts, no scripts and no external resources. Sections, by element id: summary,
/// chart-trials (validation error per completed trial, best so far, incumbent test error,
/// failed and pending trials), chart-criterion (regret bound and statistical error on a log
/// scale, stop marked), chart-decisions (each criterion's decisions), chart-workers (folds on
/// each worker's timeline), best-trials, pending-trials (when any), failed-trials (when
/// any), and the resolved job. Every string from the study is HTML-escaped.
std::string html_report(const ReportModel& model);

}  // namespace fermata
