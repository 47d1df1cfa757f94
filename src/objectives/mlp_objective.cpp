#include "objectives/mlp_objective.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include <fermata/core/error.hpp>
#include <fermata/core/rng.hpp>
#include <fermata/data/category_codes.hpp>
#include <fermata/data/one_hot.hpp>
#include <fermata/objectives/metrics.hpp>

#include "objectives/mlp_standardizer.hpp"
#include "objectives/mlp_training.hpp"

namespace fermata {
namespace {

const PreparedData& checked(const std::shared_ptr<const PreparedData>& data) {
  if (!data) throw std::invalid_argument("MlpObjective: no data");
  return *data;
}

std::vector<std::size_t> first_rows(std::size_t n) {
  std::vector<std::size_t> rows(n);
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  return rows;
}

/// The network's inputs for one split: the features standardized over the training rows, with
/// each categorical feature one-hot encoded first from the training rows' categories (so the
/// network sees what it would from a table one-hot encoded by hand; an unseen or missing
/// category is the all-zero one-hot before standardizing).
struct SplitInputs {
  Dataset::Matrix train;
  Dataset::Matrix scored;
};

SplitInputs split_inputs(const Dataset& d, const std::vector<std::size_t>& train,
                         const std::vector<std::size_t>& scored) {
  if (!d.has_categorical()) {
    const FeatureStandardizer features = fit_standardizer(d.X, train);
    return {standardize(d.X, train, features), standardize(d.X, scored, features)};
  }
  const CategoryCodes codes(d, train);
  const Dataset::Matrix train_x = one_hot(d, codes, codes.encode(d, train));
  const Dataset::Matrix scored_x = one_hot(d, codes, codes.encode(d, scored));
  if (train_x.cols() == 0) throw ModelError("mlp: no feature has a value in the training rows");
  const FeatureStandardizer features = fit_standardizer(train_x, first_rows(train.size()));
  return {standardize(train_x, first_rows(train.size()), features),
          standardize(scored_x, first_rows(scored.size()), features)};
}

}  // namespace

void require_complete_features(const Dataset& data) {
  for (Eigen::Index r = 0; r < data.X.rows(); ++r) {
    for (Eigen::Index c = 0; c < data.X.cols(); ++c) {
      const float value = data.X(r, c);
      // A missing category is the all-zero one-hot: only numbers must be there.
      if (std::isfinite(value) || data.is_categorical(static_cast<std::size_t>(c))) continue;
      const auto column = static_cast<std::size_t>(c);
      const std::string feature =
          column < data.feature_names.size() ? data.feature_names[column] : std::to_string(c);
      throw DataError(fmt::format(
          "{}: feature '{}' of data row {} is {}; the mlp model needs a finite value in every "
          "feature: fill in or drop the rows with missing values (data.missing: error names "
          "each one), or use model.kind xgboost, which handles them",
          data.source, feature, r + 1, std::isnan(value) ? "missing (NaN)" : "infinite"));
    }
  }
}

MlpObjective::MlpObjective(const ObjectiveSpec& spec, std::shared_ptr<const PreparedData> data)
    : data_(std::move(data)),
      options_(spec.model.fixed, spec.space),
      metric_(resolve_metric(spec.model.metric, checked(data_).data.task)),
      seed_(spec.seed),
      threads_(spec.model.threads) {
  if (threads_ < 1) {
    throw JobError(fmt::format("model.threads: expected an integer >= 1, found {}", threads_));
  }
  const Dataset& d = data_->data;
  if (d.features() == 0) throw DataError(d.source + ": the mlp model needs at least one feature");
  require_complete_features(d);
}

double MlpObjective::evaluate(const Config& config, std::int64_t /*trial*/, int fold) {
  if (fold < 0 || fold >= folds()) {
    throw std::out_of_range("fold " + std::to_string(fold) + " of " + std::to_string(folds()));
  }
  const Fold& f = data_->folds[static_cast<std::size_t>(fold)];
  return train_and_score(config, fold, f.train, f.validation);
}

double MlpObjective::test_error(const Config& config, std::int64_t /*trial*/) {
  const HoldoutSplit& split = data_->split;
  if (split.test.empty()) throw ModelError("no test rows (data.test_fraction is 0)");
  // The test model's seed is that of "fold k", one past the last fold.
  return train_and_score(config, folds(), split.pool, split.test);
}

double MlpObjective::train_and_score(const Config& config, int seed_fold,
                                     const std::vector<std::size_t>& train,
                                     const std::vector<std::size_t>& scored) const {
  const MlpOptions options = options_.options(config);
  const Dataset& d = data_->data;
  const bool classification = d.task == Task::kClassification;

  SplitInputs inputs = split_inputs(d, train, scored);
  MlpProblem problem{std::move(inputs.train),
                     {},
                     std::move(inputs.scored),
                     classification ? d.num_classes : 1,
                     classification};
  const TargetScaler target = classification ? TargetScaler{} : fit_target_scaler(d.y, train);
  problem.train_y.reserve(train.size());
  for (const std::size_t row : train) {
    const double y = d.y[static_cast<Eigen::Index>(row)];
    problem.train_y.push_back(static_cast<float>((y - target.mean) / target.scale));
  }

  const std::uint64_t seed =
      derive_seed(seed_, {kStreamModel, static_cast<std::uint64_t>(seed_fold)});
  std::vector<float> predictions = train_mlp_and_predict(options, problem, seed, threads_);
  for (float& p : predictions) {
    if (!std::isfinite(p)) {
      throw ModelError(fmt::format(
          "mlp training diverged (non-finite outputs) with learning_rate {} and {} epochs",
          options.learning_rate, options.epochs));
    }
    if (!classification) p = static_cast<float>(target.mean + target.scale * p);
  }

  std::vector<float> labels;
  labels.reserve(scored.size());
  for (const std::size_t row : scored) labels.push_back(d.y[static_cast<Eigen::Index>(row)]);
  const double error = compute_metric(metric_, predictions, labels, d.num_classes);
  if (!std::isfinite(error)) throw ModelError("mlp: non-finite " + metric_ + " on the fold");
  return error;
}

}  // namespace fermata
