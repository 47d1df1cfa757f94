#pragma once

#include <string>
#include <string_view>

#include <fermata/report/report_model.hpp>

// Text as the HTML report shows it: escaped, and numbers, durations and times formatted
// the same way in every section and chart.
namespace fermata::markup {

/// @brief `text` with &, <, >, " and ' replaced by entities: safe in element content and in
/// quoted attribute values.
std::string escape(std::string_view text);

/// @brief A number with 6 significant digits; "–" when not finite.
std::string number(double value);

/// @brief A number with 3 significant digits (tick labels, tooltips); "–" when not finite.
std::string short_number(double value);

/// @brief "12.3 s", "4.5 min", "1.25 h"; "–" when not finite.
std::string duration(double seconds);

/// @brief Unix seconds as "2024-05-01 12:34:56 UTC"; "–" when not finite.
std::string utc(double unix_seconds);

/// @brief A hyperparameter value as text: the integer, the number, the choice, or "–".
std::string value_text(const ReportValue& value);

}  // namespace fermata::markup
