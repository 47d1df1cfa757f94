#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <fermata/data/load.hpp>
#include <fermata/objectives/objective.hpp>

#include "objectives/booster_training.hpp"

namespace fermata {

/// @brief Gradient-boosted trees through XGBoost's C API (`model.kind: xgboost`). Space
/// parameters whose names are XGBoost parameters are passed through (categoricals as their
/// choice text); `n_estimators` is the number of boosting rounds (default 100). `model.fixed`
/// entries are passed the same way. The objective is reg:squarederror, binary:logistic or
/// multi:softprob by task unless the job sets `objective`. The booster seed depends on the job
/// seed and the fold only, so one configuration always gets the same fold errors.
class XGBoostObjective : public Objective {
 public:
  /// Throws JobError for a metric the job's XGBoost objective cannot serve (BoosterTrainer).
  XGBoostObjective(const ObjectiveSpec& spec, std::shared_ptr<const PreparedData> data);

  double evaluate(const Config& config, std::int64_t trial, int fold) override;
  /// Trains on every cross-validation row (the holdout split's pool) and scores the test rows.
  double test_error(const Config& config, std::int64_t trial) override;
  int folds() const override { return trainer_.folds(); }

  /// The options this model reads itself rather than passing them to XGBoost.
  static std::vector<std::string> own_option_names() { return {"n_estimators"}; }

  /// The booster of `config` on `split` (a fold, or BoosterTrainer::kTestSplit).
  BoosterSetup setup(const Config& config, int split) const;

 private:
  ObjectiveSpec spec_;
  BoosterTrainer trainer_;
};

}  // namespace fermata
