#include "objectives/mlp_options.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fermata/core/error.hpp>
#include <fermata/core/spelling.hpp>

namespace fermata {
namespace {

/// What values one option accepts; `expected` says it in words for error messages.
struct OptionRule {
  std::string_view name;
  bool integer;
  bool (*in_range)(double);
  std::string_view expected;
};

constexpr OptionRule kRules[] = {
    {"layers", true, [](double v) { return v >= 0; }, "an integer >= 0"},
    {"width", true, [](double v) { return v >= 1; }, "an integer >= 1"},
    {"learning_rate", false, [](double v) { return v > 0; }, "a number > 0"},
    {"weight_decay", false, [](double v) { return v >= 0; }, "a number >= 0"},
    {"batch_size", true, [](double v) { return v >= 1; }, "an integer >= 1"},
    {"epochs", true, [](double v) { return v >= 1; }, "an integer >= 1"},
    {"dropout", false, [](double v) { return v >= 0 && v < 1; }, "a probability in [0, 1)"},
};

const OptionRule* find_rule(std::string_view name) {
  for (const OptionRule& rule : kRules) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
}

std::string valid_names() {
  return fmt::format("{}", fmt::join(mlp_option_names(), ", "));
}

bool acceptable(const OptionRule& rule, double value) {
  if (!std::isfinite(value) || !rule.in_range(value)) return false;
  if (!rule.integer) return true;
  return value == std::round(value) && value <= std::numeric_limits<int>::max();
}

/// The number `text` spells, if all of it is one.
bool parse_number(const std::string& text, double& value) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end;
}

void assign(MlpOptions& options, std::string_view name, double value) {
  const int as_int = static_cast<int>(value);
  if (name == "layers") options.layers = as_int;
  if (name == "width") options.width = as_int;
  if (name == "learning_rate") options.learning_rate = value;
  if (name == "weight_decay") options.weight_decay = value;
  if (name == "batch_size") options.batch_size = as_int;
  if (name == "epochs") options.epochs = as_int;
  if (name == "dropout") options.dropout = value;
}

/// Checks one space parameter's domain: every value the optimizer may propose is valid.
void check_tuned(const Parameter& p, const std::map<std::string, std::string>& fixed) {
  const std::string key = "space." + p.name;
  const OptionRule* rule = find_rule(p.name);
  if (rule == nullptr) {
    throw JobError(key + ": not an option of the mlp model; valid options: " + valid_names() +
                   did_you_mean(p.name, mlp_option_names()));
  }
  if (fixed.count(p.name) != 0) {
    throw JobError(key + ": also set in model.fixed." + p.name +
                   "; an option is either tuned or fixed, not both");
  }
  if (p.kind == ParamKind::kCategorical) {
    for (const std::string& choice : p.choices) {
      double value = 0.0;
      if (!parse_number(choice, value) || !acceptable(*rule, value)) {
        throw JobError(fmt::format("{}: expected choices that are {}, found '{}'", key,
                                   rule->expected, choice));
      }
    }
    return;
  }
  if (rule->integer && p.kind == ParamKind::kFloat) {
    throw JobError(key + ": expected type int (" + p.name + " is " + std::string(rule->expected) +
                   "), found type float");
  }
  for (const double bound : {p.low, p.high}) {
    if (!acceptable(*rule, bound)) {
      throw JobError(fmt::format("{}: expected bounds that are {}, found [{}, {}]", key,
                                 rule->expected, p.low, p.high));
    }
  }
}

}  // namespace

const std::vector<std::string>& mlp_option_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const OptionRule& rule : kRules) out.emplace_back(rule.name);
    return out;
  }();
  return names;
}

MlpOptionReader::MlpOptionReader(const std::map<std::string, std::string>& fixed,
                                 const Space& space)
    : space_(space) {
  for (const auto& [name, text] : fixed) {
    const OptionRule* rule = find_rule(name);
    if (rule == nullptr) {
      throw JobError("model.fixed." + name + ": not an option of the mlp model; valid options: " +
                     valid_names() + did_you_mean(name, mlp_option_names()));
    }
    double value = 0.0;
    if (!parse_number(text, value) || !acceptable(*rule, value)) {
      throw JobError(
          fmt::format("model.fixed.{}: expected {}, found '{}'", name, rule->expected, text));
    }
    assign(fixed_, name, value);
  }
  for (const Parameter& p : space.parameters()) check_tuned(p, fixed);
}

MlpOptions MlpOptionReader::options(const Config& config) const {
  if (config.size() != space_.size()) {
    throw ModelError(fmt::format("mlp: a configuration of {} values for a space of {}",
                                 config.size(), space_.size()));
  }
  MlpOptions options = fixed_;
  for (std::size_t i = 0; i < space_.size(); ++i) {
    const Parameter& p = space_[i];
    const OptionRule& rule = *find_rule(p.name);
    double value = config[i];
    const bool parsed =
        p.kind != ParamKind::kCategorical || parse_number(space_.format_value(i, value), value);
    if (!parsed || !acceptable(rule, value)) {
      throw ModelError(fmt::format("mlp option {}: expected {}, found {}", p.name, rule.expected,
                                   space_.format_value(i, config[i])));
    }
    assign(options, p.name, value);
  }
  return options;
}

}  // namespace fermata
