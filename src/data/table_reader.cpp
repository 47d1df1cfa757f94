#include <fermata/data/table_reader.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string_view>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include <fermata/core/error.hpp>

#include "data/category_column.hpp"
#include "data/cell.hpp"
#include "data/delimited.hpp"
#include "data/label_encoder.hpp"
#include "data/line_reader.hpp"

namespace fermata {
namespace {

using data_detail::CellStatus;
using data_detail::LineReader;

constexpr std::size_t kListedColumns = 8;

[[noreturn]] void fail_at(const LineReader& reader, std::size_t line, const std::string& what) {
  throw DataError(fmt::format("{}:{}: {}", reader.path(), line, what));
}

std::size_t next_nonblank_line(LineReader& reader, std::string& line) {
  do {
    if (!reader.next(line)) return 0;
  } while (line.empty());
  return reader.line_number();
}

// Joins physical lines onto `record` while one of its quoted fields is still open.
void complete_record(LineReader& reader, std::string& record, char delimiter,
                     std::size_t first_line) {
  std::string continuation;
  while (data_detail::ends_inside_quotes(record, delimiter)) {
    if (!reader.next(continuation)) {
      fail_at(reader, first_line, "expected a closing double quote, found the end of the file");
    }
    record += '\n';
    record += continuation;
  }
}

// The next non-blank record and its first line number, or 0 at the end of the file.
std::size_t next_record(LineReader& reader, std::string& record, char delimiter) {
  const std::size_t line = next_nonblank_line(reader, record);
  if (line != 0) complete_record(reader, record, delimiter, line);
  return line;
}

void split_or_fail(const LineReader& reader, std::size_t line, std::string& record, char delimiter,
                   std::vector<std::string_view>& fields) {
  if (!data_detail::split_fields(record, delimiter, fields)) {
    fail_at(reader, line, "malformed quoted field: expected a delimiter after a closing quote");
  }
}

std::string column_list(const std::vector<std::string>& names) {
  std::string list;
  for (std::size_t i = 0; i < names.size() && i < kListedColumns; ++i) {
    list += (i == 0 ? "" : ", ") + data_detail::show_cell(names[i]);
  }
  if (names.size() > kListedColumns) list += ", ...";
  return fmt::format("{} ({} columns)", list, names.size());
}

// A name match wins over an index, so a column literally named "3" is found by name.
std::size_t find_target_column(const LineReader& reader, std::size_t line,
                               const std::vector<std::string>& names, const std::string& target) {
  std::size_t found = names.size();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] != target) continue;
    if (found != names.size()) {
      fail_at(reader, line,
              fmt::format("target column '{}': expected one column of that name, "
                          "found columns {} and {}",
                          target, found, i));
    }
    found = i;
  }
  if (found != names.size()) return found;
  std::size_t index = 0;
  const char* end = target.data() + target.size();
  const auto [ptr, ec] = std::from_chars(target.data(), end, index);
  if (!target.empty() && ec == std::errc() && ptr == end && index < names.size()) return index;
  fail_at(reader, line,
          fmt::format("target column '{}' not found: expected a column name or a 0-based index "
                      "below {}; available: {}",
                      target, names.size(), column_list(names)));
}

[[noreturn]] void fail_not_finite(const LineReader& reader, std::size_t line,
                                  const std::string& column, std::string_view cell,
                                  CellStatus status) {
  const char* found = status == CellStatus::kMissing     ? "a missing value"
                      : status == CellStatus::kNotNumber ? "text"
                      : status == CellStatus::kNumber    ? "a value out of float range"
                                                         : "an infinite or out-of-range value";
  fail_at(reader, line,
          fmt::format("{}: expected a finite number, found {} {}", column, found,
                      data_detail::show_cell(cell)));
}

bool fits_float(CellStatus status, double value) {
  return status == CellStatus::kNumber && std::abs(value) <= std::numeric_limits<float>::max();
}

// A target cell: always a finite number. `column` is how the message names the column.
float target_cell(const LineReader& reader, std::size_t line, const std::string& column,
                  std::string_view cell) {
  double value = 0.0;
  const CellStatus status = data_detail::parse_cell(cell, value);
  if (fits_float(status, value)) return static_cast<float>(value);
  fail_not_finite(reader, line, column, cell, status);
}

// The first text cell of each feature column, which makes the column categorical.
struct TextCell {
  std::size_t line = 0;  ///< 0 while the column has held numbers only
  std::string cell;
};

// A feature cell: a finite number, or NaN for a missing value when the policy allows it, or NaN
// for text, which marks the column categorical (its codes come in the second pass).
float feature_cell(const LineReader& reader, std::size_t line, const std::string& column,
                   std::string_view cell, MissingPolicy missing, TextCell& first_text) {
  double value = 0.0;
  const CellStatus status = data_detail::parse_cell(cell, value);
  if (fits_float(status, value)) return static_cast<float>(value);
  if (status == CellStatus::kMissing) {
    if (missing == MissingPolicy::kAllow) return std::numeric_limits<float>::quiet_NaN();
    fail_at(reader, line, column + ": " + data_detail::kMissingFeatureAdvice);
  }
  if (status == CellStatus::kNotNumber) {
    if (first_text.line == 0) first_text = {line, std::string(cell)};
    return std::numeric_limits<float>::quiet_NaN();
  }
  fail_not_finite(reader, line, column, cell, status);
}

// Calls on_row(line, fields) for every data record after the header; fails on a ragged row.
template <class OnRow>
std::size_t for_each_row(LineReader& reader, char delimiter, std::size_t columns, OnRow on_row) {
  std::string record;
  std::vector<std::string_view> fields;
  std::size_t rows = 0;
  for (std::size_t line; (line = next_record(reader, record, delimiter)) != 0; ++rows) {
    split_or_fail(reader, line, record, delimiter, fields);
    if (fields.size() != columns) {
      fail_at(
          reader, line,
          fmt::format("expected {} fields (as in the header), found {}", columns, fields.size()));
    }
    on_row(line, fields);
  }
  return rows;
}

// The second pass over a table with text feature columns: each such column's texts, numbered
// in byte order, replace the NaN the first pass wrote in their cells. Numbers in such a
// column are categories too, as written ("1" and "1.0" are two).
void code_text_columns(const std::string& path, char delimiter, std::size_t target_column,
                       const std::vector<std::string>& names,
                       const std::vector<TextCell>& first_text, std::vector<float>& features,
                       Dataset& data) {
  std::vector<std::size_t> columns;  // file columns that are categorical
  for (std::size_t c = 0; c < names.size(); ++c) {
    if (first_text[c].line != 0) columns.push_back(c);
  }
  std::vector<data_detail::CategoryColumn> collected(columns.size());
  LineReader reader(path);
  std::string header;
  next_record(reader, header, delimiter);
  for_each_row(reader, delimiter, names.size(),
               [&](std::size_t, const std::vector<std::string_view>& fields) {
                 for (std::size_t i = 0; i < columns.size(); ++i) {
                   const std::string_view cell = fields[columns[i]];
                   if (collected[i].add(cell, data_detail::is_missing_token(cell))) continue;
                   const TextCell& text = first_text[columns[i]];
                   throw DataError(fmt::format(
                       "{}: column '{}' (text from line {}: {}): expected at most {} distinct "
                       "values in a text (categorical) column, found more; an identifier or "
                       "free-text column cannot be learned from: drop it, or encode it as "
                       "numbers",
                       path, names[columns[i]], text.line, data_detail::show_cell(text.cell),
                       data_detail::kMaxCategories));
                 }
               });
  const std::size_t width = names.size() - 1;
  data.categories.assign(width, {});
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::size_t feature = columns[i] - (columns[i] > target_column ? 1 : 0);
    data_detail::CategoryColumn::Coded coded = collected[i].finish();
    for (std::size_t r = 0; r < coded.index.size(); ++r) {
      features[r * width + feature] = coded.index[r] < 0 ? std::numeric_limits<float>::quiet_NaN()
                                                         : static_cast<float>(coded.index[r]);
    }
    data.categories[feature] = std::move(coded.categories);
  }
}

}  // namespace

Dataset read_table(const std::string& path, const std::string& target, Task task) {
  TableOptions options;
  options.target = target;
  options.task = task;
  return read_table(path, options);
}

Dataset read_table(const std::string& path, const TableOptions& options) {
  const std::string& target = options.target;
  const Task task = options.task;
  LineReader reader(path);
  std::string record;
  const std::size_t header_line = next_nonblank_line(reader, record);
  if (header_line == 0) {
    throw DataError(path + ": empty file: expected a header line, found no text");
  }
  if (record.rfind("\xEF\xBB\xBF", 0) == 0) record.erase(0, 3);  // UTF-8 byte order mark
  const char delimiter = options.delimiter != '\0'                ? options.delimiter
                         : record.find('\t') != std::string::npos ? '\t'
                                                                  : ',';
  complete_record(reader, record, delimiter, header_line);

  std::vector<std::string_view> fields;
  split_or_fail(reader, header_line, record, delimiter, fields);
  const std::vector<std::string> names(fields.begin(), fields.end());
  if (names.size() < 2) {
    fail_at(reader, header_line,
            fmt::format("header: expected at least 2 tab- or comma-separated columns (features "
                        "and a target), found 1: {}",
                        data_detail::show_cell(names.front())));
  }
  const std::size_t target_column = find_target_column(reader, header_line, names, target);

  Dataset data;
  data.task = task;
  data.source = path;
  data.target_name = names[target_column];
  for (std::size_t c = 0; c < names.size(); ++c) {
    if (c != target_column) data.feature_names.push_back(names[c]);
  }

  std::vector<std::string> shown_columns;  // built once: the row loop runs per cell
  for (std::size_t c = 0; c < names.size(); ++c) {
    shown_columns.push_back(
        fmt::format("{}column '{}'", c == target_column ? "target " : "", names[c]));
  }
  std::vector<float> features;
  std::vector<float> targets;
  std::vector<TextCell> first_text(names.size());
  data_detail::LabelEncoder labels;
  const std::size_t rows =
      for_each_row(reader, delimiter, names.size(),
                   [&](std::size_t line, const std::vector<std::string_view>& fields) {
                     for (std::size_t c = 0; c < fields.size(); ++c) {
                       if (c != target_column) {
                         features.push_back(feature_cell(reader, line, shown_columns[c], fields[c],
                                                         options.missing, first_text[c]));
                       } else if (task == Task::kRegression) {
                         targets.push_back(target_cell(reader, line, shown_columns[c], fields[c]));
                       } else if (data_detail::is_missing_token(fields[c])) {
                         fail_at(reader, line,
                                 fmt::format("{}: expected a class label, found a missing value {}",
                                             shown_columns[c], data_detail::show_cell(fields[c])));
                       } else {
                         labels.add(fields[c]);
                       }
                     }
                   });
  if (rows == 0) {
    fail_at(reader, header_line, "expected data rows after the header, found none");
  }

  // A numeric table is read once; one with text feature columns a second time for their texts.
  const bool has_text = std::any_of(first_text.begin(), first_text.end(),
                                    [](const TextCell& t) { return t.line != 0; });
  if (has_text) {
    code_text_columns(path, delimiter, target_column, names, first_text, features, data);
  }

  const auto n = static_cast<Eigen::Index>(rows);
  data.X = Eigen::Map<const Dataset::Matrix>(features.data(), n,
                                             static_cast<Eigen::Index>(names.size() - 1));
  if (task == Task::kRegression) {
    data.y = Eigen::Map<const Eigen::VectorXf>(targets.data(), n);
    return data;
  }
  data_detail::assign_classes(labels, "target column '" + data.target_name + "'", data);
  return data;
}

}  // namespace fermata
