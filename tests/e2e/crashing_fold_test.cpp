// A configuration whose folds kill their process (a segfault; SIGKILL as the kernel's OOM
// killer sends it) takes the job down each time, but never more than max_retries + 1 times:
// every resume charges the folds that were running when the job died, runs them alone, and
// fails the trial once it has had its attempts. No other trial is lost.

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <fermata/checkpoint/checkpoint.hpp>

#include "e2e/e2e.hpp"

namespace fermata::testing {
namespace {

using ::testing::HasSubstr;

constexpr int kMaxRetries = 1;
constexpr int kTrials = 8;
constexpr int kPoisonTrial = 3;

std::string crashing_job(const std::string& signal) {
  return R"(name: poison
seed: 5
cv: {folds: 3}
model:
  kind: synthetic
  fixed: {function: branin, seconds: 0.02, crash_trial: )" +
         std::to_string(kPoisonTrial) + ", crash_signal: " + signal + R"(}
space:
  x1: {type: float, low: -5, high: 10}
  x2: {type: float, low: 0, high: 15}
optimizer: {kind: random}
budget: {max_trials: )" +
         std::to_string(kTrials) + R"(}
stopping: {criterion: none}
runtime: {max_retries: )" +
         std::to_string(kMaxRetries) + R"(}
checkpoint: {path: poison.h5}
)";
}

struct CrashCase {
  const char* signal;
  bool mpi;
};

std::string case_name(const ::testing::TestParamInfo<CrashCase>& info) {
  return std::string(info.param.signal) + (info.param.mpi ? "UnderMpirun" : "WithLocalWorkers");
}

class CrashingFold : public ::testing::TestWithParam<CrashCase> {};

TEST_P(CrashingFold, FailsItsTrialAfterMaxRetriesPlusOneDeathsAndTheStudyFinishes) {
  const CrashCase c = GetParam();
  TempDir dir;
  dir.write("job.yaml", crashing_job(c.signal));
  // What a requeueing batch system does: start, and resume after every death.
  int deaths = 0;
  ProcessResult last;
  for (int start = 0; start < kMaxRetries + 3; ++start) {
    std::vector<std::string> argv;
    if (c.mpi) argv = {FERMATA_MPIRUN, "-n", "3"};
    argv.insert(argv.end(), {FERMATA_BINARY, "run", "job.yaml"});
    if (!c.mpi) argv.insert(argv.end(), {"--local-workers", "2"});
    if (start > 0) argv.push_back("--resume");
    last = run_process(argv, dir.path());
    if (last.exit_code == 0) break;
    ++deaths;
  }
  ASSERT_EQ(last.exit_code, 0) << "still dying after " << deaths << " restarts\n" << last.output;
  EXPECT_EQ(deaths, kMaxRetries + 1) << "each death is one attempt of the poison fold";
  const Study study = read_checkpoint(dir.path() + "/poison.h5");
  ASSERT_EQ(study.trials.size(), static_cast<std::size_t>(kTrials));
  for (const Trial& t : study.trials) {
    if (t.id == kPoisonTrial) {
      EXPECT_EQ(t.state, TrialState::kFailed);
      EXPECT_THAT(t.message, HasSubstr("the job died while it ran"));
      int charged = 0;
      for (int a : t.fold_attempts) charged = std::max(charged, a);
      EXPECT_EQ(charged, kMaxRetries + 1);
    } else {
      EXPECT_EQ(t.state, TrialState::kComplete) << "trial " << t.id << ": " << t.message;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Signals, CrashingFold,
                         ::testing::Values(CrashCase{"segv", false}, CrashCase{"segv", true},
                                           CrashCase{"kill", false}, CrashCase{"kill", true}),
                         case_name);

}  // namespace
}  // namespace fermata::testing
