#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <fermata/data/dataset.hpp>

namespace fermata {

/// @brief The codes of the categorical features for one split (a fold, or the holdout pool
/// against the test rows), built from the split's training rows only: a category's code is
/// its rank among the categories that occur in those rows (in the dataset's byte order, so
/// every rank builds the same codes). A category that occurs only outside the training rows
/// has no code: to the model it is a missing value, as it would be in production.
class CategoryCodes {
 public:
  /// Throws std::invalid_argument for a row outside the dataset.
  CategoryCodes(const Dataset& data, const std::vector<std::size_t>& train_rows);

  /// @brief Number of categories of `feature` in the training rows; 0 for a numeric feature.
  std::size_t count(std::size_t feature) const;

  /// @brief Whether category `index` of `feature` (into Dataset::categories) occurs in the
  /// training rows.
  bool seen(std::size_t feature, std::size_t index) const;

  /// @brief Rows `rows` of `data.X`, in that order, with every categorical cell replaced by
  /// its code, or NaN when it is missing or unseen in the training rows. Numeric cells are
  /// copied as they are.
  Dataset::Matrix encode(const Dataset& data, const std::vector<std::size_t>& rows) const;

 private:
  std::vector<std::vector<float>> code_;  ///< per feature: dataset index -> code or NaN
  std::vector<std::size_t> count_;        ///< per feature: categories in the training rows
};

/// @brief The categories of `feature` that occur in `rows`, in the dataset's (byte) order.
std::vector<std::string> categories_in_rows(const Dataset& data, std::size_t feature,
                                            const std::vector<std::size_t>& rows);

/// @brief One line for the log about a categorical feature: its name, the number of its
/// categories and the first few, e.g. "categorical column 'purpose': 10 categories: 'car',
/// 'education', 'furniture', 'radio/tv', 'repairs', ... and 5 more".
std::string describe_categories(const std::string& column, const std::vector<std::string>& list);

}  // namespace fermata
