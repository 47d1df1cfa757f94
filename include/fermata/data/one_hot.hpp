#pragma once

#include <cstddef>

#include <fermata/data/category_codes.hpp>
#include <fermata/data/dataset.hpp>

namespace fermata {

/// @brief Columns of the one-hot encoding of a split: one per numeric feature, and one per
/// training category (CategoryCodes::count) of each categorical feature.
std::size_t one_hot_width(const Dataset& data, const CategoryCodes& codes);

/// @brief `coded` (rows from CategoryCodes::encode) with each categorical feature expanded, in
/// its place, into one 0/1 column per training category: 1 in the column of the cell's code,
/// all zero when the cell is missing or its category unseen in the training rows. Numeric
/// features are copied. For models that need numbers in every input (the MLP).
Dataset::Matrix one_hot(const Dataset& data, const CategoryCodes& codes,
                        const Dataset::Matrix& coded);

}  // namespace fermata
