#pragma once

#include <map>
#include <string>

namespace fermata {

/// @brief The job's `model` block.
struct ModelSettings {
  std::string kind = "xgboost";  ///< xgboost | random_forest | mlp | command | synthetic
  int threads = 1;               ///< threads per worker for training
  std::string metric;            ///< empty: error (classification) or rmse (regression)
  std::map<std::string, std::string> fixed;  ///< model options that are not tuned
};

}  // namespace fermata
