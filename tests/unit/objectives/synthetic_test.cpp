#include <fermata/objectives/synthetic.hpp>

#include <cmath>
#include <functional>
#include <numbers>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>
#include <fermata/space/sobol.hpp>

#include "objectives/synthetic_objective.hpp"

namespace fermata {
namespace {

using std::numbers::pi;
using ::testing::HasSubstr;

/// The message of the JobError `action` throws; fails the test if it throws nothing else.
std::string job_error_message(const std::function<void()>& action) {
  try {
    action();
  } catch (const JobError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a JobError";
  return "";
}

ObjectiveSpec synthetic_spec(const std::string& function,
                             std::map<std::string, std::string> fixed = {}, int folds = 10,
                             std::uint64_t seed = 7) {
  ObjectiveSpec spec;
  spec.space = synthetic_function(function).space;
  spec.model.kind = "synthetic";
  spec.model.fixed = std::move(fixed);
  spec.model.fixed["function"] = function;
  spec.cv.folds = folds;
  spec.seed = seed;
  return spec;
}

Parameter parameter_of(const std::string& function, const std::string& name) {
  const Space& space = synthetic_function(function).space;
  return space[static_cast<std::size_t>(space.index_of(name))];
}

TEST(SyntheticFunctions, BraninEqualsItsOptimumAtAllThreeGlobalMinimisers) {
  const SyntheticFunction& branin = synthetic_function("branin");
  EXPECT_NEAR(branin.optimum, 0.397887357729738, 1e-12);
  EXPECT_NEAR(branin.f({-pi, 12.275}), branin.optimum, 1e-6);
  EXPECT_NEAR(branin.f({pi, 2.275}), branin.optimum, 1e-6);
  EXPECT_NEAR(branin.f({9.42478, 2.475}), branin.optimum, 1e-6);
  EXPECT_GT(branin.f({0.0, 0.0}), branin.optimum + 1.0);
}

TEST(SyntheticFunctions, Hartmann6EqualsItsOptimumAtItsMinimiser) {
  const SyntheticFunction& h = synthetic_function("hartmann6");
  EXPECT_NEAR(h.f({0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573}), -3.32236801141551,
              1e-5);
  EXPECT_GT(h.f({0.5, 0.5, 0.5, 0.5, 0.5, 0.5}), h.optimum + 0.5);
}

TEST(SyntheticFunctions, StyblinskiTang9IsLowestAtItsMinimizerAndHasNineParameters) {
  const SyntheticFunction& s = synthetic_function("styblinski_tang9");
  EXPECT_EQ(s.space.size(), 9u);
  EXPECT_NEAR(s.optimum, -352.4954913339427, 1e-9);
  EXPECT_NEAR(s.f(Config(9, -2.903534027771177)), s.optimum, 1e-9);
  // The other local minimum of each coordinate (near 2.7468) is higher.
  Config other(9, -2.903534027771177);
  other[4] = 2.746802;
  EXPECT_GT(s.f(other), s.optimum + 10.0);
  EXPECT_GT(s.f(Config(9, 0.0)), s.optimum + 300.0);
}

TEST(SyntheticFunctions, EveryStatedMinimizerAttainsTheOptimum) {
  for (const std::string& name : synthetic_function_names()) {
    const SyntheticFunction& fn = synthetic_function(name);
    EXPECT_EQ(fn.name, name);
    ASSERT_EQ(fn.minimizer.size(), fn.space.size()) << name;
    EXPECT_NEAR(fn.f(fn.minimizer), fn.optimum, 1e-5) << name;
  }
  EXPECT_EQ(synthetic_function("mixed").f({0.3, 0.7, 6.0, 1.0}), 0.0);
}

TEST(SyntheticFunctions, NoSobolPointIsBelowTheOptimum) {
  for (const std::string& name : synthetic_function_names()) {
    const SyntheticFunction& fn = synthetic_function(name);
    SobolSequence sobol(fn.space.size(), 11);
    double lowest = HUGE_VAL;
    double sum = 0.0;
    for (int i = 0; i < 1000; ++i) {
      const double value = fn.f(fn.space.from_uniform(sobol.next()));
      lowest = std::min(lowest, value);
      sum += value;
    }
    EXPECT_GE(lowest, fn.optimum) << name;
    // The design does get near the optimum: closer than half the way from the mean value.
    EXPECT_LT(lowest - fn.optimum, 0.5 * (sum / 1000 - fn.optimum)) << name;
  }
}

TEST(SyntheticFunctions, MixedMinimumIsStrictAgainstEveryOtherKindAndNeighbouringN) {
  const auto& f = synthetic_function("mixed").f;
  EXPECT_GT(f({0.3, 0.7, 5.0, 1.0}), 0.0);
  EXPECT_GT(f({0.3, 0.7, 7.0, 1.0}), 0.0);
  // Each other kind is at best its offset, reached at its own y centre.
  EXPECT_NEAR(f({0.3, 0.2, 6.0, 0.0}), 0.3, 1e-15);
  EXPECT_NEAR(f({0.3, 0.5, 6.0, 2.0}), 0.15, 1e-15);
  EXPECT_GT(f({0.31, 0.7, 6.0, 1.0}), 0.0);
  EXPECT_GT(f({0.3, 0.69, 6.0, 1.0}), 0.0);
}

TEST(SyntheticFunctions, MixedHasALocalMinimumInXAwayFromTheGlobalOne) {
  const auto& f = synthetic_function("mixed").f;
  const double local = f({0.62, 0.7, 6.0, 1.0});
  EXPECT_GT(local, 0.05);
  EXPECT_LT(local, f({0.58, 0.7, 6.0, 1.0}));
  EXPECT_LT(local, f({0.70, 0.7, 6.0, 1.0}));
}

TEST(SyntheticFunctions, UnknownNameThrowsJobErrorListingTheValidNames) {
  const std::string message = job_error_message([] { synthetic_function("rosenbrock"); });
  EXPECT_THAT(message, HasSubstr("rosenbrock"));
  EXPECT_THAT(message, HasSubstr("branin, hartmann6, mixed, styblinski_tang9"));
}

TEST(SyntheticObjective, NoiseFreeValueIsExactlyTheFunction) {
  SyntheticObjective objective(synthetic_spec("hartmann6"));
  const SyntheticFunction& fn = synthetic_function("hartmann6");
  SobolSequence sobol(6, 3);
  for (int i = 0; i < 20; ++i) {
    const Config x = fn.space.from_uniform(sobol.next());
    EXPECT_EQ(objective.evaluate(x, i, i % 10), fn.f(x));
  }
}

TEST(SyntheticObjective, FoldsComeFromTheCvSettings) {
  EXPECT_EQ(SyntheticObjective(synthetic_spec("branin", {}, 7)).folds(), 7);
}

TEST(SyntheticObjective, SameTrialAndFoldGiveTheSameNoisyValue) {
  const ObjectiveSpec spec = synthetic_spec("branin", {{"noise", "0.5"}});
  SyntheticObjective a(spec), b(spec);
  const Config x = {1.0, 2.0};
  EXPECT_EQ(a.evaluate(x, 4, 2), a.evaluate(x, 4, 2));
  EXPECT_EQ(a.evaluate(x, 4, 2), b.evaluate(x, 4, 2));
}

TEST(SyntheticObjective, DifferentFoldsTrialsAndSeedsGiveDifferentNoise) {
  SyntheticObjective objective(synthetic_spec("branin", {{"noise", "0.5"}}));
  SyntheticObjective other_seed(synthetic_spec("branin", {{"noise", "0.5"}}, 10, 8));
  const Config x = {1.0, 2.0};
  EXPECT_NE(objective.evaluate(x, 4, 2), objective.evaluate(x, 4, 3));
  EXPECT_NE(objective.evaluate(x, 4, 2), objective.evaluate(x, 5, 2));
  EXPECT_NE(objective.evaluate(x, 4, 2), other_seed.evaluate(x, 4, 2));
}

TEST(SyntheticObjective, NoiseHasTheRequestedStandardDeviationAroundTheFunction) {
  SyntheticObjective objective(synthetic_spec("branin", {{"noise", "0.5"}}));
  const Config x = {pi, 2.275};
  const double f = synthetic_function("branin").f(x);
  double sum = 0.0, sum_sq = 0.0;
  const int n = 2000;
  for (int trial = 0; trial < n / 10; ++trial) {
    for (int fold = 0; fold < 10; ++fold) {
      const double e = objective.evaluate(x, trial, fold) - f;
      sum += e;
      sum_sq += e * e;
    }
  }
  const double mean = sum / n;
  const double std = std::sqrt((sum_sq - n * mean * mean) / (n - 1));
  EXPECT_NEAR(mean, 0.0, 4 * 0.5 / std::sqrt(n));
  EXPECT_NEAR(std, 0.5, 0.05);
}

TEST(SyntheticObjective, FailRateIsTheFractionOfFailingFoldsAndIsDeterministic) {
  const ObjectiveSpec spec = synthetic_spec("mixed", {{"fail_rate", "0.2"}});
  SyntheticObjective a(spec), b(spec);
  const Config x = {0.5, 0.5, 3.0, 2.0};
  int failures = 0;
  for (int trial = 0; trial < 200; ++trial) {
    for (int fold = 0; fold < 10; ++fold) {
      bool failed_a = false, failed_b = false;
      try {
        a.evaluate(x, trial, fold);
      } catch (const ModelError& e) {
        failed_a = true;
        EXPECT_THAT(std::string(e.what()), HasSubstr("simulated failure"));
      }
      try {
        b.evaluate(x, trial, fold);
      } catch (const ModelError&) {
        failed_b = true;
      }
      EXPECT_EQ(failed_a, failed_b) << "trial " << trial << " fold " << fold;
      failures += failed_a ? 1 : 0;
    }
  }
  EXPECT_NEAR(failures / 2000.0, 0.2, 0.03);
}

TEST(SyntheticObjective, ARetryOfAFailedFoldDrawsItsFailureAgain) {
  SyntheticObjective objective(synthetic_spec("branin", {{"noise", "1"}, {"fail_rate", "0.5"}}));
  SyntheticObjective reliable(synthetic_spec("branin", {{"noise", "1"}}));
  const Config x = {2.0, 3.0};
  int failed_first = 0, recovered = 0;
  for (int trial = 0; trial < 40; ++trial) {
    try {
      objective.evaluate_attempt(x, trial, 0, 0);
      continue;
    } catch (const ModelError&) {
      ++failed_first;
    }
    // Up to four more attempts: with fail_rate 0.5 most folds come through, with the value
    // the fold would have had on its first attempt.
    for (int attempt = 1; attempt <= 4; ++attempt) {
      try {
        EXPECT_EQ(objective.evaluate_attempt(x, trial, 0, attempt), reliable.evaluate(x, trial, 0));
        ++recovered;
        break;
      } catch (const ModelError&) {
      }
    }
  }
  ASSERT_GT(failed_first, 0);
  EXPECT_GT(recovered, 0);
}

TEST(SyntheticObjective, FailuresLeaveTheNoiseOfSucceedingFoldsUnchanged) {
  SyntheticObjective failing(synthetic_spec("branin", {{"noise", "1"}, {"fail_rate", "0.5"}}));
  SyntheticObjective reliable(synthetic_spec("branin", {{"noise", "1"}}));
  const Config x = {2.0, 3.0};
  int successes = 0;
  for (int fold = 0; fold < 10; ++fold) {
    try {
      const double value = failing.evaluate(x, 1, fold);
      EXPECT_EQ(value, reliable.evaluate(x, 1, fold));
      ++successes;
    } catch (const ModelError&) {
    }
  }
  EXPECT_GT(successes, 0);
  EXPECT_LT(successes, 10);
}

TEST(SyntheticObjective, MapsConfigurationsByNameAndChoiceWhateverTheJobsOrder) {
  ObjectiveSpec spec = synthetic_spec("mixed");
  Parameter kind = parameter_of("mixed", "kind");
  kind.choices = {"c", "a", "b"};
  Parameter n = parameter_of("mixed", "n");
  n.log = true;  // the scale is the optimizer's business, not the function's
  spec.space = Space({kind, parameter_of("mixed", "y"), n, parameter_of("mixed", "x")});
  SyntheticObjective objective(spec);
  const auto& f = synthetic_function("mixed").f;
  EXPECT_EQ(objective.evaluate({2.0, 0.7, 6.0, 0.3}, 0, 0), 0.0);  // kind b, the minimum
  EXPECT_EQ(objective.evaluate({0.0, 0.1, 4.0, 0.8}, 0, 0), f({0.8, 0.1, 4.0, 2.0}));
  EXPECT_EQ(objective.evaluate({1.0, 0.4, 9.0, 0.1}, 0, 0), f({0.1, 0.4, 9.0, 0.0}));
}

TEST(SyntheticObjective, RejectsMalformedConfigurationsAndFoldsWithModelError) {
  SyntheticObjective objective(synthetic_spec("mixed", {}, 5));
  EXPECT_THROW(objective.evaluate({0.3, 0.7, 6.0}, 0, 0), ModelError);
  EXPECT_THROW(objective.evaluate({0.3, 0.7, 6.0, 3.0}, 0, 0), ModelError);
  EXPECT_THROW(objective.evaluate({0.3, 0.7, 6.0, 1.0}, 0, 5), ModelError);
}

TEST(SyntheticObjective, UnknownFixedKeyThrowsJobErrorNamingIt) {
  const std::string message = job_error_message([] {
    SyntheticObjective(synthetic_spec("branin", {{"learning_rate", "0.1"}}));
  });
  EXPECT_THAT(message, HasSubstr("model.fixed.learning_rate"));
  EXPECT_THAT(message, HasSubstr("function, noise, seconds, fail_rate, evaluation_log"));
}

TEST(SyntheticObjective, MissingOrUnknownFunctionThrowsJobError) {
  ObjectiveSpec spec = synthetic_spec("branin");
  spec.model.fixed.erase("function");
  EXPECT_THAT(job_error_message([&] { SyntheticObjective{spec}; }),
              HasSubstr("model.fixed.function"));
  spec.model.fixed["function"] = "ackley";
  const std::string message = job_error_message([&] { SyntheticObjective{spec}; });
  EXPECT_THAT(message, HasSubstr("model.fixed.function"));
  EXPECT_THAT(message, HasSubstr("'ackley'"));
}

TEST(SyntheticObjective, BadOptionValuesThrowJobErrorNamingKeyExpectedAndFound) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"noise", "-1"},    {"noise", "abc"},      {"noise", "0.1x"},
      {"noise", "nan"},   {"seconds", "-2"},     {"seconds", "inf"},
      {"fail_rate", "1"}, {"fail_rate", "-0.1"}, {"fail_rate", ""}};
  for (const auto& [key, value] : bad) {
    const std::string message = job_error_message([&] {
      SyntheticObjective(synthetic_spec("branin", {{key, value}}));
    });
    EXPECT_THAT(message, HasSubstr("model.fixed." + key + ": expected ")) << value;
    EXPECT_THAT(message, HasSubstr("found '" + value + "'"));
  }
  EXPECT_NO_THROW(SyntheticObjective(
      synthetic_spec("branin", {{"noise", "0.25"}, {"seconds", "0"}, {"fail_rate", "0"}})));
}

TEST(SyntheticObjective, SpaceMismatchNamesTheFirstDifferingParameter) {
  ObjectiveSpec spec = synthetic_spec("hartmann6");
  std::vector<Parameter> parameters = spec.space.parameters();
  parameters[2].kind = ParamKind::kInt;
  parameters[2].high = 5;
  parameters[4].high = 2;
  spec.space = Space(parameters);
  EXPECT_THAT(job_error_message([&] { SyntheticObjective{spec}; }),
              HasSubstr("space.x3: the hartmann6 function needs a float in [0, 1], found an int "
                        "in [0, 5]"));

  ObjectiveSpec missing = synthetic_spec("branin");
  missing.space = Space({parameter_of("branin", "x1")});
  EXPECT_THAT(job_error_message([&] { SyntheticObjective{missing}; }),
              HasSubstr("space.x2: the branin function needs a float in [0, 15]"));

  ObjectiveSpec extra = synthetic_spec("branin");
  Parameter z = parameter_of("branin", "x2");
  z.name = "z";
  extra.space = Space({parameter_of("branin", "x1"), parameter_of("branin", "x2"), z});
  EXPECT_THAT(job_error_message([&] { SyntheticObjective{extra}; }),
              HasSubstr("space.z: the branin function has no such parameter (expected x1, x2)"));

  ObjectiveSpec choices = synthetic_spec("mixed");
  std::vector<Parameter> mixed = choices.space.parameters();
  mixed[3].choices = {"a", "b", "d"};
  choices.space = Space(mixed);
  EXPECT_THAT(job_error_message([&] { SyntheticObjective{choices}; }),
              HasSubstr("space.kind: the mixed function needs a categorical with choices {a, b, "
                        "c}, found a categorical with choices {a, b, d}"));
}

}  // namespace
}  // namespace fermata
