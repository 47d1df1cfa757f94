#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fermata/data/load.hpp>
#include <fermata/objectives/objective.hpp>

#include "objectives/xgboost_api.hpp"

namespace fermata {

/// @brief Gradient-boosted trees through XGBoost's C API. Space parameters whose names are
/// XGBoost parameters are passed through (categoricals as their choice text);
/// `n_estimators` is the number of boosting rounds. `model.fixed` entries are passed the
/// same way. The booster seed depends on the job seed and the fold only, so one
/// configuration always gets the same fold errors.
class XGBoostObjective : public Objective {
 public:
  XGBoostObjective(const ObjectiveSpec& spec, std::shared_ptr<const PreparedData> data);

  double evaluate(const Config& config, std::int64_t trial, int fold) override;
  /// Trains on every cross-validation row (the holdout split's pool) and scores the test rows.
  double test_error(const Config& config, std::int64_t trial) override;
  int folds() const override { return static_cast<int>(data_->folds.size()); }

 private:
  struct FoldMatrices {
    xgb::DMatrix train;
    xgb::DMatrix validation;
    std::vector<float> validation_labels;
  };
  FoldMatrices& fold_matrices(int fold);
  /// Trains on `m.train` and returns the metric on `m.validation`.
  double train_and_score(const Config& config, int seed_fold, FoldMatrices& m) const;
  /// XGBoost parameters and the number of rounds for one configuration.
  std::map<std::string, std::string> booster_params(const Config& config, int fold,
                                                    int& rounds) const;

  ObjectiveSpec spec_;
  std::shared_ptr<const PreparedData> data_;
  xgb::DMatrix all_rows_;
  std::map<int, FoldMatrices> fold_cache_;  ///< key -1: pool rows against test rows
};

}  // namespace fermata
