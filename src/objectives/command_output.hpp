// What the command model reads from the user's program: the fold's error on its last line.
#pragma once

#include <string>

namespace fermata {

/// @brief The error a program reported on its last non-empty line of standard output (already
/// trimmed): a number such as `0.123` or `1e-3`, or a JSON object whose `error` member is a
/// number, such as `{"error": 0.123, "auc": 0.91}` (other members, nested ones included, are
/// ignored). Throws ModelError describing what the line holds instead, quoting it: nothing, a
/// non-number, invalid JSON, a JSON object without a numeric `error`, or a non-finite value.
double parse_error_line(const std::string& line);

}  // namespace fermata
