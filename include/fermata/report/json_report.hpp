#pragma once

#include <string>

#include <fermata/report/report_model.hpp>

namespace fermata {

/// @brief The schema identifier the JSON report carries in its top-level "schema" field;
/// src/report/report.schema.json describes that document.
inline constexpr const char* kReportSchema = "fermata.report/1";

/// @brief The report as JSON (DESIGN.md §8), pretty-printed with two spaces: study, status,
/// best, trials, progress, criterion, criteria, workers, best_trials, pending_trials, time.
/// Every non-finite number is null; strings that are not valid UTF-8 have the bad bytes
/// replaced by U+FFFD.
std::string json_report(const ReportModel& model);

}  // namespace fermata
