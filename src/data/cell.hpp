#pragma once

#include <string>
#include <string_view>

namespace fermata::data_detail {

/// @brief What every reader says about a missing feature value under data.missing: error.
inline constexpr const char* kMissingFeatureAdvice =
    "missing value (data.missing is 'error'; set it to 'allow' to keep NaN for models that "
    "accept it)";

/// @brief What a table cell holds when read as a number.
enum class CellStatus { kNumber, kMissing, kNotNumber, kNotFinite };

/// @brief Whether `cell` is one of the usual spellings of a missing value: empty, NA, N/A,
/// NaN, NULL, None, ?, ... (the set pandas reads as missing, plus UCI's "?").
bool is_missing_token(std::string_view cell);

/// @brief Parses a decimal number with std::from_chars (locale-free, exact). NaN counts as
/// missing; infinities and values beyond double range as not finite.
CellStatus parse_cell(std::string_view cell, double& value);

/// @brief The cell as shown in an error message: in single quotes, cut after 40 characters.
std::string show_cell(std::string_view cell);

}  // namespace fermata::data_detail
