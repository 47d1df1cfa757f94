#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fermata::data_detail {

/// @brief Whether `record` ends inside an open quoted field, so the next physical line belongs
/// to the same record (RFC 4180 allows line breaks inside double quotes).
bool ends_inside_quotes(std::string_view record, char delimiter);

/// @brief Splits `record` at `delimiter` into `fields`. Fields in double quotes may hold the
/// delimiter, line breaks and doubled quotes (""), which are unescaped in place, so the views
/// point into `record`. Spaces around unquoted fields are dropped. Returns false when a
/// closing quote is followed by anything but spaces and the delimiter.
bool split_fields(std::string& record, char delimiter, std::vector<std::string_view>& fields);

}  // namespace fermata::data_detail
