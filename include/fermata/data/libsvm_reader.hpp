#pragma once

#include <string>

#include <fermata/data/dataset.hpp>
#include <fermata/data/settings.hpp>

namespace fermata {

/// @brief Reads a LibSVM / SVMlight file (optionally gzipped): one row per line,
/// `label index:value index:value ...`, separated by spaces or tabs; `#` starts a comment;
/// `qid:n` is ignored; absent entries are 0. Indices are 0-based if any index 0 appears,
/// else 1-based; features are named f<index> as written, so a 1-based file with largest
/// index 5 gives f1..f5. Labels must be numbers: for classification the distinct values are
/// classes in ascending numeric order (class_labels keeps their text as first written: "-1",
/// "1"; "1" and "1.0" are one class), for regression they are the target. A value NaN is a
/// missing feature, handled by `missing`. There is no target column to choose: the label
/// always comes first. Throws DataError naming the file and 1-based line for: missing or
/// unreadable file, no rows, a missing or non-numeric label, a malformed entry, an index
/// written twice in a row, a non-numeric or infinite value, a missing value under kError,
/// and fewer than two classes.
Dataset read_libsvm(const std::string& path, Task task,
                    MissingPolicy missing = MissingPolicy::kError);

}  // namespace fermata
