// PersistentProgram drives small /bin/sh scripts that read request lines: one process for
// many exchanges, the program's own lines skipped, and a crash, a hang or the end of the run
// leaving no process behind.
#include "objectives/persistent_program.hpp"

#include <sys/types.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

using ::testing::HasSubstr;

/// Replies in these scripts start with "R ".
bool is_reply(const std::string& line) {
  return line.rfind("R ", 0) == 0;
}

PersistentProgram sh_program(const std::string& script, ChildOptions options = {}) {
  return PersistentProgram({"/bin/sh", "-c", script}, options);
}

/// Gone means no such process, not even a zombie: kill() then fails with ESRCH.
bool process_gone(pid_t pid) {
  return kill(pid, 0) != 0 && errno == ESRCH;
}

/// Echoes "R <request> from <its pid>" for every request.
const char* kEcho = "while read -r line; do echo \"R $line from $$\"; done";

TEST(PersistentProgram, AnswersEveryRequestFromOneProcess) {
  PersistentProgram program = sh_program(kEcho);
  EXPECT_FALSE(program.running());
  const Exchange first = program.exchange("a", is_reply);
  ASSERT_TRUE(first.answered);
  EXPECT_TRUE(first.restarted);
  const pid_t pid = program.pid();
  EXPECT_EQ(first.reply, "R a from " + std::to_string(pid));
  for (const char* request : {"b", "c", "d"}) {
    const Exchange next = program.exchange(request, is_reply);
    ASSERT_TRUE(next.answered);
    EXPECT_FALSE(next.restarted);
    EXPECT_EQ(next.reply, std::string("R ") + request + " from " + std::to_string(pid));
  }
  EXPECT_EQ(program.starts(), 1);
}

TEST(PersistentProgram, SkipsTheProgramsOwnLinesAndRepliesToOtherRequests) {
  // After each reply it prints a late "R stale" line: whether that is read before the next
  // request or after it, only the reply to that request ends the exchange.
  PersistentProgram program = sh_program(
      "while read -r line; do echo 'epoch 1'; echo; echo \"R $line\"; echo 'R stale'; done");
  const auto reply_to = [](const std::string& request) {
    return [request](const std::string& line) { return line == "R " + request; };
  };
  EXPECT_EQ(program.exchange("a", reply_to("a")).reply, "R a");
  EXPECT_EQ(program.exchange("b", reply_to("b")).reply, "R b");
  EXPECT_EQ(program.exchange("c", reply_to("c")).reply, "R c");
}

TEST(PersistentProgram, AProgramThatDiesMidFoldEndsTheExchangeAndStartsAgainForTheNext) {
  // The first request kills the program (with a background child of its own); later requests
  // are answered by a new process.
  const std::string marker = testing::TempDir() + "persistent_program_died";
  std::remove(marker.c_str());
  PersistentProgram crashing({"/bin/sh", "-c",
                              "sleep 100 & echo \"child $!\" >&2; read -r line; "
                              "if [ ! -e \"$1\" ]; then : > \"$1\"; echo dying >&2; "
                              "kill -SEGV $$; fi; echo \"R $line\"; "
                              "while read -r line; do echo \"R $line\"; done",
                              "sh", marker},
                             {});
  const Exchange died = crashing.exchange("a", is_reply);
  EXPECT_FALSE(died.answered);
  EXPECT_EQ(died.ended.signal, SIGSEGV);
  EXPECT_THAT(died.ended.stderr_tail, HasSubstr("dying"));
  EXPECT_FALSE(crashing.running());
  const std::string tail = died.ended.stderr_tail;
  const pid_t child = static_cast<pid_t>(std::stol(tail.substr(tail.find("child ") + 6)));
  EXPECT_TRUE(process_gone(child));  // what it left behind was killed and reaped

  const Exchange next = crashing.exchange("b", is_reply);
  ASSERT_TRUE(next.answered);
  EXPECT_TRUE(next.restarted);
  EXPECT_EQ(next.reply, "R b");
  EXPECT_EQ(crashing.starts(), 2);
  std::remove(marker.c_str());
}

TEST(PersistentProgram, AnExitWithoutReplyIsReportedWithItsStatus) {
  PersistentProgram program = sh_program("read -r line; echo 'bad config' >&2; exit 3");
  const Exchange ended = program.exchange("a", is_reply);
  EXPECT_FALSE(ended.answered);
  EXPECT_EQ(ended.ended.exit_code, 3);
  EXPECT_EQ(ended.ended.describe(), "exited with status 3");
  EXPECT_EQ(ended.ended.stderr_tail, "bad config\n");
}

TEST(PersistentProgram, AProgramGoneBeforeTheRequestDoesNotEndFermataWithSigpipe) {
  // It exits at once: the request meets a pipe without a reader.
  PersistentProgram program = sh_program("exec 0<&-; exit 4");
  const Exchange first = program.exchange(std::string(200000, 'x'), is_reply);
  EXPECT_FALSE(first.answered);
  EXPECT_EQ(first.ended.exit_code, 4);
  const Exchange second = program.exchange("again", is_reply);
  EXPECT_EQ(second.ended.exit_code, 4);
  EXPECT_EQ(program.starts(), 2);
}

TEST(PersistentProgram, ATimeoutKillsTheWholeGroupAndTheNextRequestStartsAFreshProgram) {
  ChildOptions options;
  options.timeout_seconds = 0.3;
  options.kill_grace_seconds = 0.2;
  // Ignores SIGTERM, so only the SIGKILL after the grace ends it and its background sleep.
  PersistentProgram program = sh_program(
      "trap '' TERM; while read -r line; do "
      "if [ \"$line\" = hang ]; then sleep 100 & echo \"child $!\" >&2; wait; fi; "
      "echo \"R $line\"; done",
      options);
  ASSERT_TRUE(program.exchange("a", is_reply).answered);
  const pid_t first = program.pid();
  const auto start = std::chrono::steady_clock::now();
  const Exchange hung = program.exchange("hang", is_reply);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 20);
  EXPECT_FALSE(hung.answered);
  EXPECT_TRUE(hung.ended.timed_out);
  EXPECT_EQ(hung.ended.signal, SIGKILL);
  EXPECT_TRUE(process_gone(first));
  const std::string tail = hung.ended.stderr_tail;
  EXPECT_TRUE(process_gone(static_cast<pid_t>(std::stol(tail.substr(tail.find("child ") + 6)))));
  const Exchange after = program.exchange("b", is_reply);
  ASSERT_TRUE(after.answered);
  EXPECT_NE(program.pid(), first);
}

TEST(PersistentProgram, DestructionEndsTheProgramAtEndOfInputOrKillsItAfterTheGrace) {
  pid_t polite = -1, stubborn = -1, grandchild = -1;
  {
    PersistentProgram program = sh_program(kEcho);
    ASSERT_TRUE(program.exchange("a", is_reply).answered);
    polite = program.pid();
  }
  EXPECT_TRUE(process_gone(polite));
  ChildOptions options;
  options.kill_grace_seconds = 0.2;
  const auto start = std::chrono::steady_clock::now();
  {
    // Ignores the end of its input and SIGTERM, and keeps a background child.
    PersistentProgram program = sh_program(
        "trap '' TERM; sleep 100 & read -r line; echo \"R $!\"; "
        "while :; do sleep 1; done",
        options);
    const Exchange e = program.exchange("a", is_reply);
    ASSERT_TRUE(e.answered);
    grandchild = static_cast<pid_t>(std::stol(e.reply.substr(2)));
    stubborn = program.pid();
  }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 20);
  EXPECT_TRUE(process_gone(stubborn));
  EXPECT_TRUE(process_gone(grandchild));
}

TEST(PersistentProgram, AMissingProgramIsAModelErrorNamingIt) {
  PersistentProgram program({"fermata-no-such-program"}, {});
  try {
    program.exchange("a", is_reply);
    FAIL() << "no ModelError";
  } catch (const ModelError& e) {
    EXPECT_THAT(e.what(), HasSubstr("fermata-no-such-program"));
  }
  EXPECT_FALSE(program.running());
}

}  // namespace
}  // namespace fermata
