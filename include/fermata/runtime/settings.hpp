#pragma once

namespace fermata {

/// @brief The job's `runtime` block.
struct RuntimeSettings {
  int max_retries = 2;         ///< failed attempts of a fold before its trial fails
  int max_failed_trials = 20;  ///< a run with more failed trials than this ends with exit 1
  /// Trials run in batches: a batch starts only when the previous one has completed, and its
  /// results reach the optimizer and the criteria in trial order, so the run does not depend
  /// on timing (and a resumed run equals an uninterrupted one).
  bool synchronous = false;
  /// Trials per batch in synchronous mode; 0 = ceil(workers / folds). Set it to make runs
  /// with different numbers of ranks identical.
  int batch_size = 0;
};

}  // namespace fermata
