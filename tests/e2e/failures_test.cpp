// Folds that fail: a run where 30% of fold attempts throw still finishes, records its
// failures, and the report counts them.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <fermata/checkpoint/checkpoint.hpp>

#include "e2e/e2e.hpp"

namespace fermata::testing {
namespace {

using ::testing::HasSubstr;

const char* kFlakyJob = R"(name: flaky
seed: 4
cv: {folds: 5}
model:
  kind: synthetic
  fixed: {function: branin, fail_rate: 0.3}
space:
  x1: {type: float, low: -5, high: 10}
  x2: {type: float, low: 0, high: 15}
optimizer: {kind: random}
budget: {max_trials: 30}
stopping: {criterion: none}
runtime: {max_retries: 2, max_failed_trials: 20}
checkpoint: {path: flaky.h5}
)";

TEST(FailingFolds, ARunWhereThirtyPercentOfFoldsThrowCompletesAndTheReportCountsThem) {
  TempDir dir;
  dir.write("job.yaml", kFlakyJob);
  const auto r = fermata({"run", "job.yaml", "--local-workers", "3"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const Study study = read_checkpoint(dir.path() + "/flaky.h5");
  ASSERT_EQ(study.trials.size(), 30u);
  long attempts = 0;
  std::size_t failed = 0;
  for (const Trial& t : study.trials) {
    for (int a : t.fold_attempts) attempts += a;
    if (t.state == TrialState::kFailed) {
      ++failed;
      EXPECT_THAT(t.message, HasSubstr("simulated failure"));
    } else {
      EXPECT_EQ(t.state, TrialState::kComplete);
    }
  }
  // About 0.3 of 150 first attempts fail; a retry draws again, so few trials fail for good.
  EXPECT_GT(attempts, 20);
  EXPECT_LT(failed, 10u);
  const auto report = fermata({"report", "flaky.h5"}, dir.path());
  ASSERT_EQ(report.exit_code, 0);
  EXPECT_THAT(report.output, HasSubstr(std::to_string(attempts) + " failed fold attempts"));
  EXPECT_THAT(report.output, HasSubstr(std::to_string(failed) + " failed trial"));
}

TEST(FailingFolds, MoreFailedTrialsThanAllowedEndTheRunWithExit1AndAMessage) {
  TempDir dir;
  std::string job = kFlakyJob;
  job.replace(job.find("fail_rate: 0.3"), 14, "fail_rate: 0.9");
  job.replace(job.find("max_failed_trials: 20"), 21, "max_failed_trials: 2");
  dir.write("job.yaml", job);
  const auto r = fermata({"run", "job.yaml", "--local-workers", "2"}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("runtime.max_failed_trials"));
  const Study study = read_checkpoint(dir.path() + "/flaky.h5");
  EXPECT_EQ(study.count(TrialState::kFailed), 3u);
}

}  // namespace
}  // namespace fermata::testing
