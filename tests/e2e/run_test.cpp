// End-to-end runs of the real binary without MPI (threads as workers).

#include <cmath>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <fermata/checkpoint/checkpoint.hpp>

#include "e2e/e2e.hpp"

namespace fermata::testing {
namespace {

using ::testing::HasSubstr;

TEST(LocalRun, FinishesTheBudgetAndWritesACompleteCheckpoint) {
  TempDir dir;
  dir.write("job.yaml", small_job());
  const auto r = fermata({"run", "job.yaml", "--local-workers", "2"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("best"));
  const Study study = read_checkpoint(dir.path() + "/small.h5");
  ASSERT_EQ(study.trials.size(), 4u);
  for (const Trial& t : study.trials) {
    EXPECT_EQ(t.state, TrialState::kComplete);
    double sum = 0;
    for (double e : t.fold_error) {
      EXPECT_TRUE(std::isfinite(e));
      sum += e;
    }
    EXPECT_NEAR(t.value, sum / 3, 1e-12);
  }
}

TEST(LocalRun, ACheckpointInADirectoryThatDoesNotExistYetCreatesIt) {
  TempDir dir;
  dir.write("job.yaml", small_job());
  const auto r =
      fermata({"run", "job.yaml", "--local-workers", "2", "--checkpoint", "runs/deeper/small.h5"},
              dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read_checkpoint(dir.path() + "/runs/deeper/small.h5").trials.size(), 4u);
}

TEST(LocalRun, SameJobAndSeedGiveTheSameFoldErrors) {
  TempDir a, b;
  a.write("job.yaml", small_job());
  b.write("job.yaml", small_job());
  ASSERT_EQ(fermata({"run", "job.yaml", "--local-workers", "2"}, a.path()).exit_code, 0);
  ASSERT_EQ(fermata({"run", "job.yaml", "--local-workers", "1"}, b.path()).exit_code, 0);
  const Study sa = read_checkpoint(a.path() + "/small.h5");
  const Study sb = read_checkpoint(b.path() + "/small.h5");
  ASSERT_EQ(sa.trials.size(), sb.trials.size());
  for (std::size_t i = 0; i < sa.trials.size(); ++i) {
    EXPECT_EQ(sa.trials[i].params, sb.trials[i].params);
    EXPECT_EQ(sa.trials[i].fold_error, sb.trials[i].fold_error);
  }
}

TEST(LocalRun, ResumeOfAFinishedStudyRepeatsNoWork) {
  TempDir dir;
  dir.write("job.yaml", small_job());
  ASSERT_EQ(fermata({"run", "job.yaml"}, dir.path()).exit_code, 0);
  const Study before = read_checkpoint(dir.path() + "/small.h5");
  const auto r = fermata({"run", "job.yaml", "--resume"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const Study after = read_checkpoint(dir.path() + "/small.h5");
  ASSERT_EQ(after.trials.size(), before.trials.size());
  for (std::size_t i = 0; i < after.trials.size(); ++i) {
    EXPECT_EQ(after.trials[i].fold_seconds, before.trials[i].fold_seconds);
  }
}

TEST(LocalRun, ResumeWithALargerBudgetContinuesTheStudy) {
  TempDir dir;
  dir.write("job.yaml", small_job());
  ASSERT_EQ(fermata({"run", "job.yaml"}, dir.path()).exit_code, 0);
  const auto r = fermata({"run", "job.yaml", "--resume", "--max-trials", "6"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const Study after = read_checkpoint(dir.path() + "/small.h5");
  EXPECT_EQ(after.count(TrialState::kComplete), 6u);
  EXPECT_EQ(after.stopping.criterion, "budget.max_trials");
}

TEST(Validate, PrintsTheResolvedJobWithDefaults) {
  TempDir dir;
  dir.write("job.yaml", small_job());
  const auto r = fermata({"validate", "job.yaml", "--set", "budget.max_trials=9"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("max_trials: 9"));
  EXPECT_THAT(r.output, HasSubstr("metric: error"));
  EXPECT_THAT(r.output, HasSubstr("stratified: true"));
}

TEST(Report, SummarizesACheckpoint) {
  TempDir dir;
  dir.write("job.yaml", small_job());
  ASSERT_EQ(fermata({"run", "job.yaml"}, dir.path()).exit_code, 0);
  const auto r = fermata({"report", "small.h5"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("4 complete, 0 failed"));
  EXPECT_THAT(r.output, HasSubstr("mean CV error"));
  EXPECT_THAT(r.output, HasSubstr("max_depth"));
}

TEST(Report, ANonCheckpointExits4) {
  TempDir dir;
  dir.write("bogus.h5", "not hdf5 at all");
  const auto r = fermata({"report", "bogus.h5"}, dir.path());
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_THAT(r.output, HasSubstr("bogus.h5"));
}

TEST(Version, PrintsTheVersion) {
  TempDir dir;
  const auto r = fermata({"version"}, dir.path());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.output, HasSubstr("fermata 0."));
}

}  // namespace
}  // namespace fermata::testing
