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
///
/// A categorical feature (a text column of a table) holds in X the index of its cell's text in
/// `categories[feature]` (sorted byte-wise, over all rows), or NaN for a missing cell. Models
/// never train on these indices directly: each split recodes them from its training rows
/// (see category_codes.hpp).
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
  /// Per feature, the texts of a categorical feature in code order; empty for a numeric one.
  /// May be empty altogether when every feature is numeric.
  std::vector<std::vector<std::string>> categories;

  bool is_categorical(std::size_t feature) const {
    return feature < categories.size() && !categories[feature].empty();
  }
  bool has_categorical() const {
    for (const auto& c : categories) {
      if (!c.empty()) return true;
    }
    return false;
  }

  std::size_t rows() const { return static_cast<std::size_t>(X.rows()); }
  std::size_t features() const { return static_cast<std::size_t>(X.cols()); }
};

/// @brief The classes of `data` for the log, with their row counts, e.g.
/// "3 classes: 0='no' (40 rows), 1='yes' (55 rows), 2='maybe' (5 rows)"; after 10 classes the
/// rest are summarized ("..., and 16 more"). "regression (no classes)" for regression.
std::string describe_classes(const Dataset& data);

}  // namespace fermata
