#include "data/cell.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

namespace fermata::data_detail {
namespace {

constexpr std::array<std::string_view, 18> kMissingTokens = {
    "",     "NA",   "N/A", "n/a",  "NaN",  "nan", "-NaN", "-nan", "NULL",
    "null", "None", "?",   "<NA>", "#N/A", "#NA", "NAN",  "na",   "none"};

constexpr std::size_t kLongestMissingToken = 4;
constexpr std::size_t kShownChars = 40;

}  // namespace

bool is_missing_token(std::string_view cell) {
  if (cell.size() > kLongestMissingToken) return false;
  for (std::string_view token : kMissingTokens) {
    if (cell == token) return true;
  }
  return false;
}

CellStatus parse_cell(std::string_view cell, double& value) {
  // from_chars rejects the leading '+' that some writers emit.
  if (cell.size() > 1 && cell.front() == '+' && cell[1] != '-' && cell[1] != '+') {
    cell.remove_prefix(1);
  }
  const char* end = cell.data() + cell.size();
  const auto [ptr, ec] = std::from_chars(cell.data(), end, value);
  if (ec == std::errc::result_out_of_range && ptr == end) return CellStatus::kNotFinite;
  // Missing-value tokens are checked only here: numbers, the common case, never pay for it.
  if (ec != std::errc() || ptr != end) {
    return is_missing_token(cell) ? CellStatus::kMissing : CellStatus::kNotNumber;
  }
  if (std::isnan(value)) return CellStatus::kMissing;
  if (std::isinf(value)) return CellStatus::kNotFinite;
  return CellStatus::kNumber;
}

std::string show_cell(std::string_view cell) {
  if (cell.size() <= kShownChars) return "'" + std::string(cell) + "'";
  return "'" + std::string(cell.substr(0, kShownChars)) + "...'";
}

}  // namespace fermata::data_detail
