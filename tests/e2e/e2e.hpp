#pragma once

#include <string>
#include <vector>

#include "support/process.hpp"

namespace fermata::testing {

/// @brief Runs the real fermata binary with `args` in `cwd`.
inline ProcessResult fermata(const std::vector<std::string>& args, const std::string& cwd) {
  std::vector<std::string> argv{FERMATA_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, cwd);
}

/// @brief A small, fast job on generated data; `extra` is appended at the top level.
inline std::string small_job(const std::string& extra = "") {
  return R"(name: small
seed: 7
data:
  generate: {kind: classification, rows: 300, features: 6, informative: 3}
  test_fraction: 0.2
cv:
  folds: 3
model:
  kind: xgboost
  fixed: {n_estimators: 5}
space:
  max_depth: {type: int, low: 1, high: 4}
  learning_rate: {type: float, low: 0.01, high: 1.0, log: true}
optimizer:
  kind: random
budget:
  max_trials: 4
checkpoint:
  path: small.h5
)" + extra;
}

}  // namespace fermata::testing
