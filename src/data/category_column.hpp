#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fermata::data_detail {

/// @brief Most distinct texts a categorical column may have. A text column with more is nearly
/// always an identifier or free text: no model learns from it, and its one-hot encoding would
/// swamp the MLP's input, so the reader refuses it rather than train on it.
inline constexpr std::size_t kMaxCategories = 1000;

/// @brief Collects the cells of one text (categorical) column row by row and numbers their
/// distinct texts in byte order, so every rank that reads the file gets the same codes.
class CategoryColumn {
 public:
  /// @brief Records the next row's cell; a missing cell has no category. Returns false (and
  /// records nothing more) once the column has more than kMaxCategories distinct texts.
  bool add(std::string_view cell, bool missing);

  struct Coded {
    std::vector<std::string> categories;  ///< distinct texts, sorted byte-wise
    std::vector<int> index;               ///< per row, into `categories`; -1 when missing
  };

  /// @brief The sorted categories and each added row's index among them.
  Coded finish() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::unordered_map<std::string, int, Hash, std::equal_to<>> ids_;
  std::vector<std::string> first_texts_;  ///< distinct texts, by first appearance
  std::vector<int> row_ids_;              ///< index into first_texts_ per row; -1 missing
};

}  // namespace fermata::data_detail
