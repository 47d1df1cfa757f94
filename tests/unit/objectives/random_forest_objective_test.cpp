#include "objectives/random_forest_objective.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <numeric>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>
#include <fermata/data/load.hpp>

namespace fermata {
namespace {

using ::testing::AnyOfArray;
using ::testing::HasSubstr;

Parameter parameter(const std::string& name, ParamKind kind, double low, double high) {
  Parameter p;
  p.name = name;
  p.kind = kind;
  p.low = low;
  p.high = high;
  return p;
}

/// The paper's random-forest space, in the order {n_estimators, min_samples_split, max_depth}.
Space forest_space() {
  Parameter trees = parameter("n_estimators", ParamKind::kInt, 1, 256);
  trees.log = true;
  Parameter split = parameter("min_samples_split", ParamKind::kFloat, 0.01, 0.99);
  split.log = true;
  return Space({trees, split, parameter("max_depth", ParamKind::kInt, 1, 5)});
}

/// A generated dataset of `classes` classes (0: regression) with 12 features, 3 folds.
ObjectiveSpec forest_spec(int classes, const std::string& metric) {
  ObjectiveSpec spec;
  GenerateSettings generate;
  generate.kind = classes == 0 ? "regression" : "classification";
  generate.rows = 600;
  generate.features = 12;
  generate.informative = 6;
  generate.classes = std::max(classes, 2);
  spec.data.generate = generate;
  spec.data.task = classes == 0 ? Task::kRegression : Task::kClassification;
  spec.data.test_fraction = 0.2;
  spec.cv.folds = 3;
  spec.model.kind = "random_forest";
  spec.model.metric = metric;
  spec.space = forest_space();
  spec.seed = 5;
  return spec;
}

std::shared_ptr<const PreparedData> prepared(const ObjectiveSpec& spec) {
  return std::make_shared<const PreparedData>(prepare_data(spec.data, spec.cv, spec.seed));
}

/// For each class: the error of predicting that class for every validation row of `fold`.
std::vector<double> constant_prediction_errors(const PreparedData& data, int fold) {
  const std::vector<std::size_t>& rows = data.folds[static_cast<std::size_t>(fold)].validation;
  std::vector<double> errors;
  for (int c = 0; c < data.data.num_classes; ++c) {
    const auto hits = std::count_if(rows.begin(), rows.end(), [&](std::size_t r) {
      return data.data.y[static_cast<Eigen::Index>(r)] == static_cast<float>(c);
    });
    errors.push_back(1.0 - static_cast<double>(hits) / static_cast<double>(rows.size()));
  }
  return errors;
}

/// 100 rows with one feature x = 0..99 and the label label_of(x); one fold that trains and
/// validates on every row, so a stump's split point shows directly in the error.
std::shared_ptr<const PreparedData> staircase(int classes,
                                              const std::function<float(int)>& label_of) {
  auto data = std::make_shared<PreparedData>();
  Dataset& d = data->data;
  d.task = classes == 0 ? Task::kRegression : Task::kClassification;
  d.num_classes = classes;
  d.X.resize(100, 1);
  d.y.resize(100);
  d.feature_names = {"x"};
  std::vector<std::size_t> all(100);
  std::iota(all.begin(), all.end(), std::size_t{0});
  for (int x = 0; x < 100; ++x) {
    d.X(x, 0) = static_cast<float>(x);
    d.y[x] = label_of(x);
  }
  data->split.pool = all;
  data->folds = {Fold{all, all}};
  return data;
}

/// One depth-1 tree on every row, tuning min_samples_split only.
ObjectiveSpec stump_spec(int classes, const std::string& metric) {
  ObjectiveSpec spec;
  spec.data.task = classes == 0 ? Task::kRegression : Task::kClassification;
  spec.model.kind = "random_forest";
  spec.model.metric = metric;
  spec.model.fixed = {
      {"n_estimators", "1"}, {"max_depth", "1"}, {"subsample", "1"}, {"colsample_bynode", "1"}};
  spec.space = Space({parameter("min_samples_split", ParamKind::kFloat, 0.01, 1.0)});
  return spec;
}

std::string construction_error(const ObjectiveSpec& spec) {
  try {
    RandomForestObjective objective(spec, prepared(spec));
  } catch (const JobError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a JobError";
  return "";
}

TEST(RandomForestMapping, MinSplitRowsIsTheCeilingOfTheFraction) {
  EXPECT_EQ(min_split_rows(0.07, 100), 7u);  // 0.07·100 = 7.000000000000001 in doubles
  EXPECT_EQ(min_split_rows(0.5, 101), 51u);
  EXPECT_EQ(min_split_rows(0.42, 100), 42u);
  EXPECT_EQ(min_split_rows(1e-6, 100), 1u);
  EXPECT_EQ(min_split_rows(1.0, 360), 360u);
}

TEST(RandomForestMapping, MinChildWeightLetsHalfTheRowsThroughPerChild) {
  // m = 40: children of c = 20 rows, weight h·19.5; m = 41 and 42: c = 21, h·20.5.
  EXPECT_DOUBLE_EQ(min_child_weight_for_rows(40, 1.0), 19.5);
  EXPECT_DOUBLE_EQ(min_child_weight_for_rows(41, 1.0), 20.5);
  EXPECT_DOUBLE_EQ(min_child_weight_for_rows(42, 0.25), 5.125);
  EXPECT_DOUBLE_EQ(min_child_weight_for_rows(2, 1.0), 0.5);  // default: one row per child
}

TEST(RandomForestMapping, RowHessianOfTheFirstRound) {
  EXPECT_EQ(first_round_row_hessian({{"objective", "reg:squarederror"}}), 1.0);
  EXPECT_EQ(first_round_row_hessian({{"objective", "binary:logistic"}}), 0.25);
  EXPECT_DOUBLE_EQ(*first_round_row_hessian({{"objective", "reg:logistic"}, {"base_score", "0.2"}}),
                   0.16);
  // K = 3: 2·(1/3)·(2/3) = 4/9.
  EXPECT_DOUBLE_EQ(*first_round_row_hessian({{"objective", "multi:softprob"}, {"num_class", "3"}}),
                   4.0 / 9.0);
  EXPECT_FALSE(first_round_row_hessian({{"objective", "reg:pseudohubererror"}}).has_value());
}

// At 0.40 (m = 40) a child of the 20 rows below x = 20 is allowed and the stump separates the
// labels exactly; at 0.42 (m = 42) it needs 21 rows, so the split moves to x = 21 and the row
// x = 20 lands on the wrong side. A hessian scale that is off (1 instead of 1/4 or 4/9) makes
// the 0.40 split impossible too.
TEST(RandomForestObjective, MinSamplesSplitCountsRowsForSquaredError) {
  RandomForestObjective objective(stump_spec(0, "rmse"),
                                  staircase(0, [](int x) { return x < 20 ? 0.0f : 1.0f; }));
  EXPECT_LT(objective.evaluate({0.40}, 0, 0), 1e-3);
  // Leaves {20 × 0, 1 × 1} → 1/21 and {79 × 1} → 1: rmse = sqrt((20/21² + (20/21)²)/100).
  EXPECT_NEAR(objective.evaluate({0.42}, 0, 0), std::sqrt((20.0 / 441 + 400.0 / 441) / 100), 1e-3);
}

TEST(RandomForestObjective, MinSamplesSplitCountsRowsForTheBinaryLogisticHessian) {
  RandomForestObjective objective(stump_spec(2, "error"),
                                  staircase(2, [](int x) { return x < 20 ? 0.0f : 1.0f; }));
  EXPECT_EQ(objective.evaluate({0.40}, 0, 0), 0.0);
  EXPECT_DOUBLE_EQ(objective.evaluate({0.42}, 0, 0), 0.01);
}

TEST(RandomForestObjective, MinSamplesSplitCountsRowsForTheSoftmaxHessian) {
  RandomForestObjective objective(stump_spec(3, "error"), staircase(3, [](int x) {
                                    return x < 20 ? 0.0f : (x < 60 ? 1.0f : 2.0f);
                                  }));
  EXPECT_EQ(objective.evaluate({0.40}, 0, 0), 0.0);
  EXPECT_DOUBLE_EQ(objective.evaluate({0.42}, 0, 0), 0.01);
}

TEST(RandomForestObjective, MinSamplesSplitNearOneLeavesEveryTreeASingleLeaf) {
  for (int classes : {2, 3}) {
    SCOPED_TRACE(classes);
    const ObjectiveSpec spec = forest_spec(classes, "error");
    const auto data = prepared(spec);
    RandomForestObjective objective(spec, data);
    // A tree sees 63.2% of the rows, fewer than the 99% a split needs: one class for all.
    const std::vector<double> constant = constant_prediction_errors(*data, 1);
    EXPECT_THAT(objective.evaluate({32, 0.99, 5}, 0, 1), AnyOfArray(constant));
    // Free to split, the forest beats every constant prediction clearly.
    EXPECT_LT(objective.evaluate({32, 0.01, 5}, 0, 1),
              *std::min_element(constant.begin(), constant.end()) - 0.1);
  }
}

TEST(RandomForestObjective, FoldErrorsAreTheSameForTheSameSeedAndVaryWithIt) {
  const ObjectiveSpec spec = forest_spec(2, "logloss");
  const auto data = prepared(spec);
  RandomForestObjective a(spec, data);
  RandomForestObjective b(spec, prepared(spec));
  ObjectiveSpec reseeded = spec;
  reseeded.seed = spec.seed + 1;
  RandomForestObjective c(reseeded, data);  // same folds, other tree samples
  for (int fold = 0; fold < a.folds(); ++fold) {
    const double error = a.evaluate({16, 0.05, 4}, 0, fold);
    EXPECT_EQ(error, b.evaluate({16, 0.05, 4}, 3, fold));
    EXPECT_NE(error, c.evaluate({16, 0.05, 4}, 0, fold));
  }
}

TEST(RandomForestObjective, ManyTreesTrainAndAverageBetterThanOne) {
  const ObjectiveSpec spec = forest_spec(2, "logloss");
  RandomForestObjective objective(spec, prepared(spec));
  const double many = objective.evaluate({256, 0.01, 5}, 0, 0);
  EXPECT_TRUE(std::isfinite(many));
  EXPECT_LT(many, objective.evaluate({1, 0.01, 5}, 0, 0));
}

TEST(RandomForestObjective, EveryMetricIsFiniteAndInRange) {
  for (const std::string metric : {"error", "logloss", "auc"}) {
    SCOPED_TRACE(metric);
    const ObjectiveSpec spec = forest_spec(3, metric);
    RandomForestObjective objective(spec, prepared(spec));
    const double value = objective.evaluate({32, 0.02, 5}, 0, 2);
    EXPECT_GE(value, 0.0);
    EXPECT_LT(value, metric == "logloss" ? std::log(3.0) : 0.5);
  }
  for (const std::string metric : {"rmse", "mae"}) {
    SCOPED_TRACE(metric);
    const ObjectiveSpec spec = forest_spec(0, metric);
    const auto data = prepared(spec);
    RandomForestObjective objective(spec, data);
    const double value = objective.evaluate({32, 0.02, 5}, 0, 2);
    EXPECT_GT(value, 0.0);
    // Below the spread of the target: the 32 trees are averaged, not summed.
    const Eigen::VectorXd y = data->data.y.cast<double>();
    EXPECT_LT(value, std::sqrt((y.array() - y.mean()).square().mean()));
  }
}

TEST(RandomForestObjective, TestErrorTrainsOnThePoolAndIsNotAFoldError) {
  const ObjectiveSpec spec = forest_spec(0, "rmse");
  const auto data = prepared(spec);
  RandomForestObjective objective(spec, data);
  const double test = objective.test_error({32, 0.05, 4}, 0);
  EXPECT_TRUE(std::isfinite(test));
  for (int fold = 0; fold < objective.folds(); ++fold) {
    EXPECT_NE(test, objective.evaluate({32, 0.05, 4}, 0, fold));
  }
  // min_samples_split counts the pool's rows for the test model: m = ceil(0.05·480) = 24.
  const BoosterSetup setup = objective.setup({32, 0.05, 4}, BoosterTrainer::kTestSplit);
  EXPECT_EQ(data->split.pool.size(), 480u);
  EXPECT_DOUBLE_EQ(std::stod(setup.params.at("min_child_weight")), 11.5);
}

TEST(RandomForestObjective, SetupIsOneRoundOfBreimanStyleParallelTrees) {
  const ObjectiveSpec classification = forest_spec(2, "error");
  RandomForestObjective forest(classification, prepared(classification));
  const BoosterSetup setup = forest.setup({37, 0.1, 3}, 0);
  EXPECT_EQ(setup.rounds, 1);
  EXPECT_EQ(setup.params.at("num_parallel_tree"), "37");
  EXPECT_EQ(setup.params.at("max_depth"), "3");
  EXPECT_EQ(setup.params.at("learning_rate"), "1");
  EXPECT_EQ(setup.params.at("subsample"), "0.632");
  // floor(sqrt(12)) = 3 features per split, passed as 3.5/12 so floor(colsample·12) = 3.
  EXPECT_DOUBLE_EQ(std::stod(setup.params.at("colsample_bynode")), 3.5 / 12);
  EXPECT_EQ(setup.params.count("n_estimators"), 0u);
  EXPECT_EQ(setup.params.count("min_samples_split"), 0u);
  // Fold 0 trains on 320 of the 480 pool rows: m = 32, c = 16, weight (1/4)·15.5.
  EXPECT_DOUBLE_EQ(std::stod(setup.params.at("min_child_weight")), 3.875);

  const ObjectiveSpec regression = forest_spec(0, "rmse");
  RandomForestObjective regressor(regression, prepared(regression));
  // floor(12/3) = 4 features per split.
  EXPECT_DOUBLE_EQ(std::stod(regressor.setup({8, 0.1, 3}, 0).params.at("colsample_bynode")),
                   4.5 / 12);
}

TEST(RandomForestObjective, DefaultsApplyWithoutTheTunedNamesAndFixedNamesPassThrough) {
  ObjectiveSpec spec = forest_spec(0, "rmse");
  spec.space = Space({parameter("max_depth", ParamKind::kInt, 1, 5)});
  spec.model.fixed = {{"gamma", "0.25"}, {"subsample", "0.9"}};
  RandomForestObjective forest(spec, prepared(spec));
  const BoosterSetup setup = forest.setup({2}, 1);
  EXPECT_EQ(setup.params.at("num_parallel_tree"), "100");
  EXPECT_EQ(setup.params.at("gamma"), "0.25");
  EXPECT_EQ(setup.params.at("subsample"), "0.9");
  EXPECT_DOUBLE_EQ(std::stod(setup.params.at("min_child_weight")), 0.5);  // 2 rows, one a child
}

TEST(RandomForestObjective, RejectsConflictingAndOutOfRangeOptions) {
  ObjectiveSpec both_counts = forest_spec(2, "error");
  both_counts.model.fixed["num_parallel_tree"] = "10";
  EXPECT_THAT(construction_error(both_counts), HasSubstr("num_parallel_tree"));

  ObjectiveSpec both_sizes = forest_spec(2, "error");
  both_sizes.model.fixed["min_child_weight"] = "1";
  EXPECT_THAT(construction_error(both_sizes), HasSubstr("min_child_weight"));

  ObjectiveSpec too_wide = forest_spec(2, "error");
  too_wide.space = Space({parameter("min_samples_split", ParamKind::kFloat, 0.1, 2.0)});
  EXPECT_THAT(construction_error(too_wide), HasSubstr("space.min_samples_split"));

  ObjectiveSpec zero = forest_spec(2, "error");
  zero.space = Space({parameter("max_depth", ParamKind::kInt, 1, 5)});
  zero.model.fixed["min_samples_split"] = "0";
  EXPECT_THAT(construction_error(zero), HasSubstr("model.fixed.min_samples_split"));

  ObjectiveSpec huber = forest_spec(0, "rmse");
  huber.model.fixed["objective"] = "reg:pseudohubererror";
  EXPECT_THAT(construction_error(huber), HasSubstr("reg:pseudohubererror"));
}

}  // namespace
}  // namespace fermata
