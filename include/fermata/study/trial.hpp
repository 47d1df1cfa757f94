#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <fermata/space/space.hpp>

namespace fermata {

/// @brief Trial states; the numeric values are the checkpoint's `/trials/state` (contract).
enum class TrialState : std::int8_t {
  kPending = 0,   ///< suggested, some folds not yet dispatched or interrupted
  kRunning = 1,   ///< all remaining folds dispatched
  kComplete = 2,  ///< every fold has a finite error
  kFailed = 3,    ///< a fold failed more than max_retries times
  kPruned = 4,
};

const char* to_string(TrialState state);

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// @brief One configuration and what its folds returned. A plain value: checkpointing it
/// is a function of it.
struct Trial {
  std::int64_t id = 0;
  TrialState state = TrialState::kPending;
  Config params;                     ///< natural units; categorical = choice index
  std::vector<double> fold_error;    ///< [k], NaN where not done
  std::vector<double> fold_seconds;  ///< [k], NaN where not done
  std::vector<int> fold_worker;      ///< [k], rank that evaluated (or runs) the fold, -1 if none
  std::vector<int> fold_attempts;    ///< [k], failed attempts so far
  /// [k], unix seconds of the fold's last dispatch, NaN if never dispatched. With
  /// fold_finished it places each fold on its worker's timeline in reports.
  std::vector<double> fold_started;
  std::vector<double> fold_finished;  ///< [k], unix seconds its result arrived, NaN if none
  double value = kNaN;                ///< mean fold error, NaN unless complete
  double test_error = kNaN;           ///< the incumbent's test error after this trial
  double started = kNaN;              ///< unix seconds of the first dispatch
  double finished = kNaN;             ///< unix seconds of the last fold result
  std::string message;                ///< why it failed, if it did

  /// A new pending trial with k empty folds.
  static Trial make(std::int64_t id, Config params, int folds);

  int folds() const { return static_cast<int>(fold_error.size()); }
  bool is_complete() const { return state == TrialState::kComplete; }
  bool fold_done(int fold) const;
  int folds_done() const;
  bool all_folds_done() const { return folds_done() == folds(); }
  /// Sum of fold_seconds over finished folds.
  double training_seconds() const;
};

}  // namespace fermata
