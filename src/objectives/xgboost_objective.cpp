#include "objectives/xgboost_objective.hpp"

#include <cmath>
#include <stdexcept>

#include <fermata/core/error.hpp>
#include <fermata/core/rng.hpp>
#include <fermata/objectives/metrics.hpp>

namespace fermata {
namespace {

constexpr int kDefaultRounds = 100;

int parse_rounds(const std::string& text, const std::string& where) {
  try {
    const double value = std::stod(text);
    if (value >= 1 && value == std::round(value)) return static_cast<int>(value);
  } catch (const std::exception&) {
  }
  throw ModelError(where + " n_estimators: expected a positive integer, found '" + text + "'");
}

}  // namespace

XGBoostObjective::XGBoostObjective(const ObjectiveSpec& spec,
                                   std::shared_ptr<const PreparedData> data)
    : spec_(spec), data_(std::move(data)) {
  const Dataset& d = data_->data;
  all_rows_ = xgb::DMatrix(d.X.data(), d.rows(), d.features());
  all_rows_.set_labels(d.y.data(), d.rows());
}

XGBoostObjective::FoldMatrices& XGBoostObjective::fold_matrices(int fold) {
  auto it = fold_cache_.find(fold);
  if (it != fold_cache_.end()) return it->second;
  const Fold& f = data_->folds.at(static_cast<std::size_t>(fold));
  FoldMatrices m{all_rows_.slice(f.train), all_rows_.slice(f.validation), {}};
  m.validation_labels.reserve(f.validation.size());
  for (std::size_t row : f.validation) {
    m.validation_labels.push_back(data_->data.y[static_cast<Eigen::Index>(row)]);
  }
  return fold_cache_.emplace(fold, std::move(m)).first->second;
}

std::map<std::string, std::string> XGBoostObjective::booster_params(const Config& config, int fold,
                                                                    int& rounds) const {
  const Dataset& d = data_->data;
  std::map<std::string, std::string> params;
  if (d.task == Task::kRegression) {
    params["objective"] = "reg:squarederror";
  } else if (d.num_classes == 2) {
    params["objective"] = "binary:logistic";
  } else {
    params["objective"] = "multi:softprob";
    params["num_class"] = std::to_string(d.num_classes);
  }
  params["nthread"] = std::to_string(spec_.model.threads);
  params["tree_method"] = "hist";
  params["verbosity"] = "0";
  params["seed"] = std::to_string(
      derive_seed(spec_.seed, {kStreamModel, static_cast<std::uint64_t>(fold)}) % 2147483647ULL);
  rounds = kDefaultRounds;
  for (const auto& [name, value] : spec_.model.fixed) {
    if (name == "n_estimators") {
      rounds = parse_rounds(value, "model.fixed.");
    } else {
      params[name] = value;
    }
  }
  const Space& space = spec_.space;
  for (std::size_t i = 0; i < space.size(); ++i) {
    const std::string text = space.format_value(i, config.at(i));
    if (space[i].name == "n_estimators") {
      rounds = parse_rounds(text, "space.");
    } else {
      params[space[i].name] = text;
    }
  }
  return params;
}

double XGBoostObjective::evaluate(const Config& config, std::int64_t /*trial*/, int fold) {
  if (fold < 0 || fold >= folds()) {
    throw std::out_of_range("fold " + std::to_string(fold) + " of " + std::to_string(folds()));
  }
  return train_and_score(config, fold, fold_matrices(fold));
}

double XGBoostObjective::test_error(const Config& config, std::int64_t /*trial*/) {
  const HoldoutSplit& split = data_->split;
  if (split.test.empty()) throw ModelError("no test rows (data.test_fraction is 0)");
  constexpr int kTestKey = -1;
  auto it = fold_cache_.find(kTestKey);
  if (it == fold_cache_.end()) {
    FoldMatrices m{all_rows_.slice(split.pool), all_rows_.slice(split.test), {}};
    for (std::size_t row : split.test) {
      m.validation_labels.push_back(data_->data.y[static_cast<Eigen::Index>(row)]);
    }
    it = fold_cache_.emplace(kTestKey, std::move(m)).first;
  }
  // The booster seed of the test model is that of "fold k", one past the last fold.
  return train_and_score(config, folds(), it->second);
}

double XGBoostObjective::train_and_score(const Config& config, int seed_fold,
                                         FoldMatrices& m) const {
  int rounds = 0;
  const auto params = booster_params(config, seed_fold, rounds);
  xgb::Booster booster(m.train);
  for (const auto& [name, value] : params) booster.set_param(name, value);
  for (int i = 0; i < rounds; ++i) booster.update(i, m.train);
  const std::vector<float> predictions = booster.predict(m.validation);
  const double error =
      compute_metric(spec_.model.metric, predictions, m.validation_labels, data_->data.num_classes);
  if (!std::isfinite(error)) throw ModelError("XGBoost produced a non-finite validation error");
  return error;
}

}  // namespace fermata
