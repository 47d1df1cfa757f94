#include <fermata/job/job.hpp>

#include <gtest/gtest.h>

namespace fermata {
namespace {

// Job has no operator== (its settings structs belong to other modules), so compare here,
// field by field, with exact double equality: the round trip must lose nothing.
void expect_same_job(const Job& a, const Job& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.data.path, b.data.path);
  EXPECT_EQ(a.data.target, b.data.target);
  EXPECT_EQ(a.data.task, b.data.task);
  EXPECT_EQ(a.data.test_fraction, b.data.test_fraction);
  EXPECT_EQ(a.data.format, b.data.format);
  EXPECT_EQ(a.data.missing, b.data.missing);
  EXPECT_EQ(a.data.x_dataset, b.data.x_dataset);
  EXPECT_EQ(a.data.y_dataset, b.data.y_dataset);
  ASSERT_EQ(a.data.generate.has_value(), b.data.generate.has_value());
  if (a.data.generate) {
    EXPECT_EQ(a.data.generate->kind, b.data.generate->kind);
    EXPECT_EQ(a.data.generate->rows, b.data.generate->rows);
    EXPECT_EQ(a.data.generate->features, b.data.generate->features);
    EXPECT_EQ(a.data.generate->informative, b.data.generate->informative);
    EXPECT_EQ(a.data.generate->classes, b.data.generate->classes);
    EXPECT_EQ(a.data.generate->label_noise, b.data.generate->label_noise);
    EXPECT_EQ(a.data.generate->noise, b.data.generate->noise);
  }
  EXPECT_EQ(a.cv.folds, b.cv.folds);
  EXPECT_EQ(a.cv.stratified, b.cv.stratified);
  EXPECT_EQ(a.model.kind, b.model.kind);
  EXPECT_EQ(a.model.threads, b.model.threads);
  EXPECT_EQ(a.model.metric, b.model.metric);
  EXPECT_EQ(a.model.fixed, b.model.fixed);
  EXPECT_EQ(a.model.command, b.model.command);
  EXPECT_EQ(a.model.timeout_seconds, b.model.timeout_seconds);
  ASSERT_EQ(a.space.size(), b.space.size());
  for (std::size_t i = 0; i < a.space.size(); ++i) {
    SCOPED_TRACE(a.space[i].name);
    EXPECT_EQ(a.space[i].name, b.space[i].name);
    EXPECT_EQ(a.space[i].kind, b.space[i].kind);
    EXPECT_EQ(a.space[i].low, b.space[i].low);
    EXPECT_EQ(a.space[i].high, b.space[i].high);
    EXPECT_EQ(a.space[i].log, b.space[i].log);
    EXPECT_EQ(a.space[i].choices, b.space[i].choices);
  }
  EXPECT_EQ(a.optimizer.kind, b.optimizer.kind);
  EXPECT_EQ(a.optimizer.initial_trials, b.optimizer.initial_trials);
  EXPECT_EQ(a.optimizer.acquisition, b.optimizer.acquisition);
  EXPECT_EQ(a.budget.max_trials, b.budget.max_trials);
  EXPECT_EQ(a.budget.max_seconds, b.budget.max_seconds);
  EXPECT_EQ(a.stopping.criterion, b.stopping.criterion);
  EXPECT_EQ(a.stopping.number("min_trials"), b.stopping.number("min_trials"));
  EXPECT_EQ(a.stopping.number("error_scale"), b.stopping.number("error_scale"));
  EXPECT_EQ(a.stopping.number("top_fraction"), b.stopping.number("top_fraction"));
  EXPECT_EQ(a.stopping.number("delta"), b.stopping.number("delta"));
  EXPECT_EQ(a.stopping.number("patience"), b.stopping.number("patience"));
  EXPECT_EQ(a.stopping.number("threshold"), b.stopping.number("threshold"));
  EXPECT_EQ(a.stopping.monitor, b.stopping.monitor);
  EXPECT_EQ(a.checkpoint.path, b.checkpoint.path);
  EXPECT_EQ(a.checkpoint.every_seconds, b.checkpoint.every_seconds);
  EXPECT_EQ(a.runtime.max_retries, b.runtime.max_retries);
  EXPECT_EQ(a.runtime.max_failed_trials, b.runtime.max_failed_trials);
}

void expect_round_trip(const Job& job) {
  const std::string yaml = to_yaml(job);
  SCOPED_TRACE(yaml);
  const Job again = parse_job(yaml, "resolved.yaml");
  expect_same_job(job, again);
  EXPECT_EQ(to_yaml(again), yaml);
}

TEST(JobToYaml, RoundTripsACompleteFileJob) {
  expect_round_trip(parse_job(R"(
name: xgboost-optdigits
seed: 18446744073709551615
data: {path: "../data/my data.tsv.gz", target: "3", task: classification, test_fraction: 0.3}
cv: {folds: 10, stratified: false}
model:
  kind: command
  threads: 2
  metric: auc
  fixed: {flag: "true", empty: "", tilde: "~"}
  command: [python, "my train.py", "--lr={learning_rate}", "{{x}}", "", "#", "- a", "[b]"]
  timeout_seconds: 60.5
space:
  n_estimators:  {type: int, low: 2, high: 512, log: true}
  learning_rate: {type: float, low: 1e-6, high: 1.0, log: true}
  third:         {type: float, low: 0.1, high: 0.30000000000000004}
  booster:       {type: categorical, choices: [gbtree, "a, b", "null", "1", "x: y"]}
optimizer: {kind: bo, initial_trials: 12, acquisition: lcb}
budget: {max_trials: 200, max_seconds: 1e10}
stopping: {criterion: static, min_trials: 21, error_scale: 0.5, top_fraction: 0.3333333333333333,
           delta: 0.05, patience: 12, threshold: 1.5e-300, monitor: [regret-bound, emmr, patience]}
checkpoint: {path: "runs/x y.h5", every_seconds: 30.25}
runtime: {max_retries: 0, max_failed_trials: 0}
)",
                              "job.yaml"));
}

TEST(JobToYaml, RoundTripsTheDataFormatKeys) {
  expect_round_trip(parse_job(R"(
data: {path: "d.h5", format: hdf5, missing: allow, x_dataset: "group/X: 1", y_dataset: "y"}
space: {x: {type: float, low: 0, high: 1}}
)",
                              "fmt.yaml"));
}

TEST(JobToYaml, RoundTripsAGeneratedRegressionJobWithDefaults) {
  expect_round_trip(parse_job(R"(
data: {generate: {kind: regression, rows: 123, noise: 0.7}}
space: {x: {type: float, low: -5, high: 10}}
)",
                              "regress.yaml"));
}

TEST(JobToYaml, RoundTripsAMinimalClassificationJob) {
  expect_round_trip(parse_job(R"(
data: {path: d.csv}
space: {c: {type: categorical, choices: [only]}}
)",
                              "min.yaml"));
}

TEST(JobToYaml, RoundTripsAJobBuiltInCode) {
  Job job;
  job.name = "in-code";
  job.seed = 3;
  job.data.generate = GenerateSettings{};
  job.data.generate->label_noise = 1.0 / 7.0;
  job.data.test_fraction = 0.0;
  job.space = Space({Parameter{"a", ParamKind::kFloat, 1e-300, 1e300, true, {}},
                     Parameter{"b", ParamKind::kInt, -3, 3, false, {}}});
  job.model.metric = "error";
  job.checkpoint.path = "c.h5";
  expect_round_trip(job);
}

TEST(JobToYaml, EmitsTheResolvedDefaultsInDesignOrder) {
  const std::string yaml =
      to_yaml(parse_job("data: {path: d.csv}\nspace: {x: {type: float, low: 0, "
                        "high: 1}}\n",
                        "dir/study.yaml"));
  EXPECT_NE(yaml.find("name: study\n"), std::string::npos);
  EXPECT_NE(yaml.find("metric: error\n"), std::string::npos);
  EXPECT_NE(yaml.find("path: runs/study.h5\n"), std::string::npos);
  EXPECT_NE(yaml.find("stratified: true\n"), std::string::npos);
  EXPECT_NE(yaml.find("fixed: {}\n"), std::string::npos);
  EXPECT_NE(yaml.find("x: {type: float, low: 0, high: 1, log: false}"), std::string::npos);
  std::size_t last = 0;
  for (const char* key : {"name:", "seed:", "data:", "cv:", "model:", "space:", "optimizer:",
                          "budget:", "stopping:", "checkpoint:", "runtime:"}) {
    const std::size_t at = yaml.find(std::string("\n") + key);
    const std::size_t position = std::string(key) == "name:" ? yaml.find(key) : at;
    ASSERT_NE(position, std::string::npos) << key;
    EXPECT_GE(position, last) << key;
    last = position;
  }
}

TEST(JobToYaml, PrintsNumbersShortestAndExact) {
  Job job = parse_job(
      "data: {path: d.csv}\nspace: {x: {type: float, low: 1e-6, high: 0.1}}\n"
      "budget: {max_seconds: 7200}\n",
      "job.yaml");
  const std::string yaml = to_yaml(job);
  EXPECT_NE(yaml.find("low: 1.0e-06"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("high: 0.1,"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("max_seconds: 7200\n"), std::string::npos) << yaml;
}

}  // namespace
}  // namespace fermata
