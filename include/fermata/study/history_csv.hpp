#pragma once

#include <string>
#include <vector>

#include <fermata/space/space.hpp>
#include <fermata/study/trial.hpp>

namespace fermata {

/// @brief What a recorded run carries besides its trials: `# key: value` lines and the job
/// (lines starting `#| `) before the header row, so one file replays without anything else.
struct HistoryHeader {
  std::string run;                 ///< `# run: NAME`
  double validation_ratio = kNaN;  ///< `# validation_ratio: X`, n_val / n_train of the folds
  std::string job_yaml;            ///< the job that made the run, empty if the file has none
};

/// @brief Writes completed trials as the history CSV of `fermata criterion` (DESIGN.md §3):
/// columns `trial`, one per hyperparameter (natural units, categoricals as their choice),
/// `fold_0 .. fold_{k-1}`; numbers printed so they read back exactly; rows in the order
/// given (the order the trials completed).
std::string history_csv(const std::vector<const Trial*>& trials, const Space& space, int folds);

/// @brief A recorded run: `header` as comment lines, then the columns of history_csv plus
/// `seconds_0 .. seconds_{k-1}` (each fold's training seconds) and
/// `test_error` (the incumbent's test error once the trial completed; empty if none), so that
/// criteria can be judged on it for time saved and accuracy lost without retraining.
std::string recorded_history_csv(const std::vector<const Trial*>& trials, const Space& space,
                                 int folds, const HistoryHeader& header);

/// @brief The header of a history's text (empty fields for a plain history). Throws
/// DataError naming `name` and the line for a `validation_ratio` that is not a number.
HistoryHeader parse_history_header(const std::string& text, const std::string& name);

/// @brief Reads a history's text into complete trials (value = mean of the folds), in file
/// order; `name` is the file, for messages. Lines starting with `#` and blank lines are
/// skipped. `seconds_*` and `test_error` columns are read when present and required when
/// `require_timing` (judging a criterion's time saved and accuracy lost needs them). Throws
/// DataError naming the file and line for a missing `trial`, hyperparameter, fold or required
/// column, a non-numeric or missing cell, an unknown categorical choice, or a row with the
/// wrong number of fields.
std::vector<Trial> parse_history_csv(const std::string& text, const std::string& name,
                                     const Space& space, int folds, bool require_timing = false);

}  // namespace fermata
