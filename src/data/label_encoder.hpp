#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fermata/data/dataset.hpp>

namespace fermata::data_detail {

/// @brief Collects the class label of each row and numbers the classes in sorted order once
/// every label has been seen: numerically when all labels are numbers (so "1" and "1.0" are
/// one class and "10" comes after "9"), lexicographically (byte order) otherwise.
class LabelEncoder {
 public:
  /// @brief Records the label of the next row.
  void add(std::string_view label);

  std::size_t rows() const { return row_ids_.size(); }
  std::size_t distinct() const { return first_texts_.size(); }

  struct Classes {
    std::vector<int> y;               ///< class index per added row
    std::vector<std::string> labels;  ///< label of each class, as first written in the file
  };

  /// @brief The class index of every added row and the sorted class labels.
  Classes finish() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::unordered_map<std::string, int, Hash, std::equal_to<>> ids_;
  std::vector<std::string> first_texts_;  ///< distinct label texts, by first appearance
  std::vector<int> row_ids_;              ///< index into first_texts_ per row
};

/// @brief Sets `data.y`, `num_classes` and `class_labels` from the finished `labels`. Throws
/// DataError "<data.source>: <target>: expected at least 2 classes ..." when there is only
/// one; `target` names where the labels came from ("target column 'y'", "dataset '/y'").
void assign_classes(const LabelEncoder& labels, const std::string& target, Dataset& data);

}  // namespace fermata::data_detail
