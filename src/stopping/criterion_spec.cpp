#include "stopping/criterion_spec.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include <fermata/core/error.hpp>
#include <fermata/stopping/options.hpp>

namespace fermata::stopping_detail {
namespace {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

[[noreturn]] void malformed(const std::string& spec, const std::string& detail) {
  throw JobError("malformed stopping criterion '" + spec + "': " + detail +
                 " (expected name or name(key=value, ...), e.g. patience(patience=10))");
}

}  // namespace

CriterionSpec parse_criterion_spec(const std::string& spec) {
  const std::string text = trim(spec);
  const auto open = text.find('(');
  CriterionSpec out;
  out.name = trim(text.substr(0, open));
  if (out.name.empty()) malformed(spec, "no name");
  if (open == std::string::npos) {
    if (text.find(')') != std::string::npos) malformed(spec, "')' without '('");
    return out;
  }
  if (text.back() != ')') malformed(spec, "no closing ')'");
  const std::string inside = text.substr(open + 1, text.size() - open - 2);
  if (trim(inside).empty()) return out;
  std::size_t at = 0;
  while (at <= inside.size()) {
    const auto comma = std::min(inside.find(',', at), inside.size());
    const std::string item = inside.substr(at, comma - at);
    const auto equals = item.find('=');
    if (equals == std::string::npos) malformed(spec, "'" + trim(item) + "' is not key=value");
    const std::string key = trim(item.substr(0, equals));
    const std::string value_text = trim(item.substr(equals + 1));
    double value = 0.0;
    const auto [end, error] =
        std::from_chars(value_text.data(), value_text.data() + value_text.size(), value);
    if (key.empty() || value_text.empty() || error != std::errc() ||
        end != value_text.data() + value_text.size() || !std::isfinite(value)) {
      malformed(spec, "'" + trim(item) + "' is not key=number");
    }
    for (const auto& [seen, unused] : out.parameters) {
      if (seen == key) malformed(spec, "'" + key + "' is given twice");
    }
    out.parameters.emplace_back(key, value);
    at = comma + 1;
  }
  return out;
}

void set_parameter(StoppingSettings& settings, const std::string& key, double value,
                   const std::string& spec) {
  const StoppingOption* option = find_stopping_option(key);
  if (option == nullptr) throw JobError("'" + key + "' is not a numeric stopping setting");
  if (option->integer && (value != std::floor(value) || std::abs(value) > 1e9)) {
    throw JobError(fmt::format("stopping criterion '{}': {} must be {}, found {}", spec, key,
                               option->range(), value));
  }
  settings.set(key, value);
}

void check_parameter(const StoppingSettings& settings, const std::string& key,
                     const std::string& spec) {
  const StoppingOption* option = find_stopping_option(key);
  if (option == nullptr) throw JobError("'" + key + "' is not a numeric stopping setting");
  const double value = settings.number(key);
  if (!option->accepts(value)) {
    throw JobError(fmt::format(
        "stopping criterion '{}': {} must be {}, found {} (set stopping.{} in the job, or give "
        "it in the spec as {}({}=...))",
        spec, key, option->range(), value, key, trim(spec.substr(0, spec.find('('))), key));
  }
}

std::string canonical_label(const CriterionSpec& spec, const std::vector<std::string>& keys) {
  std::vector<std::string> parts;
  for (const std::string& key : keys) {
    for (const auto& [given, value] : spec.parameters) {
      if (given == key) parts.push_back(fmt::format("{}={}", key, value));
    }
  }
  if (parts.empty()) return spec.name;
  return fmt::format("{}({})", spec.name, fmt::join(parts, ","));
}

}  // namespace fermata::stopping_detail
