// The command model end to end: the real binary runs a shell-script "model" that fails in
// every way a user's program can, and the run still finishes, records each failure with its
// reason, and leaves no process of the script behind.

#include <signal.h>

#include <cerrno>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <fermata/checkpoint/checkpoint.hpp>

#include "e2e/e2e.hpp"

namespace fermata::testing {
namespace {

using ::testing::HasSubstr;

// $1 trial, $2 fold (or "test"), $3 data, $4 x. Trial 0 fails on fold 1, trial 1 hangs on fold 2
// (with a background child), trial 2 prints garbage on fold 0; every other run reports x.
constexpr const char* kModel = R"(#!/bin/sh
if [ "$3" != table.csv ]; then echo "expected data table.csv, found '$3'" >&2; exit 9; fi
case "$1-$2" in
  0-1) echo "fold 1: out of memory" >&2; exit 3 ;;
  1-2) echo $$ > hung.pid; sleep 1000 & echo $! > hung-child.pid
       echo "loading batches" >&2; wait ;;
  2-0) echo "training done"; exit 0 ;;
esac
echo "epoch 1 of 1"
echo "{\"error\": $4, \"fold\": \"$2\"}"
)";

constexpr const char* kJob = R"(name: cmd
seed: 5
data: {path: table.csv}
cv: {folds: 3}
model:
  kind: command
  command: [/bin/sh, model.sh, "{trial}", "{fold}", "{data}", "{x}"]
  timeout_seconds: 1
space:
  x: {type: float, low: 0, high: 1}
optimizer: {kind: random}
budget: {max_trials: 5}
runtime: {max_retries: 0}
checkpoint: {path: cmd.h5}
)";

pid_t read_pid(const std::string& file) {
  long pid = 0;
  std::ifstream(file) >> pid;
  return static_cast<pid_t>(pid);
}

/// No such process, not even a zombie waiting to be reaped.
bool process_gone(pid_t pid) {
  return kill(pid, 0) != 0 && errno == ESRCH;
}

TEST(CommandModel, FailingHangingAndGarbageFoldsFailTheirTrialsAndTheRunFinishes) {
  TempDir dir;
  dir.write("model.sh", kModel);
  dir.write("job.yaml", kJob);
  const auto r = fermata({"run", "job.yaml", "--local-workers", "2"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.output;

  const Study study = read_checkpoint(dir.path() + "/cmd.h5");
  ASSERT_EQ(study.trials.size(), 5u);
  for (int id : {0, 1, 2}) EXPECT_EQ(study.trials[id].state, TrialState::kFailed) << id;
  EXPECT_THAT(study.trials[0].message, HasSubstr("fold 1 on worker"));
  EXPECT_THAT(study.trials[0].message, HasSubstr("exited with status 3"));
  EXPECT_THAT(study.trials[0].message, HasSubstr("fold 1: out of memory"));
  EXPECT_THAT(study.trials[1].message, HasSubstr("fold 2 on worker"));
  EXPECT_THAT(study.trials[1].message, HasSubstr("ran longer than model.timeout_seconds (1 s)"));
  EXPECT_THAT(study.trials[1].message, HasSubstr("loading batches"));
  EXPECT_THAT(study.trials[2].message, HasSubstr("fold 0 on worker"));
  EXPECT_THAT(study.trials[2].message, HasSubstr("last line 'training done' is neither a number"));
  for (int id : {3, 4}) {
    const Trial& t = study.trials[id];
    ASSERT_EQ(t.state, TrialState::kComplete) << t.message;
    // Each fold reported x as printed ({x} has 6 significant digits).
    for (double e : t.fold_error) EXPECT_NEAR(e, t.params[0], 1e-5);
  }

  EXPECT_TRUE(process_gone(read_pid(dir.path() + "/hung.pid")));
  EXPECT_TRUE(process_gone(read_pid(dir.path() + "/hung-child.pid")));

  const auto report = fermata({"report", "cmd.h5"}, dir.path());
  ASSERT_EQ(report.exit_code, 0) << report.output;
  EXPECT_THAT(report.output, HasSubstr("2 complete, 3 failed"));
  EXPECT_THAT(report.output, HasSubstr("3 failed fold attempts"));
}

TEST(CommandModel, AnUnknownPlaceholderStopsTheRunBeforeAnyTrial) {
  TempDir dir;
  dir.write("model.sh", kModel);
  std::string job = kJob;
  job.replace(job.find("\"{x}\""), 5, "\"{y}\"");
  dir.write("job.yaml", job);
  const auto r = fermata({"run", "job.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("model.command[5]: unknown placeholder {y}"));
}

// The program prints its thread limits as one number: OMP, OpenBLAS, MKL and BLIS digits.
constexpr const char* kThreadsJob = R"(name: threads
seed: 1
cv: {folds: 2}
model:
  kind: command
  threads: 3
  command: [/bin/sh, -c, "echo $OMP_NUM_THREADS$OPENBLAS_NUM_THREADS$MKL_NUM_THREADS$BLIS_NUM_THREADS", "{x}"]
space:
  x: {type: float, low: 0, high: 1}
optimizer: {kind: random}
budget: {max_trials: 2}
checkpoint: {path: threads.h5}
)";

std::vector<std::string> fermata_with_env(const std::vector<std::string>& env) {
  std::vector<std::string> argv{"/usr/bin/env",         "-u", "OMP_NUM_THREADS", "-u",
                                "OPENBLAS_NUM_THREADS", "-u", "MKL_NUM_THREADS", "-u",
                                "BLIS_NUM_THREADS"};
  argv.insert(argv.end(), env.begin(), env.end());
  argv.insert(argv.end(), {FERMATA_BINARY, "run", "job.yaml"});
  return argv;
}

TEST(CommandModel, TheProgramGetsModelThreadsAsItsLibrariesThreadLimitsUnlessTheUserSetThem) {
  for (const auto& [env, expected] : std::vector<std::pair<std::vector<std::string>, double>>{
           {{}, 3333.0}, {{"OMP_NUM_THREADS=5"}, 5333.0}}) {
    TempDir dir;
    dir.write("job.yaml", kThreadsJob);
    const auto r = run_process(fermata_with_env(env), dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const Study study = read_checkpoint(dir.path() + "/threads.h5");
    for (const Trial& t : study.trials) {
      for (double e : t.fold_error) EXPECT_EQ(e, expected) << r.output;
    }
  }
}

}  // namespace
}  // namespace fermata::testing
