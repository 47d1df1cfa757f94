#pragma once

#include <string>
#include <vector>

namespace fermata {

/// @brief The job's `stopping` block.
struct StoppingSettings {
  std::string criterion = "none";
  int min_trials = 20;
  double error_scale = 1.0;
  double top_fraction = 0.5;
  double delta = 0.1;
  int patience = 30;
  double threshold = 0.0;
  std::vector<std::string> monitor;
};

}  // namespace fermata
