#pragma once

namespace fermata {

/// @brief The job's `runtime` block.
struct RuntimeSettings {
  int max_retries = 2;         ///< failed attempts of a fold before its trial fails
  int max_failed_trials = 20;  ///< a run with more failed trials than this ends with exit 1
};

}  // namespace fermata
