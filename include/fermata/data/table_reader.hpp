#pragma once

#include <string>

#include <fermata/data/dataset.hpp>

namespace fermata {

/// @brief Reads a delimited text table (.csv or .tsv, optionally gzipped; the delimiter is
/// taken from the header line) with a header row. `target` is a column name or a 0-based
/// column index. Classification targets may be numbers or strings; classes are numbered in
/// sorted order of their labels (numerically when all labels are numbers). Throws DataError
/// naming the file and line for: missing or unreadable file, empty file, missing target
/// column, ragged rows, non-numeric features, a missing or non-numeric regression target.
Dataset read_table(const std::string& path, const std::string& target, Task task);

}  // namespace fermata
