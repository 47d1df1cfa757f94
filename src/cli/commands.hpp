#pragma once

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include <fermata/job/job.hpp>

namespace fermata::cli {

/// @brief Options of `fermata run` (DESIGN.md §3).
struct RunArgs {
  std::string job;
  std::string checkpoint;
  bool resume = false;
  std::optional<std::uint64_t> seed;
  std::optional<int> max_trials;
  std::vector<std::string> sets;
  int local_workers = 1;
  bool quiet = false;
  std::string log_level = "info";
  /// How the coordinator shows progress: auto (a status line on a terminal, plain lines
  /// otherwise), status, lines.
  std::string progress = "auto";
};

/// @brief Options of `fermata report` (DESIGN.md §3).
struct ReportArgs {
  std::string checkpoint;
  bool json = false;        ///< the report as JSON on stdout instead of text
  std::string html;         ///< also write the HTML report to this file
  std::string history_csv;  ///< also write the completed trials as a history CSV
  std::string record;       ///< also write the run as a recorded history (.csv or .csv.gz)
};

/// @brief Options of `fermata export`.
struct ExportArgs {
  std::string checkpoint;
  bool csv = false;    ///< the only format so far; required, so that others can follow
  std::string output;  ///< write here instead of stdout
};

/// Each returns the process exit code; errors are thrown as fermata::Error.
int run_command(const RunArgs& args, int* argc, char*** argv);
int report_command(const ReportArgs& args);
int export_command(const ExportArgs& args);
int criterion_command(const std::string& job, const std::string& history,
                      const std::vector<std::string>& criteria);
int validate_command(const std::string& job, const std::vector<std::string>& sets);
int seal_command(const std::string& checkpoint);

/// Prints the error `error` holds ("fermata: error: ..." for fermata's own errors,
/// "fermata: internal error: ..." for any other) and returns its exit code: a fermata error's
/// documented code, 1 for anything else. What main() and a run that cannot unwind do.
int report_error(std::exception_ptr error);

/// The model options of `job` checked before any trial (check_model_options), the error
/// naming the job file as the parser's do.
void check_job_model_options(const Job& job);

}  // namespace fermata::cli
