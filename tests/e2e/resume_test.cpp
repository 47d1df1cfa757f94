// Resuming safely: a job whose data or model changed is refused, a damaged checkpoint says
// which earlier file is intact, and a time budget counts every session of the run.

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <fermata/checkpoint/checkpoint.hpp>

#include "e2e/e2e.hpp"

namespace fermata::testing {
namespace {

using ::testing::HasSubstr;

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(Resume, AJobWhoseDataChangedIsRefusedWithExit4NamingTheKey) {
  TempDir dir;
  dir.write("job.yaml", small_job());
  ASSERT_EQ(fermata({"run", "job.yaml"}, dir.path()).exit_code, 0);
  const std::string before = file_bytes(dir.path() + "/small.h5");
  const auto r = fermata(
      {"run", "job.yaml", "--resume", "--max-trials", "6", "--set", "data.generate.rows=400"},
      dir.path());
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_THAT(r.output, HasSubstr("data.generate.rows is '400' in the job but '300'"));
  EXPECT_EQ(file_bytes(dir.path() + "/small.h5"), before);
}

TEST(Resume, EveryWriteKeepsTheCheckpointBeforeItAsPrev) {
  TempDir dir;
  dir.write("job.yaml", small_job());
  ASSERT_EQ(fermata({"run", "job.yaml"}, dir.path()).exit_code, 0);
  const Study previous = read_checkpoint(dir.path() + "/small.h5.prev");
  const Study last = read_checkpoint(dir.path() + "/small.h5");
  EXPECT_LT(previous.updated_utc, last.updated_utc);
  EXPECT_LE(previous.count(TrialState::kComplete), last.count(TrialState::kComplete));
}

TEST(Resume, ATruncatedCheckpointExits4AndNamesTheIntactPreviousOne) {
  TempDir dir;
  dir.write("job.yaml", small_job());
  ASSERT_EQ(fermata({"run", "job.yaml"}, dir.path()).exit_code, 0);
  const std::string path = dir.path() + "/small.h5";
  std::filesystem::resize_file(path, 2000);
  const auto r = fermata({"run", "job.yaml", "--resume", "--max-trials", "6"}, dir.path());
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_THAT(r.output, HasSubstr("cut short"));
  EXPECT_THAT(r.output, HasSubstr("small.h5.prev, is intact"));
  // Following the advice resumes the study.
  std::filesystem::copy_file(path + ".prev", path,
                             std::filesystem::copy_options::overwrite_existing);
  const auto resumed = fermata({"run", "job.yaml", "--resume", "--max-trials", "6"}, dir.path());
  EXPECT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(read_checkpoint(path).count(TrialState::kComplete), 6u);
}

TEST(Resume, ACheckpointOfAnotherJobExits4NamingTheDifference) {
  TempDir dir;
  dir.write("job.yaml", small_job());
  ASSERT_EQ(fermata({"run", "job.yaml"}, dir.path()).exit_code, 0);
  const auto r = fermata({"run", "job.yaml", "--resume", "--seed", "8"}, dir.path());
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_THAT(r.output, HasSubstr("seed is 8 in the job but 7 in the checkpoint"));
}

TEST(Resume, AChangedModelIsRefusedWithExit4NamingTheKey) {
  TempDir dir;
  dir.write("job.yaml", small_job());
  ASSERT_EQ(fermata({"run", "job.yaml"}, dir.path()).exit_code, 0);
  const std::string before = file_bytes(dir.path() + "/small.h5");
  const auto more = [&](const std::string& set) {
    return fermata({"run", "job.yaml", "--resume", "--max-trials", "6", "--set", set}, dir.path());
  };
  auto r = more("model.fixed.n_estimators=6");
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_THAT(r.output, HasSubstr("model.fixed.n_estimators is '6' in the job but '5'"));
  r = more("model.fixed.subsample=0.5");
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_THAT(r.output, HasSubstr("model.fixed.subsample is '0.5' in the job but (absent)"));
  r = more("model.kind=random_forest");
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_THAT(r.output, HasSubstr("model.kind is 'random_forest' in the job but 'xgboost'"));
  r = more("model.metric=logloss");
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_THAT(r.output, HasSubstr("model.metric is 'logloss' in the job but 'error'"));
  EXPECT_EQ(file_bytes(dir.path() + "/small.h5"), before);
  // How a fold runs may change: threads.
  r = more("model.threads=2");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read_checkpoint(dir.path() + "/small.h5").count(TrialState::kComplete), 6u);
}

TEST(Resume, MaxSecondsCountsTheWallTimeOfEverySession) {
  TempDir dir;
  dir.write("job.yaml", R"(name: timed
cv: {folds: 2}
model:
  kind: synthetic
  fixed: {function: branin, seconds: 0.02}
space:
  x1: {type: float, low: -5, high: 10}
  x2: {type: float, low: 0, high: 15}
optimizer: {kind: random}
budget: {max_trials: 1000000, max_seconds: 1}
stopping: {criterion: none}
checkpoint: {path: timed.h5}
)");
  const std::string path = dir.path() + "/timed.h5";
  ASSERT_EQ(fermata({"run", "job.yaml", "--local-workers", "2"}, dir.path()).exit_code, 0);
  const Study first = read_checkpoint(path);
  EXPECT_EQ(first.stopping.criterion, "budget.max_seconds");
  EXPECT_GE(first.elapsed_seconds, 1.0);
  // The budget is spent: resuming the same job adds no trial and keeps the reason.
  const auto again = fermata({"run", "job.yaml", "--local-workers", "2", "--resume"}, dir.path());
  ASSERT_EQ(again.exit_code, 0) << again.output;
  const Study second = read_checkpoint(path);
  EXPECT_EQ(second.trials.size(), first.trials.size());
  EXPECT_EQ(second.stopping.criterion, "budget.max_seconds");
  // A larger budget runs on, counting on from the time already spent.
  const auto longer = fermata(
      {"run", "job.yaml", "--local-workers", "2", "--resume", "--set", "budget.max_seconds=2"},
      dir.path());
  ASSERT_EQ(longer.exit_code, 0) << longer.output;
  const Study third = read_checkpoint(path);
  EXPECT_GT(third.trials.size(), first.trials.size());
  EXPECT_GE(third.elapsed_seconds, 2.0);
}

}  // namespace
}  // namespace fermata::testing
