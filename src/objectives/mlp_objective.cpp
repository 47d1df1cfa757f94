#include "objectives/mlp_objective.hpp"

#include <cmath>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include <fermata/core/error.hpp>
#include <fermata/core/rng.hpp>
#include <fermata/objectives/metrics.hpp>

#include "objectives/mlp_standardizer.hpp"
#include "objectives/mlp_training.hpp"

namespace fermata {
namespace {

const PreparedData& checked(const std::shared_ptr<const PreparedData>& data) {
  if (!data) throw std::invalid_argument("MlpObjective: no data");
  return *data;
}

}  // namespace

void require_complete_features(const Dataset& data) {
  for (Eigen::Index r = 0; r < data.X.rows(); ++r) {
    for (Eigen::Index c = 0; c < data.X.cols(); ++c) {
      const float value = data.X(r, c);
      if (std::isfinite(value)) continue;
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

  const FeatureStandardizer features = fit_standardizer(d.X, train);
  MlpProblem problem{standardize(d.X, train, features),
                     {},
                     standardize(d.X, scored, features),
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
