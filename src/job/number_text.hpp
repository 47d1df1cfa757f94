#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fermata::job_yaml {

/// @brief The decimal integer `text` is exactly (optional sign, digits only), or nothing.
std::optional<long long> parse_integer(std::string_view text);

/// @brief The non-negative decimal integer `text` is exactly, or nothing (full uint64 range).
std::optional<unsigned long long> parse_unsigned(std::string_view text);

/// @brief The finite number `text` is exactly ("0.1", "1e-6", "+3", "5"), or nothing.
/// YAML's .inf and .nan are rejected: no setting of a job makes sense at infinity.
std::optional<double> parse_number(std::string_view text);

/// @brief The shortest text that reads back as exactly `value` ("0.1", "200", "1.0e-06").
/// A mantissa without a point gets ".0" before the exponent so YAML 1.1 readers (PyYAML)
/// see a float, not a string.
std::string format_number(double value);

}  // namespace fermata::job_yaml
