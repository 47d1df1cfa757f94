#include "objectives/xgboost_objective.hpp"

#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>
#include <fermata/data/load.hpp>

namespace fermata {
namespace {

using ::testing::HasSubstr;

Parameter int_parameter(const std::string& name, double low, double high) {
  Parameter p;
  p.name = name;
  p.kind = ParamKind::kInt;
  p.low = low;
  p.high = high;
  return p;
}

/// A generated dataset of `classes` classes (0: regression), 3 folds, 20% test rows, tuning
/// n_estimators and max_depth.
ObjectiveSpec boosting_spec(int classes, const std::string& metric) {
  ObjectiveSpec spec;
  GenerateSettings generate;
  generate.kind = classes == 0 ? "regression" : "classification";
  generate.rows = 600;
  generate.features = 10;
  generate.informative = 5;
  generate.classes = std::max(classes, 2);
  spec.data.generate = generate;
  spec.data.task = classes == 0 ? Task::kRegression : Task::kClassification;
  spec.data.test_fraction = 0.2;
  spec.cv.folds = 3;
  spec.model.kind = "xgboost";
  spec.model.metric = metric;
  spec.space = Space({int_parameter("n_estimators", 2, 64), int_parameter("max_depth", 1, 6)});
  spec.seed = 11;
  return spec;
}

std::shared_ptr<const PreparedData> prepared(const ObjectiveSpec& spec) {
  return std::make_shared<const PreparedData>(prepare_data(spec.data, spec.cv, spec.seed));
}

double fold_error(int classes, const std::string& metric) {
  const ObjectiveSpec spec = boosting_spec(classes, metric);
  XGBoostObjective objective(spec, prepared(spec));
  return objective.evaluate({20, 3}, 0, 1);
}

/// The message of the JobError that building the objective throws, or "" (a test failure).
std::string construction_error(const ObjectiveSpec& spec) {
  try {
    XGBoostObjective objective(spec, prepared(spec));
  } catch (const JobError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a JobError";
  return "";
}

TEST(XGBoostObjective, ClassificationMetricsAreInRangeAndBeatChance) {
  for (int classes : {2, 3}) {
    SCOPED_TRACE(classes);
    const double error = fold_error(classes, "error");
    const double logloss = fold_error(classes, "logloss");
    const double auc = fold_error(classes, "auc");
    // Chance: error 1 − 1/K, logloss ln K (uniform probabilities), 1 − AUC 0.5.
    EXPECT_GE(error, 0.0);
    EXPECT_LT(error, 1.0 - 1.0 / classes);
    EXPECT_GT(logloss, 0.0);
    EXPECT_LT(logloss, std::log(static_cast<double>(classes)));
    EXPECT_GE(auc, 0.0);
    EXPECT_LT(auc, 0.5);
  }
}

TEST(XGBoostObjective, RegressionMetricsAreFiniteAndMaeIsAtMostRmse) {
  const double rmse = fold_error(0, "rmse");
  const double mae = fold_error(0, "mae");
  EXPECT_TRUE(std::isfinite(rmse));
  EXPECT_GT(mae, 0.0);
  // Same seed, same predictions; mean |d| <= sqrt(mean d²) for any residuals.
  EXPECT_LE(mae, rmse);
  // Better than predicting the mean of the validation labels, whose rmse is their std.
  const ObjectiveSpec spec = boosting_spec(0, "rmse");
  const auto data = prepared(spec);
  const Fold& fold = data->folds[1];
  double sum = 0.0, sum_squares = 0.0;
  for (std::size_t row : fold.validation) {
    const double y = data->data.y[static_cast<Eigen::Index>(row)];
    sum += y;
    sum_squares += y * y;
  }
  const double n = static_cast<double>(fold.validation.size());
  EXPECT_LT(rmse, std::sqrt(sum_squares / n - (sum / n) * (sum / n)));
}

TEST(XGBoostObjective, EmptyMetricMeansTheTaskDefault) {
  EXPECT_EQ(fold_error(2, ""), fold_error(2, "error"));
  EXPECT_EQ(fold_error(0, ""), fold_error(0, "rmse"));
}

TEST(XGBoostObjective, FoldErrorsAreTheSameForTheSameSeed) {
  const ObjectiveSpec spec = boosting_spec(2, "logloss");
  XGBoostObjective a(spec, prepared(spec));
  XGBoostObjective b(spec, prepared(spec));
  for (int fold = 0; fold < a.folds(); ++fold) {
    EXPECT_EQ(a.evaluate({16, 4}, 0, fold), b.evaluate({16, 4}, 5, fold));
  }
}

TEST(XGBoostObjective, TestErrorIsFiniteAndNotAFoldError) {
  const ObjectiveSpec spec = boosting_spec(2, "logloss");
  XGBoostObjective objective(spec, prepared(spec));
  const double test = objective.test_error({16, 4}, 0);
  EXPECT_TRUE(std::isfinite(test));
  EXPECT_GT(test, 0.0);
  for (int fold = 0; fold < objective.folds(); ++fold) {
    EXPECT_NE(test, objective.evaluate({16, 4}, 0, fold));
  }
}

TEST(XGBoostObjective, TestErrorNeedsTestRows) {
  ObjectiveSpec spec = boosting_spec(2, "error");
  spec.data.test_fraction = 0.0;
  XGBoostObjective objective(spec, prepared(spec));
  EXPECT_THROW(objective.test_error({4, 2}, 0), ModelError);
}

TEST(XGBoostObjective, RejectsAFoldOutsideThePlan) {
  const ObjectiveSpec spec = boosting_spec(2, "error");
  XGBoostObjective objective(spec, prepared(spec));
  EXPECT_THROW(objective.evaluate({4, 2}, 0, 3), std::out_of_range);
  EXPECT_THROW(objective.evaluate({4, 2}, 0, -1), std::out_of_range);
}

TEST(XGBoostObjective, NEstimatorsIsTheNumberOfRoundsAndOtherNamesPassThrough) {
  ObjectiveSpec spec = boosting_spec(2, "error");
  spec.model.fixed = {{"gamma", "0.5"}, {"max_depth", "9"}};
  XGBoostObjective objective(spec, prepared(spec));
  const BoosterSetup setup = objective.setup({7, 3}, 0);
  EXPECT_EQ(setup.rounds, 7);
  EXPECT_EQ(setup.params.at("gamma"), "0.5");
  EXPECT_EQ(setup.params.at("max_depth"), "3");  // the space's value wins over model.fixed
  EXPECT_EQ(setup.params.at("objective"), "binary:logistic");
  EXPECT_EQ(setup.params.count("n_estimators"), 0u);
}

TEST(XGBoostObjective, ProbabilityMetricsRejectAnObjectiveWithoutProbabilities) {
  ObjectiveSpec spec = boosting_spec(2, "logloss");
  spec.model.fixed["objective"] = "binary:hinge";
  const std::string message = construction_error(spec);
  EXPECT_THAT(message, HasSubstr("model.fixed.objective"));
  EXPECT_THAT(message, HasSubstr("binary:logistic"));
  EXPECT_THAT(message, HasSubstr("'binary:hinge'"));
  // Its 0/1 outputs serve the error rate.
  spec.model.metric = "error";
  EXPECT_NO_THROW(XGBoostObjective served(spec, prepared(spec)));
}

TEST(XGBoostObjective, ErrorRejectsMarginsAndClassIndices) {
  ObjectiveSpec binary = boosting_spec(2, "error");
  binary.model.fixed["objective"] = "binary:logitraw";
  EXPECT_THAT(construction_error(binary), HasSubstr("'binary:logitraw'"));
  ObjectiveSpec multiclass = boosting_spec(3, "error");
  multiclass.model.fixed["objective"] = "multi:softmax";
  EXPECT_THAT(construction_error(multiclass), HasSubstr("multi:softprob"));
}

TEST(XGBoostObjective, ChecksEveryObjectiveChoiceOfTheSpace) {
  ObjectiveSpec spec = boosting_spec(2, "auc");
  Parameter objective;
  objective.name = "objective";
  objective.kind = ParamKind::kCategorical;
  objective.choices = {"binary:logistic", "binary:logitraw"};
  spec.space = Space({int_parameter("n_estimators", 2, 8), objective});
  const std::string message = construction_error(spec);
  EXPECT_THAT(message, HasSubstr("space.objective"));
  EXPECT_THAT(message, HasSubstr("'binary:logitraw'"));
}

TEST(XGBoostObjective, RejectsAMetricOfTheOtherTask) {
  EXPECT_THAT(construction_error(boosting_spec(2, "rmse")), HasSubstr("model.metric"));
  EXPECT_THAT(construction_error(boosting_spec(0, "auc")), HasSubstr("model.metric"));
}

}  // namespace
}  // namespace fermata
