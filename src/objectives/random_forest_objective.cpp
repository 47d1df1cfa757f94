#include "objectives/random_forest_objective.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

constexpr int kDefaultTrees = 100;
constexpr double kBootstrapShare = 0.632;        // 1 − 1/e, rounded as the literature quotes it
constexpr std::size_t kDefaultMinSplitRows = 2;  // scikit-learn's min_samples_split = 2
constexpr const char* kLeafLambda = "1e-05";

/// Whether the job gives `name`, tuned or fixed.
bool job_sets(const ObjectiveSpec& spec, const std::string& name) {
  return spec.space.index_of(name) >= 0 || spec.model.fixed.count(name) != 0;
}

void reject_both(const ObjectiveSpec& spec, const std::string& ours, const std::string& xgboost) {
  if (job_sets(spec, ours) && job_sets(spec, xgboost)) {
    throw JobError("model random_forest: " + ours + " sets XGBoost's " + xgboost +
                   "; expected only one of them, found both");
  }
}

/// The domain of a space parameter or the value of a fixed option, against [low, high].
void check_option_range(const ObjectiveSpec& spec, const std::string& name, ParamKind kind,
                        double low, double high, bool open_low, const std::string& expected) {
  const auto inside = [&](double v) { return (open_low ? v > low : v >= low) && v <= high; };
  const int index = spec.space.index_of(name);
  if (index >= 0) {
    const Parameter& p = spec.space[static_cast<std::size_t>(index)];
    if (p.kind != kind || !inside(p.low) || !inside(p.high)) {
      throw JobError(fmt::format("space.{}: expected {}, found a {} in [{}, {}]", name, expected,
                                 to_string(p.kind), p.low, p.high));
    }
    return;
  }
  const auto fixed = spec.model.fixed.find(name);
  if (fixed == spec.model.fixed.end()) return;
  const ModelOption option{fixed->second, "model.fixed." + name};
  double value = 0.0;
  try {
    value = kind == ParamKind::kInt ? positive_int_option(option) : number_option(option);
  } catch (const ModelError&) {
    value = std::nan("");
  }
  if (!inside(value)) {
    throw JobError(fmt::format("{}: expected {}, found '{}'", option.key, expected, option.value));
  }
}

/// Breiman's features per split as XGBoost's colsample_bynode (see the header).
double features_per_split(const Dataset& data) {
  const auto p = static_cast<double>(data.features());
  const double k = data.task == Task::kClassification ? std::floor(std::sqrt(p))
                                                      : std::max(1.0, std::floor(p / 3.0));
  return std::min(1.0, (k + 0.5) / p);
}

}  // namespace

std::size_t min_split_rows(double fraction, std::size_t train_rows) {
  const double rows = std::ceil(fraction * static_cast<double>(train_rows) - 1e-9);
  return std::max<std::size_t>(1, static_cast<std::size_t>(std::max(rows, 0.0)));
}

double min_child_weight_for_rows(std::size_t min_rows, double row_hessian) {
  const std::size_t child_rows = (min_rows + 1) / 2;
  return row_hessian * (static_cast<double>(child_rows) - 0.5);
}

std::optional<double> first_round_row_hessian(const std::map<std::string, std::string>& params) {
  const auto get = [&](const std::string& name, const std::string& fallback) {
    const auto it = params.find(name);
    return it == params.end() ? fallback : it->second;
  };
  const std::string objective = get("objective", "reg:squarederror");
  if (objective == "reg:squarederror") return 1.0;
  if (objective == "binary:logistic" || objective == "reg:logistic") {
    const double b = number_option({get("base_score", "0.5"), "base_score"});
    return b * (1.0 - b);
  }
  if (objective == "multi:softprob") {
    const double k = number_option({get("num_class", "0"), "num_class"});
    if (k < 2) return std::nullopt;
    return 2.0 * (k - 1.0) / (k * k);
  }
  return std::nullopt;
}

RandomForestObjective::RandomForestObjective(const ObjectiveSpec& spec,
                                             std::shared_ptr<const PreparedData> data)
    : spec_(spec), trainer_(spec, std::move(data)) {
  reject_both(spec_, "n_estimators", "num_parallel_tree");
  reject_both(spec_, "min_samples_split", "min_child_weight");
  check_option_range(spec_, "n_estimators", ParamKind::kInt, 1, 1e9, false, "an int of at least 1");
  check_option_range(spec_, "min_samples_split", ParamKind::kFloat, 0, 1, true,
                     "a float in (0, 1]");
  if (job_sets(spec_, "min_samples_split")) {
    for (const std::string& objective : job_booster_objectives(spec_, trainer_.dataset())) {
      auto params = trainer_.base_params(0);
      params["objective"] = objective;
      if (!first_round_row_hessian(params)) {
        throw JobError(
            "min_samples_split: counts rows through the hessian, known for "
            "reg:squarederror, binary:logistic, reg:logistic and multi:softprob; "
            "found objective '" +
            objective + "' (set min_child_weight instead)");
      }
    }
  }
}

BoosterSetup RandomForestObjective::setup(const Config& config, int split) const {
  BoosterSetup out;
  out.rounds = 1;
  out.params = trainer_.base_params(split);
  out.params["learning_rate"] = "1";
  out.params["num_parallel_tree"] = std::to_string(kDefaultTrees);
  out.params["subsample"] = fmt::format("{}", kBootstrapShare);
  out.params["colsample_bynode"] = fmt::format("{}", features_per_split(trainer_.dataset()));
  out.params["reg_lambda"] = kLeafLambda;
  out.params["base_score"] = "0.5";
  std::size_t min_rows = kDefaultMinSplitRows;
  for (const auto& [name, option] : model_options(spec_, config)) {
    if (name == "n_estimators") {
      out.params["num_parallel_tree"] = std::to_string(positive_int_option(option));
    } else if (name == "min_samples_split") {
      const double fraction = number_option(option);
      if (!(fraction > 0.0 && fraction <= 1.0)) {
        throw ModelError(option.key + ": expected a float in (0, 1], found " + option.value);
      }
      min_rows = min_split_rows(fraction, trainer_.train_rows(split));
    } else {
      out.params[name] = option.value;
    }
  }
  if (out.params.count("min_child_weight") == 0) {
    // Without a row-constant hessian XGBoost's own default stays (only reachable without
    // min_samples_split: the constructor rejects the combination).
    if (const auto hessian = first_round_row_hessian(out.params)) {
      out.params["min_child_weight"] =
          fmt::format("{}", min_child_weight_for_rows(min_rows, *hessian));
    }
  }
  return out;
}

double RandomForestObjective::evaluate(const Config& config, std::int64_t /*trial*/, int fold) {
  return trainer_.score_fold(fold, setup(config, fold));
}

double RandomForestObjective::test_error(const Config& config, std::int64_t /*trial*/) {
  return trainer_.score_test(setup(config, BoosterTrainer::kTestSplit));
}

}  // namespace fermata
