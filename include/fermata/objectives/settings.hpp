#pragma once

#include <map>
#include <string>
#include <vector>

namespace fermata {

/// @brief The job's `model` block.
struct ModelSettings {
  std::string kind = "xgboost";  ///< xgboost | random_forest | mlp | command | synthetic
  int threads = 1;               ///< threads per worker for training
  std::string metric;            ///< empty: error (classification) or rmse (regression)
  std::map<std::string, std::string> fixed;  ///< model options that are not tuned
  /// kind command only (required there): the program and its arguments, run without a shell,
  /// with `{name}` placeholders filled in per fold (DESIGN.md §4).
  std::vector<std::string> command;
  /// kind command only: seconds one run of `command` may take before its process group is
  /// terminated and the fold fails; 0 = no limit. The default stops a hung program within an
  /// hour without cutting short a typical training run; long runs raise it.
  double timeout_seconds = 3600.0;
  /// kind command only: start the program once per worker and send it one JSON line per fold
  /// on its standard input, rather than run it once per fold (README, "Persistent training
  /// programs").
  bool persistent = false;
};

}  // namespace fermata
