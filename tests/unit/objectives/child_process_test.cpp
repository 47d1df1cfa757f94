// run_child_process drives small /bin/sh scripts: output capture, exit statuses, the time
// limit, and that nothing of the program is left running or unreaped when it returns.
#include "objectives/child_process.hpp"

#include <sys/types.h>

#include <cerrno>
#include <csignal>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

ChildOutcome run_sh(const std::string& script, ChildOptions options = {}) {
  return run_child_process({"/bin/sh", "-c", script}, options);
}

/// Gone means no such process, not even a zombie: kill() then fails with ESRCH.
bool process_gone(pid_t pid) {
  return kill(pid, 0) != 0 && errno == ESRCH;
}

pid_t pid_from(const std::string& line) {
  return static_cast<pid_t>(std::stol(line));
}

TEST(ChildProcess, KeepsTheLastNonEmptyStdoutLineTrimmedAndTheStderr) {
  const ChildOutcome r =
      run_sh("echo 'epoch 1'; echo '  0.25 '; echo; echo '   '; echo 'warning: slow' >&2");
  EXPECT_TRUE(r.succeeded());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.last_line, "0.25");
  EXPECT_FALSE(r.last_line_truncated);
  EXPECT_EQ(r.stderr_tail, "warning: slow\n");
}

TEST(ChildProcess, ALastLineWithoutNewlineCounts) {
  EXPECT_EQ(run_sh("echo 1; printf 0.5").last_line, "0.5");
}

TEST(ChildProcess, KeepsOnlyTheEndOfALongStderr) {
  ChildOptions options;
  options.stderr_tail_bytes = 100;
  const ChildOutcome r =
      run_sh("i=0; while [ $i -lt 500 ]; do echo line$i >&2; i=$((i+1)); done", options);
  EXPECT_THAT(r.stderr_tail, StartsWith("..."));
  EXPECT_EQ(r.stderr_tail.size(), 103u);
  EXPECT_THAT(r.stderr_tail, EndsWith("line498\nline499\n"));
}

TEST(ChildProcess, ReportsANonZeroExitStatus) {
  const ChildOutcome r = run_sh("echo 0.1; exit 3");
  EXPECT_FALSE(r.succeeded());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.describe(), "exited with status 3");
}

TEST(ChildProcess, ReportsTheSignalThatEndedIt) {
  const ChildOutcome r = run_sh("kill -SEGV $$");
  EXPECT_FALSE(r.succeeded());
  EXPECT_EQ(r.signal, SIGSEGV);
  EXPECT_EQ(r.describe(), "was killed by signal 11 (SIGSEGV)");
}

TEST(ChildProcess, StdinIsEmptySoAProgramReadingItDoesNotWait) {
  const ChildOutcome r = run_child_process({"cat"});
  EXPECT_TRUE(r.succeeded());
  EXPECT_EQ(r.last_line, "");
}

TEST(ChildProcess, TimeoutTerminatesTheProgramAndLeavesNoProcess) {
  ChildOptions options;
  options.timeout_seconds = 0.3;
  const ChildOutcome r = run_sh("echo $$; exec sleep 100", options);
  EXPECT_TRUE(r.timed_out);
  EXPECT_FALSE(r.succeeded());
  EXPECT_EQ(r.signal, SIGTERM);
  EXPECT_LT(r.seconds, 50);  // it did not wait for the sleep
  EXPECT_THAT(r.describe(), StartsWith("timed out after"));
  EXPECT_TRUE(process_gone(pid_from(r.last_line)));
}

TEST(ChildProcess, TimeoutKillsABackgroundGrandchildToo) {
  ChildOptions options;
  options.timeout_seconds = 0.3;
  const ChildOutcome r = run_sh("sleep 100 & echo $!; wait", options);
  EXPECT_TRUE(r.timed_out);
  EXPECT_TRUE(process_gone(pid_from(r.last_line)));
}

TEST(ChildProcess, AProgramIgnoringSigtermIsKilledAfterTheGrace) {
  ChildOptions options;
  options.timeout_seconds = 0.3;
  options.kill_grace_seconds = 0.2;
  // The ignored SIGTERM is inherited by the background sleep as well.
  const ChildOutcome r =
      run_sh("trap '' TERM; sleep 100 & echo $!; while :; do sleep 1; done", options);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.signal, SIGKILL);
  EXPECT_TRUE(process_gone(pid_from(r.last_line)));
}

TEST(ChildProcess, WhatAFinishedProgramLeftRunningIsKilledAndDoesNotHoldTheRun) {
  // The background sleep keeps stdout open; the run must end with the shell anyway.
  const ChildOutcome r = run_sh("sleep 100 & echo $!");
  EXPECT_TRUE(r.succeeded());
  EXPECT_LT(r.seconds, 50);
  EXPECT_TRUE(process_gone(pid_from(r.last_line)));
}

TEST(ChildProcess, MegabytesOfOutputOnBothStreamsDoNotDeadlock) {
  const ChildOutcome r = run_sh(
      "yes 0123456789abcdef | head -c 2000000 >&2 & "
      "yes fedcba9876543210 | head -c 2000000; wait; echo; echo 0.125");
  EXPECT_TRUE(r.succeeded()) << r.describe();
  EXPECT_EQ(r.last_line, "0.125");
  EXPECT_EQ(r.stderr_tail.size(), 3u + 2048u);
}

TEST(ChildProcess, AnOverlongLastLineIsCutAndMarked) {
  const ChildOutcome r = run_sh("yes x | tr -d '\\n' | head -c 100000");
  EXPECT_TRUE(r.last_line_truncated);
  EXPECT_EQ(r.last_line.size(), kMaxLineBytes);
}

TEST(ChildProcess, AMissingProgramIsAModelErrorNamingIt) {
  try {
    run_child_process({"fermata-no-such-program", "--x"});
    FAIL() << "no ModelError";
  } catch (const ModelError& e) {
    EXPECT_THAT(e.what(), HasSubstr("cannot run 'fermata-no-such-program'"));
    EXPECT_THAT(e.what(), HasSubstr("No such file or directory (searched PATH)"));
  }
  EXPECT_THROW(run_child_process({"/nonexistent/train"}), ModelError);
  EXPECT_THROW(run_child_process({"/dev/null"}), ModelError);  // not executable
}

TEST(ChildProcess, ThreadsRunningProgramsAtOnceEachGetTheirOwnOutput) {
  constexpr int kThreads = 4;
  std::vector<std::vector<std::string>> lines(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &lines] {
      for (int i = 0; i < 10; ++i) {
        lines[t].push_back(run_sh("sleep 0.01; echo " + std::to_string(t * 100 + i)).last_line);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(lines[t].size(), 10u);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(lines[t][i], std::to_string(t * 100 + i));
  }
}

}  // namespace
}  // namespace fermata
