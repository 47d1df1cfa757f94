#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <fermata/data/load.hpp>
#include <fermata/objectives/objective.hpp>

#include "objectives/mlp_options.hpp"

namespace fermata {

/// @brief A multilayer perceptron trained with libtorch on the CPU (`model.kind: mlp`); options
/// in MlpOptions. Classification minimizes cross-entropy and predicts softmax probabilities;
/// regression minimizes MSE on the target standardized over the training rows, and maps
/// predictions back. Features are standardized with each fold's training rows only, a
/// categorical feature after one-hot encoding from the fold's training categories (an unseen
/// category is all zero, see split_inputs in mlp_objective.cpp). The fold
/// error is `model.metric` (default error or rmse) through compute_metric.
///
/// Seeds: fold j trains from derive_seed(seed, {kStreamModel, j}) and the test model from
/// "fold k" (k = folds()), so one configuration always gets the same errors; with
/// model.threads = 1 they are bit-for-bit reproducible. Holds no mutable state: evaluate() and
/// test_error() may run concurrently on several objectives sharing one PreparedData.
class MlpObjective : public Objective {
 public:
  /// Throws JobError for bad options (see MlpOptionReader), a metric not of the task or
  /// model.threads < 1, and DataError
  /// when a feature value is missing (NaN) or infinite: the network cannot take them.
  MlpObjective(const ObjectiveSpec& spec, std::shared_ptr<const PreparedData> data);

  double evaluate(const Config& config, std::int64_t trial, int fold) override;
  /// Trains on every cross-validation row (the holdout split's pool) and scores the test rows.
  double test_error(const Config& config, std::int64_t trial) override;
  int folds() const override { return static_cast<int>(data_->folds.size()); }

 private:
  /// Trains on `train` rows with the seed of `seed_fold` and returns the metric on `scored`.
  double train_and_score(const Config& config, int seed_fold, const std::vector<std::size_t>& train,
                         const std::vector<std::size_t>& scored) const;

  std::shared_ptr<const PreparedData> data_;
  MlpOptionReader options_;
  std::string metric_;
  std::uint64_t seed_;
  int threads_;
};

/// @brief Throws DataError naming the source, feature and row of the first missing (NaN, kept
/// under data.missing: allow) or infinite value of a numeric feature of `data`. A categorical
/// feature may miss values: its one-hot encoding is then all zero.
void require_complete_features(const Dataset& data);

}  // namespace fermata
