#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <fermata/data/dataset.hpp>

namespace fermata {

/// @brief `data.generate`: a synthetic table made from the job seed.
struct GenerateSettings {
  std::string kind = "classification";  ///< classification | regression
  int rows = 2000;
  int features = 20;
  int informative = 8;        ///< features that carry signal; the rest are noise
  int classes = 2;            ///< classification only
  double label_noise = 0.05;  ///< classification: fraction of flipped labels
  double noise = 0.1;         ///< regression: std of additive noise relative to signal std
};

/// @brief The job's `data` block.
struct DataSettings {
  std::string path;               ///< empty when `generate` is set
  std::string target = "target";  ///< column name, or a 0-based index written as a number
  Task task = Task::kClassification;
  double test_fraction = 0.2;
  std::optional<GenerateSettings> generate;
};

/// @brief The job's `cv` block.
struct CvSettings {
  int folds = 5;
  bool stratified = true;  ///< only meaningful for classification
};

}  // namespace fermata
