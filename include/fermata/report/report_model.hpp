#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <fermata/study/study.hpp>

namespace fermata {

/// @brief A hyperparameter value as reports show it: nothing (missing or out of range), an
/// integer (int parameters), a number in natural units (float), or a categorical's choice.
using ReportValue = std::variant<std::monostate, std::int64_t, double, std::string>;

/// @brief One parameter of the search space, as the job declared it.
struct ReportParameter {
  std::string name;
  std::string kind;  ///< "float", "int" or "categorical"
  double low = 0.0;
  double high = 0.0;
  bool log = false;
  std::vector<std::string> choices;
};

/// @brief What the study is: its identity and its resolved job.
struct ReportStudy {
  std::string name;
  std::string classes;
  std::uint64_t seed = 0;
  int folds = 1;
  double created_utc = kNaN;
  double updated_utc = kNaN;
  std::string job_yaml;
  std::vector<ReportParameter> space;
};

/// @brief Where the run stands. `state` is "stopped" (a stopping criterion fired),
/// "finished" (a budget ended the run and no trial is pending or running) or "incomplete"
/// (pending or running trials, or no recorded end: in progress, interrupted, or ended by
/// too many failed trials; resumable).
struct ReportStatus {
  std::string state;
  std::string reason;  ///< the stopping record's reason (a budget's, too); may be empty
  std::size_t total = 0;
  std::size_t complete = 0;
  std::size_t failed = 0;
  std::size_t pending = 0;
  std::size_t running = 0;
  std::size_t pruned = 0;
};

/// @brief One trial. Times are unix seconds; NaN where unknown.
struct ReportTrial {
  std::int64_t id = 0;
  std::string state;                ///< to_string(TrialState)
  std::vector<ReportValue> params;  ///< one per parameter of the space, in its order
  std::vector<double> fold_errors;  ///< NaN where not done
  double value = kNaN;              ///< mean fold error, NaN unless complete
  /// This trial's own test error: known for trials that were the incumbent when they
  /// completed (only incumbents are scored on the test set), NaN otherwise.
  double test_error = kNaN;
  double started_utc = kNaN;
  double finished_utc = kNaN;
  int folds_done = 0;
  std::vector<int> fold_attempts;  ///< failed attempts per fold
  std::vector<int> fold_workers;   ///< rank that evaluated each fold, -1 if none
  std::string message;
};

/// @brief The incumbent after each completed trial, in completion order.
struct ReportProgress {
  std::int64_t trial = 0;  ///< the trial that completed
  double value = kNaN;     ///< its mean fold error
  std::int64_t best_trial = 0;
  double best_value = kNaN;            ///< best so far
  double incumbent_test_error = kNaN;  ///< the incumbent's test error then (NaN: unknown)
};

/// @brief The stopping record: which criterion recorded the outcome, whether and why the run
/// stopped, and every evaluation (`history[column][row]`, NaN where a row has no value).
struct ReportCriterion {
  std::string acting;    ///< label of the job's acting criterion ("none" if unknown)
  std::string recorded;  ///< the record's criterion: the one that fired, or "budget.*"
  bool stopped = false;
  std::string reason;
  /// n_trials of the first row whose decision is 1, when a criterion (not a budget) stopped
  /// the run; NaN otherwise.
  double stop_n_trials = kNaN;
  std::size_t rows = 0;
  std::map<std::string, std::vector<double>> history;
};

/// @brief One criterion's decisions over the evaluated rows: the acting one (column
/// "decision") or a monitor (column "<label>.decision").
struct ReportDecisions {
  std::string label;
  bool acting = false;
  std::vector<double> n_trials;   ///< per row
  std::vector<double> decisions;  ///< per row: 1 stop, 0 continue, NaN not evaluated
  double first_stop_n_trials = kNaN;
};

/// @brief One fold on a worker's timeline (unix seconds). A running fold (of a pending or
/// running trial, dispatched but without a result) ends at the study's updated_utc.
struct ReportSegment {
  std::int64_t trial = 0;
  int fold = 0;
  double start_utc = kNaN;
  double end_utc = kNaN;
  bool running = false;
};

/// @brief The folds one worker rank evaluated. Rank -1 collects running folds whose worker
/// the checkpoint does not record.
struct ReportWorker {
  int rank = 0;
  std::vector<ReportSegment> segments;  ///< by start time
  double busy_seconds = 0.0;
  double busy_fraction = kNaN;  ///< busy_seconds / the timeline's span
};

/// @brief Worker utilization: every fold with a known dispatch and end, by worker.
struct ReportWorkers {
  double start_utc = kNaN;  ///< first dispatch; NaN when no fold time is known
  double end_utc = kNaN;    ///< last result, or updated_utc while folds are running
  double span_seconds = kNaN;
  /// Busy time of the known ranks over (their number × span); NaN without fold times.
  double utilization = kNaN;
  std::vector<ReportWorker> lanes;  ///< by rank
};

/// @brief Everything the JSON and HTML reports show, computed from a Study alone.
struct ReportModel {
  double generated_utc = kNaN;
  ReportStudy study;
  ReportStatus status;
  std::vector<ReportTrial> trials;  ///< in the study's order
  std::optional<std::size_t> best;  ///< index into trials of the incumbent
  /// The incumbent's statistical error, ε = sqrt((1/k + 1/(k−1))·s²) (DESIGN.md §5.2 step 6
  /// with equal folds and error_scale 1); NaN with fewer than two folds.
  double best_statistical_error = kNaN;
  std::vector<ReportProgress> progress;
  ReportCriterion criterion;
  std::vector<ReportDecisions> decisions;  ///< the acting criterion first, then monitors
  ReportWorkers workers;
  std::vector<std::size_t> best_trials;     ///< indices into trials: top complete by value
  std::vector<std::size_t> pending_trials;  ///< indices into trials: pending or running
  double training_seconds = 0.0;
  double wall_seconds = kNaN;  ///< first dispatch to last result
};

/// @brief How many trials ReportModel::best_trials holds at most.
inline constexpr std::size_t kReportBestTrials = 10;

/// @brief Builds the report of `study` (finished, in progress or interrupted); `now_utc` is
/// the time the report is made (unix seconds), recorded as generated_utc.
ReportModel build_report(const Study& study, double now_utc);

}  // namespace fermata
