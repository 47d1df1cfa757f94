#include <fermata/stopping/criterion.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

using ::testing::HasSubstr;

std::string error_of(const std::string& spec, const StoppingSettings& settings = {},
                     int folds = 5) {
  try {
    make_criterion(spec, settings, folds);
  } catch (const JobError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no JobError for " << spec;
  return "";
}

/// trials_since_improvement becomes a stop once it reaches the criterion's patience.
bool stops_after(const StoppingCriterion& criterion, int trials_since_improvement) {
  std::vector<Trial> trials;
  for (int i = 0; i <= trials_since_improvement; ++i) {
    Trial t = Trial::make(i, {0.0}, 2);
    t.state = TrialState::kComplete;
    t.value = i == 0 ? 0.0 : 1.0 + i;
    trials.push_back(t);
  }
  std::vector<const Trial*> prefix;
  for (const Trial& t : trials) prefix.push_back(&t);
  const Space space({Parameter{"x", ParamKind::kFloat, 0.0, 1.0, false, {}}});
  return criterion.evaluate(prefix, StoppingContext{space, 2, kNaN, 1}).stop;
}

TEST(MakeCriterion, ListsEveryCriterionName) {
  EXPECT_EQ(criterion_names(),
            (std::vector<std::string>{"robust-regret-bound", "regret-bound", "static", "patience",
                                      "ei-threshold", "pi-threshold", "emmr", "none"}));
}

TEST(MakeCriterion, BareNamesAreTheirOwnLabel) {
  StoppingSettings s;
  s.set("threshold", 0.1);
  for (const std::string& name : criterion_names()) {
    EXPECT_EQ(make_criterion(name, s, 5)->label(), name);
  }
  EXPECT_EQ(make_criterion(" patience ( ) ", s, 5)->label(), "patience");
}

TEST(MakeCriterion, ParametersOverrideTheSettings) {
  StoppingSettings s;
  s.set("min_trials", 1);
  s.set("patience", 100);
  const auto plain = make_criterion("patience", s, 5);
  const auto quick = make_criterion("patience(patience=3)", s, 5);
  EXPECT_FALSE(stops_after(*plain, 3));
  EXPECT_TRUE(stops_after(*quick, 3));
  EXPECT_FALSE(stops_after(*quick, 2));
}

TEST(MakeCriterion, LabelsAreCanonicalWithKeysInTheCriterionsOrder) {
  const StoppingSettings s;
  EXPECT_EQ(make_criterion("patience(patience=10)", s, 5)->label(), "patience(patience=10)");
  EXPECT_EQ(make_criterion("  patience( patience = 10.0 )", s, 5)->label(),
            "patience(patience=10)");
  EXPECT_EQ(make_criterion("regret-bound(delta=0.05, error_scale=0.5)", s, 5)->label(),
            "regret-bound(error_scale=0.5,delta=0.05)");
  EXPECT_EQ(make_criterion("static(min_trials=30,threshold=1e-3)", s, 1)->label(),
            "static(threshold=0.001,min_trials=30)");
  EXPECT_EQ(make_criterion("pi-threshold(pi_threshold=0.30000000000000004)", s, 5)->label(),
            "pi-threshold(pi_threshold=0.30000000000000004)");
  EXPECT_EQ(make_criterion("emmr(emmr_threshold=0)", s, 5)->label(), "emmr(emmr_threshold=0)");
}

TEST(MakeCriterion, UnknownNameListsTheValidOnes) {
  EXPECT_EQ(error_of("regret"),
            "unknown stopping criterion 'regret' (expected one of: robust-regret-bound, "
            "regret-bound, static, patience, ei-threshold, pi-threshold, emmr, none)");
  EXPECT_THAT(error_of("conv(patience=3)"), HasSubstr("unknown stopping criterion 'conv'"));
}

TEST(MakeCriterion, RejectsParametersTheCriterionDoesNotRead) {
  EXPECT_THAT(error_of("patience(threshold=1)"),
              HasSubstr("'patience' has no parameter 'threshold' (expected patience, min_trials)"));
  EXPECT_THAT(error_of("none(min_trials=3)"), HasSubstr("has no parameter 'min_trials'"));
  EXPECT_THAT(error_of("ei-threshold(pi_threshold=0.1)"), HasSubstr("no parameter 'pi_threshold'"));
}

TEST(MakeCriterion, EachCriterionTakesTheOptionsItDeclares) {
  EXPECT_THAT(error_of("patience(delta=0.1)"),
              HasSubstr("'patience' has no parameter 'delta' (expected patience, min_trials)"));
  EXPECT_THAT(error_of("regret-bound(support=0.5)"),
              HasSubstr("(expected error_scale, top_fraction, delta, min_trials)"));
  EXPECT_EQ(make_criterion("robust-regret-bound(consecutive=3,support=1,floor_per_dim=5,samples=2)",
                           StoppingSettings{}, 5)
                ->label(),
            "robust-regret-bound(floor_per_dim=5,support=1,samples=2,consecutive=3)");
  EXPECT_THAT(error_of("robust-regret-bound(support=0)"),
              HasSubstr("support must be a number in (0, 1], found 0"));
  EXPECT_THAT(error_of("robust-regret-bound(consecutive=0.5)"),
              HasSubstr("consecutive must be an integer >= 1"));
  EXPECT_THAT(error_of("robust-regret-bound", StoppingSettings{}, 1),
              HasSubstr("cv.folds >= 2 (found 1)"));
}

TEST(MakeCriterion, RejectsMalformedSpecs) {
  EXPECT_THAT(error_of("patience(patience=10"), HasSubstr("malformed stopping criterion"));
  EXPECT_THAT(error_of("patience(patience)"), HasSubstr("'patience' is not key=value"));
  EXPECT_THAT(error_of("patience(patience=ten)"), HasSubstr("'patience=ten' is not key=number"));
  EXPECT_THAT(error_of("patience(patience=1, patience=2)"), HasSubstr("'patience' is given twice"));
  EXPECT_THAT(error_of("patience)"), HasSubstr("malformed"));
  EXPECT_THAT(error_of("(patience=1)"), HasSubstr("no name"));
}

TEST(MakeCriterion, RejectsValuesOutOfRange) {
  EXPECT_THAT(error_of("patience(patience=2.5)"),
              HasSubstr("patience must be an integer >= 1, found 2.5"));
  EXPECT_THAT(error_of("patience(patience=0)"), HasSubstr("patience must be an integer >= 1"));
  EXPECT_THAT(error_of("regret-bound(delta=1)"), HasSubstr("delta must be a number in (0, 1)"));
  EXPECT_THAT(error_of("pi-threshold(pi_threshold=1.5)"), HasSubstr("pi_threshold must be"));
  EXPECT_THAT(error_of("emmr(emmr_threshold=-1)"),
              HasSubstr("emmr_threshold must be a number >= 0"));
}

TEST(MakeCriterion, StaticNeedsAPositiveThreshold) {
  EXPECT_THAT(error_of("static", StoppingSettings{}, 1),
              HasSubstr("threshold must be a number > 0, found 0"));
  StoppingSettings s;
  s.set("threshold", 0.02);
  EXPECT_EQ(make_criterion("static", s, 1)->label(), "static");
}

TEST(MakeCriterion, RegretBoundWithoutCrossValidationPointsToStatic) {
  const std::string message = error_of("regret-bound", StoppingSettings{}, 1);
  EXPECT_THAT(message, HasSubstr("cv.folds >= 2 (found 1)"));
  EXPECT_THAT(message, HasSubstr("use 'static' with stopping.threshold"));
  EXPECT_NO_THROW(make_criterion("regret-bound", StoppingSettings{}, 2));
}

}  // namespace
}  // namespace fermata
