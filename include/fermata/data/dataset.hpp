#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace fermata {

enum class Task { kClassification, kRegression };

/// @brief "classification" or "regression", as written in the job file.
const char* to_string(Task task);

/// @brief A table of features and one target. Features are float (what XGBoost and libtorch
/// take), row-major so a row is contiguous. For classification, y holds class indices
/// 0..num_classes-1 and `class_labels[i]` is the label of class i as it appeared in the file.
struct Dataset {
  using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

  Matrix X;
  Eigen::VectorXf y;
  std::vector<std::string> feature_names;
  std::string target_name;
  Task task = Task::kClassification;
  int num_classes = 0;  ///< 0 for regression
  std::vector<std::string> class_labels;
  std::string source;  ///< file path, or "generate:<kind>"

  std::size_t rows() const { return static_cast<std::size_t>(X.rows()); }
  std::size_t features() const { return static_cast<std::size_t>(X.cols()); }
};

/// @brief The classes of `data` for the log, with their row counts, e.g.
/// "3 classes: 0='no' (40 rows), 1='yes' (55 rows), 2='maybe' (5 rows)"; after 10 classes the
/// rest are summarized ("..., and 16 more"). "regression (no classes)" for regression.
std::string describe_classes(const Dataset& data);

}  // namespace fermata
