#pragma once

// What the XGBoost-based objectives (xgboost, random_forest) share: the job's model options
// by name, the data's matrices per fold, and training one booster and scoring it.

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fermata/data/category_codes.hpp>
#include <fermata/data/load.hpp>
#include <fermata/objectives/objective.hpp>

#include "objectives/xgboost_api.hpp"

namespace fermata {

/// @brief One model option as text, with the job key it came from ("model.fixed.max_depth" or
/// "space.max_depth") so that an error about it can name the key.
struct ModelOption {
  std::string value;
  std::string key;
};

/// @brief The job key that sets model option `name` ("space.max_depth" or
/// "model.fixed.max_depth"), or "" when the job leaves it at its default.
std::string job_option_key(const ObjectiveSpec& spec, const std::string& name);

/// @brief The `model.fixed` entries and the configuration's values (categoricals as their
/// choice text) by name; a name in both takes the configuration's value.
std::map<std::string, ModelOption> model_options(const ObjectiveSpec& spec, const Config& config);

/// @brief The option as an integer >= 1 (an int space parameter arrives as "7"). Throws
/// ModelError naming the key otherwise.
int positive_int_option(const ModelOption& option);

/// @brief The option as a finite number. Throws ModelError naming the key otherwise.
double number_option(const ModelOption& option);

/// @brief Everything one booster trains with.
struct BoosterSetup {
  std::map<std::string, std::string> params;  ///< XGBoost parameters, set in key order
  int rounds = 1;                             ///< boosting rounds
};

/// @brief The XGBoost objective the data's task gets unless the job sets one:
/// reg:squarederror, binary:logistic (2 classes) or multi:softprob (more).
std::string default_booster_objective(const Dataset& data);

/// @brief The XGBoost objectives the job may set (model.fixed.objective, or every choice of a
/// categorical space parameter `objective`), or the default when it sets none.
std::vector<std::string> job_booster_objectives(const ObjectiveSpec& spec, const Dataset& data);

/// @brief The fold matrices of one prepared dataset, built once each, and the training of one
/// booster on them. The metric reads predictions as class probabilities for classification,
/// so the constructor checks that the job's XGBoost objective gives them: for 2 classes
/// binary:logistic (binary:hinge's 0/1 outputs also serve metric error), for more
/// multi:softprob (multi:softmax returns class indices). Categorical features use XGBoost's
/// native categorical splits, coded per split from its training rows (see CategoryCodes).
/// Not thread-safe: the matrices are cached on first use; each worker thread owns its
/// objective.
class BoosterTrainer {
 public:
  /// The split of test_error(): train on the holdout pool, score the test rows.
  static constexpr int kTestSplit = -1;

  /// Throws JobError for a metric that is not the task's, or an XGBoost objective whose
  /// predictions the metric cannot read (naming the key that sets it).
  BoosterTrainer(const ObjectiveSpec& spec, std::shared_ptr<const PreparedData> data);

  int folds() const { return static_cast<int>(data_->folds.size()); }
  const Dataset& dataset() const { return data_->data; }
  const std::string& metric() const { return metric_; }

  /// Training rows of `split` (a fold index, or kTestSplit for the holdout pool). Throws
  /// std::out_of_range for a fold outside [0, folds()).
  std::size_t train_rows(int split) const;

  /// The parameters every booster gets: the task's objective (with num_class), nthread, the
  /// hist tree method, silence, and a seed from the job seed and the split only (the test
  /// split seeds as fold k), so one configuration always gets the same errors.
  std::map<std::string, std::string> base_params(int split) const;

  /// Trains with `setup` on fold `fold`'s training rows and returns the metric on its
  /// validation rows. Throws std::out_of_range for a fold outside [0, folds()), ModelError
  /// when XGBoost fails or the error is not finite.
  double score_fold(int fold, const BoosterSetup& setup);

  /// Same on the holdout pool against the test rows. Throws ModelError without test rows.
  double score_test(const BoosterSetup& setup);

 private:
  struct SplitMatrices {
    xgb::DMatrix train;
    xgb::DMatrix validation;
    std::vector<float> validation_labels;
  };
  void check_fold(int fold) const;
  SplitMatrices& matrices(int split);
  /// Rows `rows` with their labels, categorical features coded by `codes` (the split's training
  /// rows' categories; unseen ones missing) and marked categorical for XGBoost.
  xgb::DMatrix categorical_matrix(const CategoryCodes& codes,
                                  const std::vector<std::size_t>& rows) const;
  double train_and_score(const BoosterSetup& setup, SplitMatrices& m) const;

  ObjectiveSpec spec_;
  std::shared_ptr<const PreparedData> data_;
  std::string metric_;
  xgb::DMatrix all_rows_;
  std::map<int, SplitMatrices> cache_;  ///< by split; kTestSplit: pool against test rows
};

}  // namespace fermata
