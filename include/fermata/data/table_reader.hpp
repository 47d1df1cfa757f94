#pragma once

#include <string>

#include <fermata/data/dataset.hpp>
#include <fermata/data/settings.hpp>

namespace fermata {

/// @brief How read_table reads a table: which column is the target, the task, the
/// delimiter and what a missing feature value does.
struct TableOptions {
  std::string target = "target";  ///< a column name or a 0-based column index
  Task task = Task::kClassification;
  char delimiter = '\0';  ///< '\0': a tab if the header line has one, else a comma
  MissingPolicy missing = MissingPolicy::kError;
};

/// @brief Reads a delimited text table (.csv or .tsv, optionally gzipped; the delimiter is
/// a tab if the header line has one, else a comma) with a header row. Fields may be quoted
/// RFC-4180 style ("a, b", doubled "" inside, line breaks allowed); blank lines are skipped.
/// `target` is a column name or a 0-based column index (a name match wins); every other
/// column is a feature. A feature column is numeric when every non-missing cell is a finite
/// number, and categorical when some non-missing cell is text: its distinct texts (numbers
/// in it included, as written) become `Dataset::categories`, sorted byte-wise, and X holds
/// each cell's index among them (such a table is read twice). Classification targets may be numbers
/// or strings; classes are numbered in sorted order of their labels (numerically when all labels
/// are numbers). Missing cells are empty fields and the usual spellings NA, NaN, nan,
/// ?, N/A, NULL, None, ... (see is_missing_token); under MissingPolicy::kAllow a missing
/// feature is stored as NaN. Throws DataError naming the file and 1-based line (and column)
/// for: missing or unreadable file, empty file, header without rows, missing target column,
/// ragged rows, malformed quotes, infinite or out-of-range numbers, a text column with more
/// than 1000 distinct values (data_detail::kMaxCategories), missing features under kError, a
/// missing class label or a missing or non-numeric regression target, and fewer than two
/// classes.
Dataset read_table(const std::string& path, const TableOptions& options);

/// @brief read_table with `target` and `task` and the other options at their defaults.
Dataset read_table(const std::string& path, const std::string& target, Task task);

}  // namespace fermata
