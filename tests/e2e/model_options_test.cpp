// A misspelt model option (in `space` or `model.fixed`) is an error before the first trial,
// for every model kind: exit 2 naming the key, the name found and the closest valid name,
// from `fermata run` (alone and under mpirun) and from `fermata validate`.

#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "e2e/e2e.hpp"

namespace fermata::testing {
namespace {

using ::testing::HasSubstr;

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

void expect_typo_rejected(const ProcessResult& r, const std::string& key, const std::string& fix) {
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr(key));
  EXPECT_THAT(r.output, HasSubstr("did you mean '" + fix + "'?"));
}

TEST(MisspeltModelOption, XgboostSpaceTypoExits2BeforeAnyTrial) {
  TempDir dir;
  dir.write("job.yaml", replaced(small_job(), "  max_depth:", "  max_dpeth:"));
  const auto r = fermata({"run", "job.yaml"}, dir.path());
  expect_typo_rejected(r, "space.max_dpeth", "max_depth");
  EXPECT_THAT(r.output, HasSubstr("XGBoost would ignore"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/small.h5")) << "no trial may have run";
}

TEST(MisspeltModelOption, XgboostFixedTypoExits2FromValidateToo) {
  TempDir dir;
  dir.write("job.yaml", replaced(small_job(), "fixed: {n_estimators: 5}",
                                 "fixed: {n_estimators: 5, subsmaple: 0.8}"));
  expect_typo_rejected(fermata({"validate", "job.yaml"}, dir.path()), "model.fixed.subsmaple",
                       "subsample");
  expect_typo_rejected(fermata({"run", "job.yaml"}, dir.path()), "model.fixed.subsmaple",
                       "subsample");
}

TEST(MisspeltModelOption, FermataOwnOptionTypoSuggestsIt) {
  TempDir dir;
  dir.write("job.yaml",
            replaced(small_job(), "fixed: {n_estimators: 5}", "fixed: {n_estimator: 5}"));
  expect_typo_rejected(fermata({"validate", "job.yaml"}, dir.path()), "model.fixed.n_estimator",
                       "n_estimators");
}

TEST(MisspeltModelOption, RandomForestSpaceAndFixedTyposExit2) {
  TempDir dir;
  std::string job = replaced(small_job(), "kind: xgboost", "kind: random_forest");
  job = replaced(job, "  learning_rate: {type: float, low: 0.01, high: 1.0, log: true}\n",
                 "  min_samples_split: {type: float, low: 0.01, high: 0.5}\n");
  dir.write("job.yaml", job);
  EXPECT_EQ(fermata({"validate", "job.yaml"}, dir.path()).exit_code, 0);
  dir.write("job.yaml", replaced(job, "  min_samples_split:", "  min_sample_split:"));
  expect_typo_rejected(fermata({"run", "job.yaml"}, dir.path()), "space.min_sample_split",
                       "min_samples_split");
  dir.write("job.yaml",
            replaced(job, "fixed: {n_estimators: 5}", "fixed: {n_estimators: 5, max_dpeth: 3}"));
  expect_typo_rejected(fermata({"run", "job.yaml"}, dir.path()), "model.fixed.max_dpeth",
                       "max_depth");
}

TEST(MisspeltModelOption, BoosterSpecificOptionsFollowTheJobsBooster) {
  TempDir dir;
  // rate_drop exists only for the dart booster: accepted with it, suggested nothing without.
  std::string job = replaced(small_job(), "fixed: {n_estimators: 5}",
                             "fixed: {n_estimators: 5, booster: dart, rate_drop: 0.1}");
  dir.write("job.yaml", job);
  EXPECT_EQ(fermata({"validate", "job.yaml"}, dir.path()).exit_code, 0);
  dir.write("job.yaml", replaced(job, "booster: dart, ", ""));
  const auto r = fermata({"validate", "job.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("model.fixed.rate_drop"));
}

TEST(MisspeltModelOption, MlpTypoExits2) {
  TempDir dir;
  std::string job = replaced(small_job(), "kind: xgboost\n  fixed: {n_estimators: 5}",
                             "kind: mlp\n  fixed: {epochs: 2, widht: 8}");
  job = replaced(job, "  max_depth: {type: int, low: 1, high: 4}\n", "");
  dir.write("job.yaml", job);
  expect_typo_rejected(fermata({"run", "job.yaml"}, dir.path()), "model.fixed.widht", "width");
}

TEST(MisspeltModelOption, SyntheticTypoExits2) {
  TempDir dir;
  dir.write("job.yaml", R"(name: s
cv: {folds: 2}
model:
  kind: synthetic
  fixed: {function: branin, nosie: 0.1}
space:
  x1: {type: float, low: -5, high: 10}
  x2: {type: float, low: 0, high: 15}
budget: {max_trials: 2}
checkpoint: {path: s.h5}
)");
  expect_typo_rejected(fermata({"validate", "job.yaml"}, dir.path()), "model.fixed.nosie", "noise");
}

TEST(MisspeltModelOption, CommandPlaceholderTypoExits2) {
  TempDir dir;
  dir.write("job.yaml", R"(name: c
data: {generate: {kind: regression, rows: 60, features: 2, informative: 2}}
cv: {folds: 2}
model:
  kind: command
  command: [/bin/echo, "{max_dpeth}"]
space:
  max_depth: {type: int, low: 1, high: 4}
budget: {max_trials: 2}
checkpoint: {path: c.h5}
)");
  const auto r = fermata({"validate", "job.yaml"}, dir.path());
  expect_typo_rejected(r, "unknown placeholder {max_dpeth}", "max_depth");
}

TEST(MisspeltModelOption, UnderMpirunRankZeroRejectsItOnce) {
  TempDir dir;
  dir.write("job.yaml", replaced(small_job(), "  max_depth:", "  max_dpeth:"));
  const auto r =
      run_process({FERMATA_MPIRUN, "-n", "3", FERMATA_BINARY, "run", "job.yaml"}, dir.path());
  expect_typo_rejected(r, "space.max_dpeth", "max_depth");
  const auto first = r.output.find("space.max_dpeth");
  EXPECT_EQ(r.output.find("space.max_dpeth", first + 1), std::string::npos) << r.output;
}

}  // namespace
}  // namespace fermata::testing
