#include "objectives/xgboost_parameters.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <xgboost/c_api.h>
#include <nlohmann/json.hpp>

#include <fermata/core/error.hpp>
#include <fermata/core/spelling.hpp>

#include "objectives/booster_training.hpp"
#include "objectives/xgboost_api.hpp"

namespace fermata {
namespace {

/// The parameters that choose which of XGBoost's components (and so which parameter sets)
/// a booster has; every other parameter only sets a value inside them.
constexpr std::array<const char*, 4> kStructural = {"booster", "objective", "tree_method",
                                                    "updater"};

/// The objectives fermata gives a task when the job names none (booster_training.cpp).
const std::vector<std::string> kDefaultObjectives = {"reg:squarederror", "binary:logistic",
                                                     "multi:softprob"};

/// Adds the keys of every object named `*_param` below `node`, as XGBoost's
/// LearnerConfiguration::ValidateParameters collects them.
void collect_parameter_keys(const nlohmann::json& node, std::set<std::string>& names) {
  if (!node.is_object()) return;
  static const std::string kSuffix = "_param";
  for (auto entry = node.begin(); entry != node.end(); ++entry) {
    const std::string& key = entry.key();
    const bool parameters = key.size() > kSuffix.size() && key.ends_with(kSuffix);
    if (parameters && entry->is_object()) {
      for (auto item = entry->begin(); item != entry->end(); ++item) names.insert(item.key());
    } else {
      collect_parameter_keys(*entry, names);
    }
  }
}

/// The values the job gives structural parameter `name`: its fixed value, or every choice of a
/// categorical space parameter; `fallback` when it gives none.
std::vector<std::string> job_values(const ObjectiveSpec& spec, const std::string& name,
                                    const std::vector<std::string>& fallback) {
  const int index = spec.space.index_of(name);
  if (index >= 0) {
    const Parameter& p = spec.space[static_cast<std::size_t>(index)];
    if (p.kind == ParamKind::kCategorical) return p.choices;
    return fallback;  // a numeric booster or objective fails later with XGBoost's own message
  }
  const auto fixed = spec.model.fixed.find(name);
  if (fixed != spec.model.fixed.end()) return {fixed->second};
  return fallback;
}

}  // namespace

std::set<std::string> xgboost_parameter_names(
    const std::map<std::string, std::string>& structural) {
  // A configured booster needs a matrix; two rows of one feature with labels valid for every
  // objective (0 and 1) are enough, and the configuration does not depend on the data.
  const std::array<float, 2> values = {0.0F, 1.0F};
  xgb::DMatrix matrix(values.data(), values.size(), 1);
  matrix.set_labels(values.data(), values.size());
  xgb::Booster booster(matrix);
  booster.set_param("verbosity", "0");
  for (const auto& [name, value] : structural) booster.set_param(name, value);
  std::set<std::string> names;
  const nlohmann::json config = nlohmann::json::parse(booster.json_config());
  collect_parameter_keys(config, names);
  const char* global_text = nullptr;
  xgb::check(XGBGetGlobalConfig(&global_text), "XGBGetGlobalConfig");
  const nlohmann::json global = nlohmann::json::parse(global_text);
  for (auto item = global.begin(); item != global.end(); ++item) names.insert(item.key());
  names.insert("eval_metric");  // read by the learner, but kept outside the *_param objects
  return names;
}

void check_booster_option_names(const ObjectiveSpec& spec,
                                const std::vector<std::string>& own_names) {
  // Every combination of the job's structural choices: each may bring parameters of its own
  // (dart's rate_drop, tweedie's variance power, ...).
  std::vector<std::map<std::string, std::string>> setups = {{}};
  for (const char* name : kStructural) {
    const std::vector<std::string> fallback =
        name == std::string("objective") ? kDefaultObjectives : std::vector<std::string>{};
    const std::vector<std::string> choices = job_values(spec, name, fallback);
    if (choices.empty()) continue;
    std::vector<std::map<std::string, std::string>> grown;
    for (const auto& setup : setups) {
      for (const std::string& choice : choices) {
        auto next = setup;
        next[name] = choice;
        grown.push_back(std::move(next));
      }
    }
    setups = std::move(grown);
  }
  std::set<std::string> valid(own_names.begin(), own_names.end());
  for (auto& setup : setups) {
    // A multi-class objective refuses to configure without a class count; any will do.
    const auto objective = setup.find("objective");
    if (objective != setup.end() && objective->second.starts_with("multi:")) {
      setup.emplace("num_class", "3");
    }
    try {
      const std::set<std::string> names = xgboost_parameter_names(setup);
      valid.insert(names.begin(), names.end());
    } catch (const ModelError& e) {
      std::vector<std::string> keys;
      for (const char* name : kStructural) {
        const std::string key = job_option_key(spec, name);
        if (!key.empty()) keys.push_back(key + " " + setup.at(name));
      }
      throw JobError(fmt::format("model.kind {}: XGBoost rejected {}: {}", spec.model.kind,
                                 keys.empty() ? "its default setup" : join_words(keys), e.what()));
    }
  }
  const std::vector<std::string> candidates(valid.begin(), valid.end());
  const auto check = [&](const std::string& key, const std::string& name) {
    if (valid.count(name) != 0) return;
    throw JobError(fmt::format(
        "{}: expected a parameter of the {} model (one of XGBoost {}'s parameters or {}), "
        "found '{}', which XGBoost would ignore{}",
        key, spec.model.kind, xgb::version(), join_words(own_names), name,
        did_you_mean(name, candidates)));
  };
  for (const Parameter& p : spec.space.parameters()) check("space." + p.name, p.name);
  for (const auto& [name, value] : spec.model.fixed) check("model.fixed." + name, name);
}

}  // namespace fermata
