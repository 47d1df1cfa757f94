#include <fermata/core/error.hpp>
#include <fermata/job/job.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fermata {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// A valid job to which each test appends (or prepends) one mistake.
constexpr const char* kBase =
    "data:\n"
    "  path: data.csv\n"
    "space:\n"
    "  x: {type: float, low: 0, high: 1}\n";

std::string error_of(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  try {
    parse_job(yaml, "job.yaml", overrides);
  } catch (const JobError& e) {
    EXPECT_EQ(e.exit_code(), kExitUsage);
    return e.what();
  }
  ADD_FAILURE() << "no JobError for:\n" << yaml;
  return "";
}

TEST(JobErrors, UnknownTopLevelKeyHasLineAndSuggestion) {
  const std::string message = error_of(std::string(kBase) + "budgte:\n  max_trials: 3\n");
  EXPECT_THAT(message, StartsWith("job.yaml:5:1: unknown key 'budgte' at the top level"));
  EXPECT_THAT(message, HasSubstr("expected one of: name, seed, data, cv, model, space"));
  EXPECT_THAT(message, HasSubstr("did you mean 'budget'?"));
}

TEST(JobErrors, UnknownNestedKeyListsTheBlocksKeys) {
  const std::string message = error_of(std::string(kBase) + "budget:\n  max_trial: 3\n");
  EXPECT_EQ(message,
            "job.yaml:6:3: unknown key 'max_trial' in 'budget' (expected one of: max_trials, "
            "max_seconds); did you mean 'max_trials'?");
}

TEST(JobErrors, UnknownKeyFarFromEveryKeyHasNoSuggestion) {
  const std::string message = error_of(std::string(kBase) + "budget:\n  wallclock: 3\n");
  EXPECT_THAT(message, HasSubstr("unknown key 'wallclock' in 'budget'"));
  EXPECT_THAT(message, Not(HasSubstr("did you mean")));
}

TEST(JobErrors, UnknownKeyInAParameterNamesTheParameter) {
  const std::string message = error_of(
      "data: {path: d.csv}\n"
      "space:\n"
      "  x: {type: float, low: 0, high: 1}\n"
      "  lr: {type: float, low: 0.1, hihg: 1}\n");
  EXPECT_THAT(message, StartsWith("job.yaml:4:31: unknown key 'hihg' in 'space.lr'"));
  EXPECT_THAT(message, HasSubstr("did you mean 'high'?"));
}

TEST(JobErrors, UnknownKeyInGenerateBlock) {
  const std::string message = error_of(
      "data:\n  generate:\n    rows: 10\n    label_nosie: 0.1\nspace: {x: {type: float, low: 0, "
      "high: 1}}\n");
  EXPECT_THAT(message, StartsWith("job.yaml:4:5: unknown key 'label_nosie' in 'data.generate'"));
  EXPECT_THAT(message, HasSubstr("did you mean 'label_noise'?"));
}

TEST(JobErrors, RepeatedKeyIsAnError) {
  const std::string message = error_of("seed: 1\nseed: 2\n" + std::string(kBase));
  EXPECT_THAT(message, StartsWith("job.yaml:2:1: key 'seed' appears twice"));
  EXPECT_THAT(message, HasSubstr("first at line 1"));
}

TEST(JobErrors, WrongTypeNamesKeyPathAndWhatWasFound) {
  EXPECT_EQ(error_of(std::string(kBase) + "budget:\n  max_trials: ten\n"),
            "job.yaml:6:15: budget.max_trials: expected an integer >= 1, found 'ten'");
  EXPECT_THAT(error_of(std::string(kBase) + "cv: {folds: 2.5}\n"),
              HasSubstr("cv.folds: expected an integer >= 1, found '2.5'"));
  EXPECT_THAT(error_of(std::string(kBase) + "cv: {stratified: maybe}\n"),
              HasSubstr("cv.stratified: expected true or false, found 'maybe'"));
  EXPECT_THAT(error_of(std::string(kBase) + "budget: {max_seconds: [1, 2]}\n"),
              HasSubstr("budget.max_seconds: expected a number >= 0, found a list"));
  EXPECT_THAT(error_of(std::string(kBase) + "budget: 5\n"),
              HasSubstr("budget: expected a mapping with keys max_trials, max_seconds, found '5'"));
  EXPECT_THAT(error_of(std::string(kBase) + "model: {fixed: {depth: [1, 2]}}\n"),
              HasSubstr("model.fixed.depth: expected a single value, found a list"));
  EXPECT_THAT(error_of(std::string(kBase) + "name:\n"),
              HasSubstr("name: expected a string, found nothing"));
}

TEST(JobErrors, SeedMustBeANonNegativeInteger) {
  EXPECT_THAT(error_of("seed: -1\n" + std::string(kBase)),
              HasSubstr("job.yaml:1:7: seed: expected a non-negative integer, found '-1'"));
  EXPECT_THAT(error_of("seed: 1.5\n" + std::string(kBase)),
              HasSubstr("seed: expected a non-negative integer, found '1.5'"));
}

TEST(JobErrors, MissingRequiredKeys) {
  EXPECT_THAT(error_of("space: {x: {type: float, low: 0, high: 1}}\n"),
              StartsWith("job.yaml: missing required key 'data'"));
  EXPECT_THAT(error_of("data: {path: d.csv}\n"),
              StartsWith("job.yaml: missing required key 'space'"));
  EXPECT_THAT(error_of("data: {path: d.csv}\nspace: {}\n"),
              HasSubstr("space: expected a mapping of at least one parameter"));
  EXPECT_THAT(error_of("data:\n  target: y\nspace: {x: {type: float, low: 0, high: 1}}\n"),
              StartsWith("job.yaml:2:3: data: missing required key 'path'"));
  EXPECT_THAT(error_of("data: {path: d.csv}\nspace:\n  x: {low: 0, high: 1}\n"),
              StartsWith("job.yaml:3:6: space.x: missing required key 'type'"));
  EXPECT_THAT(error_of("data: {path: d.csv}\nspace:\n  x: {type: float, low: 0}\n"),
              HasSubstr("space.x: missing required key 'high'"));
  EXPECT_THAT(error_of("data: {path: d.csv}\nspace:\n  b: {type: categorical}\n"),
              HasSubstr("space.b: missing required key 'choices'"));
}

TEST(JobErrors, EmptyDocumentMissesData) {
  EXPECT_THAT(error_of(""), HasSubstr("missing required key 'data'"));
}

TEST(JobErrors, TopLevelMustBeAMapping) {
  EXPECT_THAT(error_of("- a\n- b\n"), HasSubstr("the job: expected a mapping"));
}

TEST(JobErrors, PathAndGenerateTogetherAreRejected) {
  EXPECT_THAT(error_of("data: {path: d.csv, generate: {rows: 10}}\nspace: {x: {type: float, low: "
                       "0, high: 1}}\n"),
              HasSubstr("data.generate: give either data.path or data.generate, not both"));
}

TEST(JobErrors, TaskContradictingGenerateKind) {
  EXPECT_THAT(error_of("data: {task: regression, generate: {kind: classification}}\n"
                       "space: {x: {type: float, low: 0, high: 1}}\n"),
              HasSubstr("data.task: 'regression' contradicts data.generate.kind 'classification'"));
}

struct RangeCase {
  const char* yaml;
  const char* expected;
};

void PrintTo(const RangeCase& c, std::ostream* os) {
  *os << c.yaml;
}

class JobRangeErrors : public ::testing::TestWithParam<RangeCase> {};

TEST_P(JobRangeErrors, OutOfRangeValueNamesTheKeyAndTheRange) {
  EXPECT_THAT(error_of(std::string(kBase) + GetParam().yaml), HasSubstr(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    EveryCheckedKey, JobRangeErrors,
    ::testing::Values(
        RangeCase{"cv: {folds: 0}", "cv.folds: expected an integer >= 1, found '0'"},
        RangeCase{"model: {threads: 0}", "model.threads: expected an integer >= 1, found '0'"},
        RangeCase{"budget: {max_trials: 0}", "budget.max_trials: expected an integer >= 1"},
        RangeCase{"budget: {max_seconds: -1}", "budget.max_seconds: expected a number >= 0"},
        RangeCase{"stopping: {min_trials: 0}", "stopping.min_trials: expected an integer >= 1"},
        RangeCase{"optimizer: {initial_trials: 0}",
                  "optimizer.initial_trials: expected an integer >= 1"},
        RangeCase{"stopping: {top_fraction: 0}",
                  "stopping.top_fraction: expected a number in (0, 1], found '0'"},
        RangeCase{"stopping: {top_fraction: 1.5}",
                  "stopping.top_fraction: expected a number in (0, 1]"},
        RangeCase{"stopping: {delta: 1}", "stopping.delta: expected a number in (0, 1), found '1'"},
        RangeCase{"stopping: {error_scale: 0}", "stopping.error_scale: expected a number > 0"},
        RangeCase{"stopping: {patience: 0}", "stopping.patience: expected an integer >= 1"},
        RangeCase{"stopping: {threshold: -0.1}", "stopping.threshold: expected a number >= 0"},
        RangeCase{"runtime: {max_retries: -1}", "runtime.max_retries: expected an integer >= 0"},
        RangeCase{"runtime: {max_failed_trials: -1}",
                  "runtime.max_failed_trials: expected an integer >= 0"},
        RangeCase{"checkpoint: {every_seconds: -5}",
                  "checkpoint.every_seconds: expected a number >= 0"},
        RangeCase{"budget: {max_seconds: .inf}",
                  "budget.max_seconds: expected a number >= 0, found '.inf'"},
        RangeCase{"optimizer: {kind: bayes}", "optimizer.kind: expected one of bo, random"},
        RangeCase{"optimizer: {acquisition: ucb}",
                  "optimizer.acquisition: expected one of ei, lcb, found 'ucb'"},
        RangeCase{"model: {kind: xgbost}",
                  "model.kind: expected one of xgboost, random_forest, mlp, command, synthetic, "
                  "found 'xgbost'; did you mean 'xgboost'?"},
        RangeCase{"model: {metric: rmse}",
                  "model.metric: expected one of error, logloss, auc, found 'rmse'"}));

TEST(JobErrors, TestFractionMustLeaveRowsToTuneOn) {
  EXPECT_THAT(
      error_of("data: {path: d.csv, test_fraction: 1}\nspace: {x: {type: float, low: 0, "
               "high: 1}}\n"),
      HasSubstr("job.yaml:1:36: data.test_fraction: expected a number in [0, 1), found '1'"));
}

TEST(JobErrors, GenerateSettingsAreChecked) {
  const std::string space = "space: {x: {type: float, low: 0, high: 1}}\n";
  EXPECT_THAT(error_of("data: {generate: {classes: 1}}\n" + space),
              HasSubstr("data.generate.classes: expected an integer >= 2"));
  EXPECT_THAT(error_of("data: {generate: {features: 4}}\n" + space),
              HasSubstr("data.generate.informative: expected at most data.generate.features (4)"));
  EXPECT_THAT(error_of("data: {generate: {kind: ranking}}\n" + space),
              HasSubstr("data.generate.kind: expected one of classification, regression"));
}

TEST(JobErrors, RegressionMetricMustBeARegressionMetric) {
  EXPECT_THAT(error_of("data: {path: d.csv, task: regression}\nmodel: {metric: auc}\n"
                       "space: {x: {type: float, low: 0, high: 1}}\n"),
              HasSubstr("model.metric: expected one of rmse, mae, found 'auc'"));
}

TEST(JobErrors, BadCriterionListsEveryValidName) {
  const std::string message = error_of(std::string(kBase) + "stopping:\n  criterion: regret\n");
  EXPECT_EQ(message,
            "job.yaml:6:14: stopping.criterion: expected one of robust-regret-bound, regret-bound, "
            "static, patience, ei-threshold, pi-threshold, emmr, none, found 'regret'");
}

TEST(JobErrors, MisspeltCriterionGetsASuggestion) {
  EXPECT_THAT(error_of(std::string(kBase) + "stopping: {criterion: paitence}\n"),
              HasSubstr("did you mean 'patience'?"));
}

TEST(JobErrors, MonitorEntriesMustBeCriteriaOtherThanNone) {
  EXPECT_THAT(error_of(std::string(kBase) + "stopping:\n  monitor: [patience, emr]\n"),
              HasSubstr("job.yaml:6:23: stopping.monitor[1]: expected one of robust-regret-bound, "
                        "regret-bound, static, patience, ei-threshold, pi-threshold, emmr, found "
                        "'emr'"));
  EXPECT_THAT(error_of(std::string(kBase) + "stopping:\n  monitor: [none]\n"),
              HasSubstr("stopping.monitor[0]: expected one of"));
  EXPECT_THAT(error_of(std::string(kBase) + "stopping:\n  monitor: [emmr, emmr]\n"),
              HasSubstr("stopping.monitor[1]: 'emmr' is listed twice"));
}

TEST(JobErrors, RegretBoundNeedsCrossValidation) {
  EXPECT_THAT(
      error_of(std::string(kBase) + "cv: {folds: 1}\nstopping: {criterion: regret-bound}\n"),
      HasSubstr("stopping.criterion: stopping criterion 'regret-bound' compares the regret bound "
                "with the statistical error of the cross-validated estimate, which needs "
                "cv.folds >= 2 (found 1)"));
}

TEST(JobErrors, ThresholdCriteriaNeedAPositiveThreshold) {
  EXPECT_THAT(error_of(std::string(kBase) + "stopping: {criterion: ei-threshold}\n"),
              HasSubstr("stopping.criterion: criterion ei-threshold stops when its value falls "
                        "below stopping.threshold, which must be > 0 (found 0)"));
  EXPECT_NO_THROW(parse_job(std::string(kBase) + "stopping: {criterion: static, threshold: 0.01}\n",
                            "job.yaml"));
}

TEST(JobErrors, SpaceParameterProblemsNameTheParameterAndLine) {
  const std::string data = "data: {path: d.csv}\nspace:\n";
  EXPECT_THAT(
      error_of(data + "  lr: {type: float, low: 2, high: 1}\n"),
      StartsWith("job.yaml:3:7: space.lr: needs finite low <= high (found low: 2, high: 1)"));
  EXPECT_THAT(error_of(data + "  lr: {type: float, low: 0, high: 1, log: true}\n"),
              StartsWith("job.yaml:3:7: space.lr: log scale needs low > 0"));
  EXPECT_THAT(error_of(data + "  n: {type: int, low: 1.5, high: 8}\n"),
              StartsWith("job.yaml:3:6: space.n: int bounds must be whole numbers"));
  EXPECT_THAT(error_of(data + "  b: {type: categorical, choices: []}\n"),
              StartsWith("job.yaml:3:6: space.b: needs at least one choice"));
  EXPECT_THAT(error_of(data + "  lr: {type: double, low: 0, high: 1}\n"),
              HasSubstr("job.yaml:3:14: space.lr.type: expected one of float, int, categorical, "
                        "found 'double'"));
  EXPECT_THAT(error_of(data + "  lr: 0.1\n"), HasSubstr("space.lr: expected a mapping"));
  // A key YAML cannot write back (the resolved job is stored as YAML): too long, or with
  // control characters.
  EXPECT_THAT(error_of(data + "  " + std::string(201, 'a') + ": {type: float, low: 0, high: 1}\n"),
              HasSubstr("expected a key name in 'space' of 1 to 200 characters"));
  EXPECT_THAT(error_of(data + "  \"a\\tb\": {type: float, low: 0, high: 1}\n"),
              HasSubstr("with control characters"));
  // A '/' would be found only when the first checkpoint is written, losing the run.
  EXPECT_THAT(error_of(data + "  a/b: {type: float, low: 0, high: 1}\n"),
              StartsWith("job.yaml:3:8: space.a/b: expected a parameter name without '/'"));
  EXPECT_THAT(error_of(data + "  b: {type: categorical, choices: [a, b], log: true}\n"),
              HasSubstr("space.b.log: applies only to float and int parameters"));
  EXPECT_THAT(error_of(data + "  x: {type: float, low: 0, high: 1, choices: [a]}\n"),
              HasSubstr("space.x.choices: applies only to categorical parameters"));
  EXPECT_THAT(error_of(data + "  b: {type: categorical, choices: [a, b, a]}\n"),
              HasSubstr("space.b.choices: the choice 'a' is listed twice"));
  EXPECT_THAT(error_of(data + "  x: {type: float, low: 0, high: 1}\n  x: {type: int, low: 0, "
                              "high: 1}\n"),
              HasSubstr("job.yaml:4:3: key 'x' appears twice in 'space'"));
}

TEST(JobErrors, YamlSyntaxErrorHasALine) {
  const std::string message = error_of("data: {path: d.csv\nspace:\n  x: [\n");
  EXPECT_THAT(message, ::testing::MatchesRegex("job\\.yaml:[0-9]+:[0-9]+: invalid YAML: .+"));
  const std::string indent = error_of("data:\n  path: d.csv\n   target: y\n");
  EXPECT_THAT(indent, StartsWith("job.yaml:3:"));
  EXPECT_THAT(indent, HasSubstr("invalid YAML"));
}

}  // namespace
}  // namespace fermata
