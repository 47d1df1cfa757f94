// The stopping criteria end to end: a run that records every criterion, the offline
// `fermata criterion` replay of its history, and the criteria's bad-input cases.

#include <cmath>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <fermata/checkpoint/checkpoint.hpp>

#include "e2e/e2e.hpp"

namespace fermata::testing {
namespace {

using ::testing::HasSubstr;

std::string synthetic_job(const std::string& stopping) {
  return R"(name: synth
seed: 4
cv: {folds: 5}
model:
  kind: synthetic
  fixed: {function: branin, noise: 0.5}
space:
  x1: {type: float, low: -5, high: 10}
  x2: {type: float, low: 0, high: 15}
optimizer: {initial_trials: 8}
budget: {max_trials: 40}
checkpoint: {path: synth.h5}
stopping:
)" + stopping;
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> fields;
    std::istringstream fs(line);
    for (std::string f; std::getline(fs, f, ',');) fields.push_back(f);
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    rows.push_back(fields);
  }
  return rows;
}

TEST(StoppingRun, RecordsTheActingCriterionAndEveryMonitorAtEveryTrial) {
  TempDir dir;
  dir.write("job.yaml", synthetic_job("  criterion: regret-bound\n  min_trials: 10\n"
                                      "  monitor: [patience, ei-threshold, pi-threshold, emmr,\n"
                                      "            'patience(patience=5)']\n"));
  const auto r = fermata({"run", "job.yaml", "--quiet"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const Study study = read_checkpoint(dir.path() + "/synth.h5");
  const auto& h = study.stopping.history;
  ASSERT_TRUE(h.count("n_trials"));
  const std::size_t rows = h.at("n_trials").size();
  EXPECT_GE(rows, 10u);
  for (const char* column :
       {"regret_bound", "statistical_error", "beta", "decision", "patience.decision",
        "ei-threshold.decision", "pi-threshold.decision", "emmr.decision",
        "patience(patience=5).decision", "patience(patience=5).trials_since_improvement"}) {
    ASSERT_TRUE(h.count(column)) << column;
    EXPECT_EQ(h.at(column).size(), rows) << column;
  }
  // Each criterion has a finite value on every row once enough trials exist.
  for (std::size_t i = 0; i < rows; ++i) {
    if (h.at("n_trials")[i] < 10) continue;
    EXPECT_TRUE(std::isfinite(h.at("regret_bound")[i])) << i;
    EXPECT_TRUE(std::isfinite(h.at("statistical_error")[i])) << i;
  }
  EXPECT_TRUE(study.stopping.stopped);
}

TEST(StoppingRun, CriterionReplayOfTheExportedHistoryReproducesTheRecordedValues) {
  TempDir dir;
  dir.write("job.yaml", synthetic_job("  criterion: regret-bound\n  min_trials: 10\n"));
  ASSERT_EQ(fermata({"run", "job.yaml", "--quiet"}, dir.path()).exit_code, 0);
  const auto exported = fermata({"report", "synth.h5", "--history-csv", "history.csv"}, dir.path());
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  const auto replay =
      fermata({"criterion", "--job", "job.yaml", "--history", "history.csv"}, dir.path());
  ASSERT_EQ(replay.exit_code, 0) << replay.output;
  const auto csv = parse_csv(replay.output);
  const std::vector<std::string>& header = csv.at(0);
  auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const std::size_t bound = col("regret-bound.regret_bound");
  const std::size_t error = col("regret-bound.statistical_error");
  const std::size_t decision = col("regret-bound.decision");
  ASSERT_LT(bound, header.size());
  ASSERT_LT(error, header.size());

  const Study study = read_checkpoint(dir.path() + "/synth.h5");
  const auto& h = study.stopping.history;
  const auto& recorded_n = h.at("n_trials");
  ASSERT_FALSE(recorded_n.empty());
  int compared = 0;
  for (std::size_t i = 0; i < recorded_n.size(); ++i) {
    const auto row = static_cast<std::size_t>(recorded_n[i]);  // replay row of that prefix
    ASSERT_LT(row, csv.size());
    const double recorded_bound = h.at("regret_bound")[i];
    if (!std::isfinite(recorded_bound)) continue;
    EXPECT_NEAR(std::stod(csv[row][bound]), recorded_bound, 1e-9) << "prefix " << row;
    EXPECT_NEAR(std::stod(csv[row][error]), h.at("statistical_error")[i], 1e-9) << row;
    EXPECT_EQ(std::stod(csv[row][decision]), h.at("decision")[i]) << row;
    ++compared;
  }
  EXPECT_GE(compared, 5);
}

TEST(StoppingRun, RecordedRunReplaysWithoutTheJobFileExactlyAsTheCheckpoint) {
  TempDir dir;
  dir.write("job.yaml", synthetic_job("  criterion: none\n"));
  ASSERT_EQ(fermata({"run", "job.yaml", "--quiet"}, dir.path()).exit_code, 0);
  const auto recorded = fermata({"report", "synth.h5", "--record", "run.csv.gz"}, dir.path());
  ASSERT_EQ(recorded.exit_code, 0) << recorded.output;
  const auto from_record =
      fermata({"criterion", "--history", "run.csv.gz", "--criterion", "regret-bound"}, dir.path());
  ASSERT_EQ(from_record.exit_code, 0) << from_record.output;
  const auto from_checkpoint = fermata(
      {"criterion", "--job", "job.yaml", "--history", "synth.h5", "--criterion", "regret-bound"},
      dir.path());
  ASSERT_EQ(from_checkpoint.exit_code, 0) << from_checkpoint.output;
  EXPECT_EQ(from_record.output, from_checkpoint.output);
  EXPECT_EQ(parse_csv(from_record.output).size(), 41u);  // header + 40 trials
}

TEST(StoppingRun, ReplayHeaderQuotesTheLabelsOfCriteriaWithSeveralParameters) {
  TempDir dir;
  dir.write("job.yaml", synthetic_job("  criterion: none\n"));
  dir.write("h.csv", "trial,x1,x2,fold_0,fold_1,fold_2,fold_3,fold_4\n0,1,2,3,4,5,6,7\n");
  const auto r = fermata({"criterion", "--job", "job.yaml", "--history", "h.csv", "--criterion",
                          "regret-bound(error_scale=0.5,delta=0.05)"},
                         dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr(",\"regret-bound(error_scale=0.5,delta=0.05).decision\"\n"));
}

TEST(StoppingErrors, HistoryWithoutAJobAndNoJobFileExits2) {
  TempDir dir;
  dir.write("h.csv", "trial,x1,x2,fold_0\n0,1,2,3\n");
  const auto r = fermata({"criterion", "--history", "h.csv"}, dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("h.csv"));
  EXPECT_THAT(r.output, HasSubstr("--job"));
}

TEST(StoppingErrors, UnknownCriterionExits2ListingTheValidNames) {
  TempDir dir;
  dir.write("job.yaml", synthetic_job("  criterion: regret\n"));
  const auto r = fermata({"run", "job.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("regret-bound"));
  EXPECT_THAT(r.output, HasSubstr("patience"));
  EXPECT_THAT(r.output, HasSubstr("emmr"));
}

TEST(StoppingErrors, RegretBoundWithOneFoldExits2ExplainingStatic) {
  TempDir dir;
  std::string job = synthetic_job("  criterion: regret-bound\n");
  job.replace(job.find("folds: 5"), 8, "folds: 1");
  dir.write("job.yaml", job);
  const auto r = fermata({"run", "job.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("static"));
  EXPECT_THAT(r.output, HasSubstr("threshold"));
}

TEST(StoppingErrors, HistoryWithAMissingFoldColumnExits3) {
  TempDir dir;
  dir.write("job.yaml", synthetic_job("  criterion: regret-bound\n"));
  dir.write("h.csv", "trial,x1,x2,fold_0,fold_1,fold_2,fold_3\n0,1,2,3,4,5,6\n");
  const auto r = fermata({"criterion", "--job", "job.yaml", "--history", "h.csv"}, dir.path());
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_THAT(r.output, HasSubstr("h.csv:1"));
  EXPECT_THAT(r.output, HasSubstr("fold_4"));
}

TEST(StoppingErrors, HistoryWithANonNumericCellExits3NamingTheLine) {
  TempDir dir;
  dir.write("job.yaml", synthetic_job("  criterion: regret-bound\n"));
  dir.write("h.csv",
            "trial,x1,x2,fold_0,fold_1,fold_2,fold_3,fold_4\n"
            "0,1,2,3,4,5,6,7\n"
            "1,1,2,3,oops,5,6,7\n");
  const auto r = fermata({"criterion", "--job", "job.yaml", "--history", "h.csv"}, dir.path());
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_THAT(r.output, HasSubstr("h.csv:3"));
  EXPECT_THAT(r.output, HasSubstr("oops"));
}

}  // namespace
}  // namespace fermata::testing
