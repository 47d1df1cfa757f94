#pragma once

#include <string>

namespace fermata {

/// @brief The job's `optimizer` block.
struct OptimizerSettings {
  std::string kind = "bo";         ///< bo | random
  int initial_trials = 10;         ///< Sobol design before the GP takes over
  std::string acquisition = "ei";  ///< ei | lcb
};

}  // namespace fermata
