#include <fermata/job/job.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>
#include <fermata/stopping/settings.hpp>

namespace fermata {
namespace {

using ::testing::HasSubstr;

constexpr const char* kCompleteJob = R"(
name: xgboost-optdigits
seed: 7
data:
  path: ../shared/data/optdigits/optdigits.tsv.gz
  target: digit
  task: classification
  test_fraction: 0.25
cv:
  folds: 10
  stratified: false
model:
  kind: xgboost
  threads: 4
  metric: logloss
  fixed: {tree_method: hist, max_bin: 256, verbose: false}
space:
  n_estimators:  {type: int,   low: 2,    high: 512, log: true}
  learning_rate: {type: float, low: 1e-6, high: 1.0, log: true}
  subsample:     {type: float, low: 0.5,  high: 1.0}
  booster:       {type: categorical, choices: [gbtree, dart]}
optimizer:
  kind: random
  initial_trials: 12
  acquisition: lcb
budget:
  max_trials: 200
  max_seconds: 3600.5
stopping:
  criterion: regret-bound
  min_trials: 25
  error_scale: 0.5
  top_fraction: 0.4
  delta: 0.05
  patience: 10
  threshold: 0.01
  monitor: [patience, emmr, static]
checkpoint:
  path: out/run.h5
  every_seconds: 60
runtime:
  max_retries: 3
  max_failed_trials: 5
)";

constexpr const char* kMinimalJob = R"(
data:
  path: data.csv
space:
  x: {type: float, low: 0, high: 1}
)";

TEST(ParseJob, ReadsEveryKeyOfACompleteJob) {
  const Job job = parse_job(kCompleteJob, "jobs/complete.yaml");
  EXPECT_EQ(job.file, "jobs/complete.yaml");
  EXPECT_EQ(job.name, "xgboost-optdigits");
  EXPECT_EQ(job.seed, 7u);
  EXPECT_EQ(job.data.path, "../shared/data/optdigits/optdigits.tsv.gz");
  EXPECT_EQ(job.data.target, "digit");
  EXPECT_EQ(job.data.task, Task::kClassification);
  EXPECT_DOUBLE_EQ(job.data.test_fraction, 0.25);
  EXPECT_FALSE(job.data.generate.has_value());
  EXPECT_EQ(job.cv.folds, 10);
  EXPECT_FALSE(job.cv.stratified);
  EXPECT_EQ(job.model.kind, "xgboost");
  EXPECT_EQ(job.model.threads, 4);
  EXPECT_EQ(job.model.metric, "logloss");
  const std::map<std::string, std::string> fixed = {
      {"tree_method", "hist"}, {"max_bin", "256"}, {"verbose", "false"}};
  EXPECT_EQ(job.model.fixed, fixed);

  ASSERT_EQ(job.space.size(), 4u);
  EXPECT_EQ(job.space[0].name, "n_estimators");
  EXPECT_EQ(job.space[0].kind, ParamKind::kInt);
  EXPECT_EQ(job.space[0].low, 2.0);
  EXPECT_EQ(job.space[0].high, 512.0);
  EXPECT_TRUE(job.space[0].log);
  EXPECT_EQ(job.space[1].name, "learning_rate");
  EXPECT_EQ(job.space[1].kind, ParamKind::kFloat);
  EXPECT_EQ(job.space[1].low, 1e-6);
  EXPECT_TRUE(job.space[1].log);
  EXPECT_EQ(job.space[2].name, "subsample");
  EXPECT_FALSE(job.space[2].log);
  EXPECT_EQ(job.space[3].name, "booster");
  EXPECT_EQ(job.space[3].kind, ParamKind::kCategorical);
  EXPECT_EQ(job.space[3].choices, (std::vector<std::string>{"gbtree", "dart"}));

  EXPECT_EQ(job.optimizer.kind, "random");
  EXPECT_EQ(job.optimizer.initial_trials, 12);
  EXPECT_EQ(job.optimizer.acquisition, "lcb");
  EXPECT_EQ(job.budget.max_trials, 200);
  EXPECT_EQ(job.budget.max_seconds, 3600.5);
  EXPECT_EQ(job.stopping.criterion, "regret-bound");
  EXPECT_EQ(job.stopping.number("min_trials"), 25);
  EXPECT_EQ(job.stopping.number("error_scale"), 0.5);
  EXPECT_EQ(job.stopping.number("top_fraction"), 0.4);
  EXPECT_EQ(job.stopping.number("delta"), 0.05);
  EXPECT_EQ(job.stopping.number("patience"), 10);
  EXPECT_EQ(job.stopping.number("threshold"), 0.01);
  EXPECT_EQ(job.stopping.monitor, (std::vector<std::string>{"patience", "emmr", "static"}));
  EXPECT_EQ(job.checkpoint.path, "out/run.h5");
  EXPECT_EQ(job.checkpoint.every_seconds, 60.0);
  EXPECT_EQ(job.runtime.max_retries, 3);
  EXPECT_EQ(job.runtime.max_failed_trials, 5);
}

TEST(ParseJob, MinimalJobTakesTheDefaultsOfTheSettingsStructs) {
  const Job job = parse_job(kMinimalJob, "some/dir/my-study.yaml");
  EXPECT_EQ(job.name, "my-study");
  EXPECT_EQ(job.checkpoint.path, "runs/my-study.h5");
  EXPECT_EQ(job.data.task, Task::kClassification);
  EXPECT_EQ(job.model.metric, "error");
  EXPECT_TRUE(job.cv.stratified);

  const Job defaults;
  EXPECT_EQ(job.seed, defaults.seed);
  EXPECT_EQ(job.data.target, defaults.data.target);
  EXPECT_EQ(job.data.test_fraction, defaults.data.test_fraction);
  EXPECT_EQ(job.cv.folds, defaults.cv.folds);
  EXPECT_EQ(job.model.kind, defaults.model.kind);
  EXPECT_EQ(job.model.threads, defaults.model.threads);
  EXPECT_TRUE(job.model.fixed.empty());
  EXPECT_EQ(job.optimizer.kind, defaults.optimizer.kind);
  EXPECT_EQ(job.optimizer.initial_trials, defaults.optimizer.initial_trials);
  EXPECT_EQ(job.budget.max_trials, defaults.budget.max_trials);
  EXPECT_EQ(job.budget.max_seconds, defaults.budget.max_seconds);
  EXPECT_EQ(job.stopping.criterion, kDefaultCriterion);  // cv.folds >= 2 and no criterion
  EXPECT_EQ(job.stopping.number("min_trials"), defaults.stopping.number("min_trials"));
  EXPECT_EQ(job.stopping.number("delta"), defaults.stopping.number("delta"));
  EXPECT_TRUE(job.stopping.monitor.empty());
  EXPECT_EQ(job.checkpoint.every_seconds, defaults.checkpoint.every_seconds);
  EXPECT_EQ(job.runtime.max_retries, defaults.runtime.max_retries);
  EXPECT_EQ(job.runtime.max_failed_trials, defaults.runtime.max_failed_trials);
}

TEST(ParseJob, CheckpointPathFollowsAnExplicitName) {
  const Job job = parse_job(std::string("name: tuned\n") + kMinimalJob, "job.yaml");
  EXPECT_EQ(job.name, "tuned");
  EXPECT_EQ(job.checkpoint.path, "runs/tuned.h5");
}

TEST(ParseJob, RegressionDefaultsToRmseAndIgnoresStratified) {
  const Job job = parse_job(R"(
data: {path: d.csv, task: regression}
cv: {stratified: true}
space: {x: {type: float, low: 0, high: 1}}
)",
                            "job.yaml");
  EXPECT_EQ(job.data.task, Task::kRegression);
  EXPECT_EQ(job.model.metric, "rmse");
  EXPECT_FALSE(job.cv.stratified);
}

TEST(ParseJob, TaskFollowsTheGenerateKindWhenNotGiven) {
  const Job job = parse_job(R"(
data:
  generate: {kind: regression, rows: 500, features: 6, informative: 3, noise: 0.2}
space: {x: {type: float, low: 0, high: 1}}
)",
                            "job.yaml");
  EXPECT_EQ(job.data.task, Task::kRegression);
  ASSERT_TRUE(job.data.generate.has_value());
  EXPECT_EQ(job.data.generate->kind, "regression");
  EXPECT_EQ(job.data.generate->rows, 500);
  EXPECT_EQ(job.data.generate->features, 6);
  EXPECT_EQ(job.data.generate->informative, 3);
  EXPECT_EQ(job.data.generate->noise, 0.2);
  EXPECT_EQ(job.data.generate->classes, GenerateSettings{}.classes);
  EXPECT_TRUE(job.data.path.empty());
  EXPECT_EQ(job.model.metric, "rmse");
}

TEST(ParseJob, GenerateKindFollowsTheTaskWhenNotGiven) {
  const Job job = parse_job(R"(
data: {task: regression, generate: {rows: 100}}
space: {x: {type: float, low: 0, high: 1}}
)",
                            "job.yaml");
  ASSERT_TRUE(job.data.generate.has_value());
  EXPECT_EQ(job.data.generate->kind, "regression");
}

TEST(ParseJob, EmptyBlocksMeanEveryDefault) {
  const Job job =
      parse_job(std::string(kMinimalJob) + "budget:\nstopping:\nmodel: {fixed: }\n", "job.yaml");
  EXPECT_EQ(job.budget.max_trials, BudgetSettings{}.max_trials);
  EXPECT_EQ(job.stopping.criterion, kDefaultCriterion);
  EXPECT_TRUE(job.model.fixed.empty());
}

TEST(ParseJob, WithoutCrossValidationNoCriterionActsByDefault) {
  const Job job = parse_job(std::string(kMinimalJob) + "cv: {folds: 1}\n", "job.yaml");
  EXPECT_EQ(job.stopping.criterion, "none");
}

TEST(ParseJob, AnOptionNoNamedCriterionReadsIsAnErrorListingTheCriterionsOptions) {
  try {
    parse_job(std::string(kMinimalJob) + "stopping: {criterion: patience, delta: 0.05}\n",
              "job.yaml");
    FAIL() << "expected a JobError";
  } catch (const JobError& e) {
    EXPECT_THAT(e.what(), HasSubstr("job.yaml"));
    EXPECT_THAT(e.what(), HasSubstr("stopping.delta"));
    EXPECT_THAT(e.what(), HasSubstr("patience, min_trials"));
  }
  // A monitor that reads it makes it meaningful; with none it configures offline replays.
  EXPECT_NO_THROW(parse_job(
      std::string(kMinimalJob) + "stopping: {criterion: patience, delta: 0.05, monitor: emmr}\n",
      "job.yaml"));
  EXPECT_NO_THROW(parse_job(std::string(kMinimalJob) + "stopping: {criterion: none, delta: 0.05}\n",
                            "job.yaml"));
}

TEST(ParseJob, SeedTakesTheFullUnsignedRange) {
  const Job job = parse_job(std::string("seed: 18446744073709551615\n") + kMinimalJob, "job.yaml");
  EXPECT_EQ(job.seed, 18446744073709551615ull);
}

TEST(ParseJob, RelativePathsAreKeptAsWritten) {
  const Job job = parse_job(R"(
data: {path: ../data/x.csv}
space: {x: {type: float, low: 0, high: 1}}
checkpoint: {path: ./runs/../x.h5}
)",
                            "elsewhere/job.yaml");
  EXPECT_EQ(job.data.path, "../data/x.csv");
  EXPECT_EQ(job.checkpoint.path, "./runs/../x.h5");
}

TEST(ParseJob, SingleMonitorNameIsAListOfOne) {
  const Job job = parse_job(std::string(kMinimalJob) + "stopping: {monitor: emmr}\n", "job.yaml");
  EXPECT_EQ(job.stopping.monitor, std::vector<std::string>{"emmr"});
}

}  // namespace
}  // namespace fermata
