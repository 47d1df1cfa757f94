#include "objectives/booster_training.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <utility>

#include <fermata/core/error.hpp>
#include <fermata/core/rng.hpp>
#include <fermata/data/category_codes.hpp>
#include <fermata/objectives/metrics.hpp>

namespace fermata {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

/// The XGBoost objectives whose predictions `metric` reads correctly for `num_classes`.
std::vector<std::string> readable_objectives(const std::string& metric, int num_classes) {
  if (num_classes > 2) return {"multi:softprob"};
  if (metric_needs_probabilities(metric)) return {"binary:logistic"};
  // A 0/1 prediction is thresholded at 0.5 like a probability.
  return {"binary:logistic", "binary:hinge"};
}

std::string join_or(const std::vector<std::string>& list) {
  std::string out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == list.size() ? " or " : ", ") + list[i];
  }
  return out;
}

}  // namespace

std::string job_option_key(const ObjectiveSpec& spec, const std::string& name) {
  if (spec.space.index_of(name) >= 0) return "space." + name;
  if (spec.model.fixed.count(name) != 0) return "model.fixed." + name;
  return "";
}

std::map<std::string, ModelOption> model_options(const ObjectiveSpec& spec, const Config& config) {
  std::map<std::string, ModelOption> out;
  for (const auto& [name, value] : spec.model.fixed) out[name] = {value, "model.fixed." + name};
  const Space& space = spec.space;
  if (config.size() != space.size()) {
    throw ModelError("expected a configuration of " + std::to_string(space.size()) +
                     " values, found " + std::to_string(config.size()));
  }
  for (std::size_t i = 0; i < space.size(); ++i) {
    out[space[i].name] = {space.format_value(i, config[i]), "space." + space[i].name};
  }
  return out;
}

double number_option(const ModelOption& option) {
  double value = 0.0;
  const char* end = option.value.data() + option.value.size();
  const auto [ptr, ec] = std::from_chars(option.value.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) {
    throw ModelError(option.key + ": expected a number, found '" + option.value + "'");
  }
  return value;
}

int positive_int_option(const ModelOption& option) {
  double value = 0.0;
  try {
    value = number_option(option);
  } catch (const ModelError&) {
    value = 0.0;  // reported below with the expectation of an integer
  }
  if (value < 1 || value > 1e9 || value != std::round(value)) {
    throw ModelError(option.key + ": expected a positive integer, found '" + option.value + "'");
  }
  return static_cast<int>(value);
}

std::string default_booster_objective(const Dataset& data) {
  if (data.task == Task::kRegression) return "reg:squarederror";
  return data.num_classes == 2 ? "binary:logistic" : "multi:softprob";
}

std::vector<std::string> job_booster_objectives(const ObjectiveSpec& spec, const Dataset& data) {
  const int index = spec.space.index_of("objective");
  if (index >= 0) {
    const Parameter& p = spec.space[static_cast<std::size_t>(index)];
    if (p.kind != ParamKind::kCategorical) {
      throw JobError("space.objective: expected a categorical of XGBoost objectives, found a " +
                     std::string(to_string(p.kind)));
    }
    return p.choices;
  }
  const auto fixed = spec.model.fixed.find("objective");
  if (fixed != spec.model.fixed.end()) return {fixed->second};
  return {default_booster_objective(data)};
}

BoosterTrainer::BoosterTrainer(const ObjectiveSpec& spec, std::shared_ptr<const PreparedData> data)
    : spec_(spec), data_(std::move(data)) {
  const Dataset& d = data_->data;
  metric_ = resolve_metric(spec_.model.metric, d.task);
  if (d.task == Task::kClassification) {
    const std::vector<std::string> readable = readable_objectives(metric_, d.num_classes);
    for (const std::string& objective : job_booster_objectives(spec_, d)) {
      if (contains(readable, objective)) continue;
      throw JobError(job_option_key(spec_, "objective") + ": metric " + metric_ + " reads class " +
                     (d.num_classes > 2 || metric_needs_probabilities(metric_)
                          ? "probabilities"
                          : "probabilities or 0/1 classes") +
                     ", so with " + std::to_string(d.num_classes) + " classes expected " +
                     join_or(readable) + ", found '" + objective + "'");
    }
  }
  if (d.has_categorical()) return;  // each split codes its own matrices
  all_rows_ = xgb::DMatrix(d.X.data(), d.rows(), d.features());
  all_rows_.set_labels(d.y.data(), d.rows());
}

std::size_t BoosterTrainer::train_rows(int split) const {
  if (split == kTestSplit) return data_->split.pool.size();
  check_fold(split);
  return data_->folds[static_cast<std::size_t>(split)].train.size();
}

void BoosterTrainer::check_fold(int fold) const {
  if (fold < 0 || fold >= folds()) {
    throw std::out_of_range("expected a fold in [0, " + std::to_string(folds() - 1) + "], found " +
                            std::to_string(fold));
  }
}

std::map<std::string, std::string> BoosterTrainer::base_params(int split) const {
  const Dataset& d = data_->data;
  std::map<std::string, std::string> params;
  params["objective"] = default_booster_objective(d);
  if (d.task == Task::kClassification && d.num_classes > 2) {
    params["num_class"] = std::to_string(d.num_classes);
  }
  params["nthread"] = std::to_string(spec_.model.threads);
  params["tree_method"] = "hist";
  params["verbosity"] = "0";
  const auto seed_index = static_cast<std::uint64_t>(split == kTestSplit ? folds() : split);
  // XGBoost's seed is a signed 32-bit parameter.
  params["seed"] =
      std::to_string(derive_seed(spec_.seed, {kStreamModel, seed_index}) % 2147483647ULL);
  return params;
}

double BoosterTrainer::score_fold(int fold, const BoosterSetup& setup) {
  check_fold(fold);
  return train_and_score(setup, matrices(fold));
}

double BoosterTrainer::score_test(const BoosterSetup& setup) {
  if (data_->split.test.empty()) throw ModelError("no test rows (data.test_fraction is 0)");
  return train_and_score(setup, matrices(kTestSplit));
}

BoosterTrainer::SplitMatrices& BoosterTrainer::matrices(int split) {
  auto it = cache_.find(split);
  if (it != cache_.end()) return it->second;
  const bool test = split == kTestSplit;
  const std::vector<std::size_t>& train =
      test ? data_->split.pool : data_->folds.at(static_cast<std::size_t>(split)).train;
  const std::vector<std::size_t>& validation =
      test ? data_->split.test : data_->folds.at(static_cast<std::size_t>(split)).validation;
  const Dataset& d = data_->data;
  SplitMatrices m;
  if (d.has_categorical()) {
    const CategoryCodes codes(d, train);  // from the training rows, for both matrices
    m = SplitMatrices{categorical_matrix(codes, train), categorical_matrix(codes, validation), {}};
  } else {
    m = SplitMatrices{all_rows_.slice(train), all_rows_.slice(validation), {}};
  }
  m.validation_labels.reserve(validation.size());
  for (std::size_t row : validation) {
    m.validation_labels.push_back(d.y[static_cast<Eigen::Index>(row)]);
  }
  return cache_.emplace(split, std::move(m)).first->second;
}

xgb::DMatrix BoosterTrainer::categorical_matrix(const CategoryCodes& codes,
                                                const std::vector<std::size_t>& rows) const {
  const Dataset& d = data_->data;
  const Dataset::Matrix coded = codes.encode(d, rows);
  xgb::DMatrix matrix(coded.data(), rows.size(), d.features());
  std::vector<float> labels;
  labels.reserve(rows.size());
  for (std::size_t row : rows) labels.push_back(d.y[static_cast<Eigen::Index>(row)]);
  matrix.set_labels(labels.data(), labels.size());
  std::vector<bool> categorical(d.features());
  for (std::size_t j = 0; j < d.features(); ++j) categorical[j] = d.is_categorical(j);
  matrix.set_feature_types(categorical);
  return matrix;
}

double BoosterTrainer::train_and_score(const BoosterSetup& setup, SplitMatrices& m) const {
  xgb::Booster booster(m.train);
  for (const auto& [name, value] : setup.params) booster.set_param(name, value);
  for (int i = 0; i < setup.rounds; ++i) booster.update(i, m.train);
  const std::vector<float> predictions = booster.predict(m.validation);
  const double error =
      compute_metric(metric_, predictions, m.validation_labels, data_->data.num_classes);
  if (!std::isfinite(error)) {
    throw ModelError("XGBoost produced a non-finite validation " + metric_);
  }
  return error;
}

}  // namespace fermata
