#include "stopping/criterion_spec.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include <fermata/core/error.hpp>

namespace fermata::stopping_detail {
namespace {

/// The numeric fields a spec may set, and their ranges (as in the job file).
struct Rule {
  const char* key;
  bool integer;
  double low;
  double high;
  bool low_open;
  bool high_open;
  const char* range;  ///< how a message states it
};

constexpr double kHuge = 1e308;
const Rule kRules[] = {
    {"min_trials", true, 1, kHuge, false, false, "an integer >= 1"},
    {"error_scale", false, 0, kHuge, true, false, "a number > 0"},
    {"top_fraction", false, 0, 1, true, false, "a number in (0, 1]"},
    {"delta", false, 0, 1, true, true, "a number in (0, 1)"},
    {"patience", true, 1, kHuge, false, false, "an integer >= 1"},
    {"threshold", false, 0, kHuge, true, false, "a number > 0"},
    {"ei_threshold", false, 0, kHuge, true, false, "a number > 0"},
    {"pi_threshold", false, 0, 1, true, true, "a number in (0, 1)"},
    {"emmr_threshold", false, 0, kHuge, false, false, "a number >= 0"},
};

const Rule* find_rule(const std::string& key) {
  for (const Rule& rule : kRules) {
    if (key == rule.key) return &rule;
  }
  return nullptr;
}

double field(const StoppingSettings& s, const std::string& key) {
  if (key == "min_trials") return s.min_trials;
  if (key == "error_scale") return s.error_scale;
  if (key == "top_fraction") return s.top_fraction;
  if (key == "delta") return s.delta;
  if (key == "patience") return s.patience;
  if (key == "threshold") return s.threshold;
  if (key == "ei_threshold") return s.ei_threshold;
  if (key == "pi_threshold") return s.pi_threshold;
  return s.emmr_threshold;
}

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

void set_parameter(StoppingSettings& s, const std::string& key, double value,
                   const std::string& spec) {
  const Rule* rule = find_rule(key);
  if (rule == nullptr) throw JobError("'" + key + "' is not a numeric stopping setting");
  if (rule->integer) {
    if (value != std::floor(value) || std::abs(value) > 1e9) {
      throw JobError(fmt::format("stopping criterion '{}': {} must be {}, found {}", spec, key,
                                 rule->range, value));
    }
    (key == "min_trials" ? s.min_trials : s.patience) = static_cast<int>(value);
    return;
  }
  double* const fields[] = {&s.error_scale,  &s.top_fraction, &s.delta,         &s.threshold,
                            &s.ei_threshold, &s.pi_threshold, &s.emmr_threshold};
  const char* const names[] = {"error_scale",  "top_fraction", "delta",         "threshold",
                               "ei_threshold", "pi_threshold", "emmr_threshold"};
  for (std::size_t i = 0; i < std::size(names); ++i) {
    if (key == names[i]) *fields[i] = value;
  }
}

void check_parameter(const StoppingSettings& settings, const std::string& key,
                     const std::string& spec) {
  const Rule* rule = find_rule(key);
  if (rule == nullptr) throw JobError("'" + key + "' is not a numeric stopping setting");
  const double value = field(settings, key);
  const bool above_low = rule->low_open ? value > rule->low : value >= rule->low;
  const bool below_high = rule->high_open ? value < rule->high : value <= rule->high;
  if (!(above_low && below_high)) {
    throw JobError(fmt::format(
        "stopping criterion '{}': {} must be {}, found {} (set stopping.{} in the job, or give "
        "it in the spec as {}({}=...))",
        spec, key, rule->range, value, key, trim(spec.substr(0, spec.find('('))), key));
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
