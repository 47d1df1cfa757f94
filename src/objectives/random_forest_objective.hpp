#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fermata/data/load.hpp>
#include <fermata/objectives/objective.hpp>

#include "objectives/booster_training.hpp"

namespace fermata {

/// @brief A random forest (`model.kind: random_forest`) through XGBoost's random-forest mode:
/// one boosting round that grows `num_parallel_tree` trees side by side, each on its own row
/// sample, with learning rate 1 so the forest's output is the average of its trees.
///
/// Tunable (space or model.fixed) names:
/// - `n_estimators` (int >= 1, default 100): trees in the forest (num_parallel_tree).
/// - `max_depth` (int): passed to XGBoost as is (XGBoost's default 6 when not given).
/// - `min_samples_split` (float in (0, 1], default: 2 rows): as scikit-learn's fractional
///   min_samples_split, a node of fewer than m = ceil(fraction·n_train) rows is not split,
///   n_train being the rows the forest trains on (the fold's, or the pool for test_error).
///   XGBoost has no such parameter; its min_child_weight bounds the hessian sum of each
///   *child*. Both children need c = ceil(m/2) rows, so a node below m rows cannot be split
///   (the smallest splittable node has 2c rows: m rounded up to even). With h the hessian one
///   row contributes, min_child_weight = h·(c − 1/2): c rows pass, c − 1 rows do not, with
///   room for rounding in the hessian sums. Hessian caveat: h is 1 only for squared error.
///   For logistic losses it is p(1 − p) at the current prediction p (binary:logistic,
///   reg:logistic), 2·p_k(1 − p_k) per class for multi:softprob, so a fixed min_child_weight
///   counts fewer rows the more confident the model is. Here the only round starts from
///   base_score 0.5 (set explicitly, so XGBoost versions that estimate an intercept behave the
///   same): p = 0.5 gives h = 1/4 in the binary case, p_k = 1/K gives h = 2(K − 1)/K² for K
///   classes, exactly, for every row. A scale_pos_weight other than 1 scales the positives'
///   hessians and breaks the row count; sampled-out rows carry hessian 0, so counts are of the
///   rows a tree actually sees. Other objectives have no row-constant hessian, and a job that
///   sets one with min_samples_split is rejected.
///
/// Defaults (Breiman's random forest, as R's randomForest and scikit-learn): the feature
/// sample per split (colsample_bynode) holds k = floor(sqrt(p)) of p features for
/// classification and k = max(1, floor(p/3)) for regression, passed as min(1, (k + 1/2)/p)
/// because XGBoost keeps floor(colsample·p) features; subsample 0.632 ≈ 1 − 1/e, the expected
/// share of distinct rows in a bootstrap sample (XGBoost samples without replacement, so this
/// gives each tree as many distinct rows as Breiman's bootstrap); reg_lambda 1e-5 so that a
/// leaf's value is its rows' plain mean (XGBoost's default 1 would shrink small leaves toward
/// the prior); learning_rate 1. Every other space or model.fixed name passes through to
/// XGBoost, and may override these defaults (num_parallel_tree and n_estimators, or
/// min_child_weight and min_samples_split, may not both be given).
class RandomForestObjective : public Objective {
 public:
  /// The options this model reads itself rather than passing them to XGBoost.
  static std::vector<std::string> own_option_names() {
    return {"n_estimators", "min_samples_split"};
  }

  /// Throws JobError for conflicting or out-of-range options (naming the key) and for the
  /// metric/objective mismatches of BoosterTrainer.
  RandomForestObjective(const ObjectiveSpec& spec, std::shared_ptr<const PreparedData> data);

  double evaluate(const Config& config, std::int64_t trial, int fold) override;
  /// Trains on every cross-validation row (the holdout split's pool) and scores the test rows.
  double test_error(const Config& config, std::int64_t trial) override;
  int folds() const override { return trainer_.folds(); }

  /// The forest of `config` on `split` (a fold, or BoosterTrainer::kTestSplit).
  BoosterSetup setup(const Config& config, int split) const;

 private:
  ObjectiveSpec spec_;
  BoosterTrainer trainer_;
};

/// @brief m = ceil(fraction·train_rows), at least 1 (with 1e-9 slack so 0.07·100 is 7, not 8).
std::size_t min_split_rows(double fraction, std::size_t train_rows);

/// @brief The min_child_weight that keeps nodes of fewer than `min_rows` rows unsplit when
/// every row adds `row_hessian`: row_hessian·(ceil(min_rows/2) − 1/2).
double min_child_weight_for_rows(std::size_t min_rows, double row_hessian);

/// @brief The hessian one row adds to every node in the first boosting round under `params`
/// (objective, base_score, num_class): 1 for reg:squarederror, b(1 − b) for binary:logistic
/// and reg:logistic with base_score b (default 0.5), 2(K − 1)/K² for multi:softprob with K
/// classes. Empty for any other objective.
std::optional<double> first_round_row_hessian(const std::map<std::string, std::string>& params);

}  // namespace fermata
