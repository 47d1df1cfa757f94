#include <fermata/data/libsvm_reader.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include <fermata/core/error.hpp>

#include "data/cell.hpp"
#include "data/label_encoder.hpp"
#include "data/line_reader.hpp"

namespace fermata {
namespace {

using data_detail::CellStatus;
using data_detail::LineReader;
using data_detail::show_cell;

// Features are stored densely; an index past this is a text corpus, not a table, and would
// ask for gigabytes per thousand rows.
constexpr std::size_t kMaxIndex = std::size_t{1} << 24;

[[noreturn]] void fail_at(const LineReader& reader, const std::string& what) {
  throw DataError(fmt::format("{}:{}: {}", reader.path(), reader.line_number(), what));
}

// Splits at spaces and tabs, dropping everything from a '#' on.
void split_tokens(std::string_view line, std::vector<std::string_view>& tokens) {
  tokens.clear();
  line = line.substr(0, line.find('#'));
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::size_t end = i;
    while (end < line.size() && line[end] != ' ' && line[end] != '\t') ++end;
    if (end > i) tokens.push_back(line.substr(i, end - i));
    i = end;
  }
}

bool fits_float(CellStatus status, double value) {
  return status == CellStatus::kNumber && std::abs(value) <= std::numeric_limits<float>::max();
}

// The rows as read, sparse, before the width of the table is known.
struct SparseRows {
  std::vector<std::size_t> row_end;  ///< one past each row's last entry
  std::vector<std::uint32_t> index;  ///< as written in the file
  std::vector<float> value;
  std::size_t max_index = 0;
  bool zero_based = false;  ///< some row used index 0
};

std::uint32_t parse_index(const LineReader& reader, std::string_view entry, std::string_view text) {
  std::size_t index = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, index);
  if (text.empty() || ec != std::errc() || ptr != end) {
    fail_at(reader, fmt::format("entry {}: expected index:value with a non-negative integer "
                                "index, found index {}",
                                show_cell(entry), show_cell(text)));
  }
  if (index > kMaxIndex) {
    fail_at(reader, fmt::format("entry {}: expected a feature index of at most {}, found {}",
                                show_cell(entry), kMaxIndex, index));
  }
  return static_cast<std::uint32_t>(index);
}

float parse_value(const LineReader& reader, std::string_view entry, std::uint32_t index,
                  std::string_view text, MissingPolicy missing) {
  double value = 0.0;
  const CellStatus status = data_detail::parse_cell(text, value);
  if (fits_float(status, value)) return static_cast<float>(value);
  if (status == CellStatus::kMissing && !text.empty()) {
    if (missing == MissingPolicy::kAllow) return std::numeric_limits<float>::quiet_NaN();
    fail_at(reader, fmt::format("column 'f{}': {}", index, data_detail::kMissingFeatureAdvice));
  }
  const char* found = status == CellStatus::kNotNumber || text.empty() ? "text"
                      : status == CellStatus::kNumber ? "a value out of float range"
                                                      : "an infinite value";
  fail_at(reader, fmt::format("entry {}: expected a finite number after ':', found {} {}",
                              show_cell(entry), found, show_cell(text)));
}

// Reads the label into `labels` (classification) or `targets` (regression).
void read_label(const LineReader& reader, std::string_view token, Task task,
                data_detail::LabelEncoder& labels, std::vector<float>& targets) {
  if (token.find(':') != std::string_view::npos) {
    fail_at(reader, fmt::format("expected a numeric label first on the line, found the entry {}",
                                show_cell(token)));
  }
  double value = 0.0;
  const CellStatus status = data_detail::parse_cell(token, value);
  if (status == CellStatus::kMissing) {
    fail_at(reader, fmt::format("label: expected a number, found a missing value {} (a missing "
                                "target is always an error)",
                                show_cell(token)));
  }
  if (!fits_float(status, value)) {
    fail_at(reader, fmt::format("label: expected a finite number, found {}", show_cell(token)));
  }
  if (task == Task::kClassification) {
    labels.add(token);
  } else {
    targets.push_back(static_cast<float>(value));
  }
}

// Reads the index:value entries of one line (after the label) onto `rows`.
void read_entries(const LineReader& reader, const std::vector<std::string_view>& tokens,
                  MissingPolicy missing, SparseRows& rows) {
  const std::size_t first = rows.index.size();
  for (std::size_t t = 1; t < tokens.size(); ++t) {
    const std::string_view entry = tokens[t];
    const std::size_t colon = entry.find(':');
    if (colon == std::string_view::npos) {
      fail_at(reader, fmt::format("expected index:value, found {}", show_cell(entry)));
    }
    if (entry.substr(0, colon) == "qid") continue;  // SVMlight ranking groups: not a feature
    const std::uint32_t index = parse_index(reader, entry, entry.substr(0, colon));
    rows.value.push_back(parse_value(reader, entry, index, entry.substr(colon + 1), missing));
    rows.index.push_back(index);
    rows.max_index = std::max<std::size_t>(rows.max_index, index);
    rows.zero_based = rows.zero_based || index == 0;
  }
  std::vector<std::uint32_t> seen(rows.index.begin() + static_cast<std::ptrdiff_t>(first),
                                  rows.index.end());
  std::sort(seen.begin(), seen.end());
  const auto twice = std::adjacent_find(seen.begin(), seen.end());
  if (twice != seen.end()) {
    fail_at(reader,
            fmt::format("feature index {}: expected at most one value per row, found two", *twice));
  }
  rows.row_end.push_back(rows.index.size());
}

}  // namespace

Dataset read_libsvm(const std::string& path, Task task, MissingPolicy missing) {
  LineReader reader(path);
  SparseRows rows;
  data_detail::LabelEncoder labels;
  std::vector<float> targets;
  std::string line;
  std::vector<std::string_view> tokens;
  while (reader.next(line)) {
    split_tokens(line, tokens);
    if (tokens.empty()) continue;
    read_label(reader, tokens.front(), task, labels, targets);
    read_entries(reader, tokens, missing, rows);
  }
  if (rows.row_end.empty()) {
    throw DataError(fmt::format(
        "{}: {}: expected lines 'label index:value ...', found {}", path,
        reader.line_number() == 0 ? "empty file" : "no rows",
        reader.line_number() == 0
            ? "no text"
            : fmt::format("only comments and blank lines ({} lines)", reader.line_number())));
  }
  const std::size_t offset = rows.zero_based ? 0 : 1;
  const std::size_t width = rows.index.empty() ? 0 : rows.max_index + 1 - offset;
  if (width == 0) {
    throw DataError(
        fmt::format("{}: expected index:value entries after the labels, found only "
                    "labels ({} rows)",
                    path, rows.row_end.size()));
  }

  Dataset data;
  data.task = task;
  data.source = path;
  data.target_name = "label";
  for (std::size_t j = 0; j < width; ++j)
    data.feature_names.push_back(fmt::format("f{}", j + offset));
  const auto n = static_cast<Eigen::Index>(rows.row_end.size());
  data.X = Dataset::Matrix::Zero(n, static_cast<Eigen::Index>(width));
  std::size_t entry = 0;
  for (Eigen::Index r = 0; r < n; ++r) {
    for (; entry < rows.row_end[static_cast<std::size_t>(r)]; ++entry) {
      data.X(r, static_cast<Eigen::Index>(rows.index[entry] - offset)) = rows.value[entry];
    }
  }
  if (task == Task::kRegression) {
    data.y = Eigen::Map<const Eigen::VectorXf>(targets.data(), n);
  } else {
    data_detail::assign_classes(labels, "label", data);
  }
  return data;
}

}  // namespace fermata
