// Which option names the XGBoost-based models accept: the ones XGBoost itself reports for the
// job's booster and objective, plus fermata's own.
#include "objectives/xgboost_parameters.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

using ::testing::HasSubstr;

Parameter parameter(const std::string& name, ParamKind kind,
                    std::vector<std::string> choices = {}) {
  Parameter p;
  p.name = name;
  p.kind = kind;
  p.low = 1;
  p.high = 4;
  p.choices = std::move(choices);
  return p;
}

ObjectiveSpec spec_with(std::vector<Parameter> space, std::map<std::string, std::string> fixed) {
  ObjectiveSpec spec;
  spec.model.kind = "xgboost";
  spec.space = Space(std::move(space));
  spec.model.fixed = std::move(fixed);
  return spec;
}

std::string rejection(const ObjectiveSpec& spec, const std::vector<std::string>& own) {
  try {
    check_booster_option_names(spec, own);
  } catch (const JobError& e) {
    return e.what();
  }
  return "";
}

TEST(XgboostParameterNames, HoldTreeParametersAliasesAndGlobalOnes) {
  const auto names = xgboost_parameter_names({{"objective", "binary:logistic"}});
  for (const char* name : {"max_depth", "eta", "learning_rate", "reg_lambda", "subsample",
                           "nthread", "seed", "verbosity", "eval_metric", "scale_pos_weight",
                           "num_parallel_tree", "base_score", "tree_method"}) {
    EXPECT_EQ(names.count(name), 1u) << name;
  }
  EXPECT_EQ(names.count("max_dpeth"), 0u);
  EXPECT_EQ(names.count("n_estimators"), 0u) << "fermata's own, not XGBoost's";
}

TEST(XgboostParameterNames, FollowTheBoosterAndObjective) {
  EXPECT_EQ(xgboost_parameter_names({}).count("rate_drop"), 0u);
  EXPECT_EQ(xgboost_parameter_names({{"booster", "dart"}}).count("rate_drop"), 1u);
  EXPECT_EQ(xgboost_parameter_names({{"objective", "reg:tweedie"}}).count("tweedie_variance_power"),
            1u);
}

TEST(XgboostParameterNames, RejectedStructuralValueThrowsModelError) {
  EXPECT_THROW(xgboost_parameter_names({{"booster", "gbtre"}}), ModelError);
}

TEST(BoosterOptionNames, AcceptXgboostNamesAndOwnOnes) {
  const ObjectiveSpec spec = spec_with(
      {parameter("max_depth", ParamKind::kInt), parameter("n_estimators", ParamKind::kInt)},
      {{"gamma", "0.1"}, {"colsample_bytree", "0.5"}});
  EXPECT_EQ(rejection(spec, {"n_estimators"}), "");
}

TEST(BoosterOptionNames, SpaceTypoNamesKeyFoundAndClosest) {
  const std::string message =
      rejection(spec_with({parameter("max_dpeth", ParamKind::kInt)}, {}), {"n_estimators"});
  EXPECT_THAT(message, HasSubstr("space.max_dpeth"));
  EXPECT_THAT(message, HasSubstr("found 'max_dpeth'"));
  EXPECT_THAT(message, HasSubstr("did you mean 'max_depth'?"));
}

TEST(BoosterOptionNames, FixedTypoNamesKeyAndSuggestsOwnOption) {
  const std::string message = rejection(spec_with({}, {{"n_estimator", "10"}}), {"n_estimators"});
  EXPECT_THAT(message, HasSubstr("model.fixed.n_estimator"));
  EXPECT_THAT(message, HasSubstr("did you mean 'n_estimators'?"));
}

TEST(BoosterOptionNames, EveryChoiceOfATunedBoosterCounts) {
  const ObjectiveSpec spec = spec_with(
      {parameter("booster", ParamKind::kCategorical, {"gbtree", "dart"})}, {{"rate_drop", "0.1"}});
  EXPECT_EQ(rejection(spec, {}), "");
}

TEST(BoosterOptionNames, RejectedBoosterNamesItsKey) {
  const std::string message = rejection(spec_with({}, {{"booster", "gbtre"}}), {});
  EXPECT_THAT(message, HasSubstr("model.fixed.booster gbtre"));
  EXPECT_THAT(message, HasSubstr("XGBoost rejected"));
}

}  // namespace
}  // namespace fermata
