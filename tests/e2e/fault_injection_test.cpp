// An exception that is not a fermata error, thrown on rank 0's event loop or in one of the
// coordinator's threads (planner, stopping, checkpoint writer), ends the whole job promptly
// with exit 1 and one message, alone and under mpirun, and leaves the last checkpoint readable.

#include <chrono>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <fermata/checkpoint/checkpoint.hpp>

#include "e2e/e2e.hpp"

namespace fermata::testing {
namespace {

using ::testing::HasSubstr;

// Folds of 20 ms on 2 workers: about 3 s of work, long enough for every site to be reached
// several times; every_seconds 0 makes the writer thread write as often as it can.
const char* kJob = R"(name: faulty
seed: 3
cv: {folds: 3}
model:
  kind: synthetic
  fixed: {function: branin, seconds: 0.02}
space:
  x1: {type: float, low: -5, high: 10}
  x2: {type: float, low: 0, high: 15}
budget: {max_trials: 80}
stopping: {criterion: regret-bound, min_trials: 5}
checkpoint: {path: faulty.h5, every_seconds: 0}
)";

struct FaultCase {
  const char* fault;  ///< FERMATA_INJECT_FAULT
  bool mpi;
};

std::string case_name(const ::testing::TestParamInfo<FaultCase>& info) {
  std::string name = info.param.fault;
  name = name.substr(0, name.find(':'));
  return name + (info.param.mpi ? "UnderMpirun" : "WithLocalWorkers");
}

class InjectedFault : public ::testing::TestWithParam<FaultCase> {};

TEST_P(InjectedFault, EndsTheJobWithExit1AndOneMessageAndKeepsTheCheckpoint) {
  const FaultCase c = GetParam();
  TempDir dir;
  dir.write("job.yaml", kJob);
  std::vector<std::string> argv = {"/usr/bin/env", std::string("FERMATA_INJECT_FAULT=") + c.fault};
  if (c.mpi) {
    argv.insert(argv.end(), {FERMATA_MPIRUN, "-n", "3", "-x", "FERMATA_INJECT_FAULT",
                             FERMATA_BINARY, "run", "job.yaml"});
  } else {
    argv.insert(argv.end(), {FERMATA_BINARY, "run", "job.yaml", "--local-workers", "2"});
  }
  const auto start = std::chrono::steady_clock::now();
  const auto r = run_process(argv, dir.path());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.exit_code, 1) << r.output;
  const std::string site = std::string(c.fault).substr(0, std::string(c.fault).find(':'));
  const auto first = r.output.find("injected fault at " + site);
  ASSERT_NE(first, std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("injected fault at " + site, first + 1), std::string::npos)
      << "logged once\n"
      << r.output;
  EXPECT_THAT(r.output, HasSubstr("internal error"));
  // Start-up included (about 1.5 s for mpirun -n 3 here); a hang would never end.
  EXPECT_LT(seconds, 10.0 * time_scale()) << r.output;
  // Every site fires after at least one checkpoint was written (the checkpoint writer's on
  // its third write), and that checkpoint is intact.
  const Study study = read_checkpoint(dir.path() + "/faulty.h5");
  EXPECT_FALSE(study.trials.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Sites, InjectedFault,
    ::testing::Values(FaultCase{"coordinator:60", false}, FaultCase{"coordinator:60", true},
                      FaultCase{"planner:10", false}, FaultCase{"planner:10", true},
                      FaultCase{"stopping:3", false}, FaultCase{"stopping:3", true},
                      FaultCase{"checkpoint:3", false}, FaultCase{"checkpoint:3", true}),
    case_name);

}  // namespace
}  // namespace fermata::testing
