// The progress output of `fermata run`: a status line on a terminal (run under a
// pseudo-terminal here), plain lines through a pipe, nothing with --quiet.

#include <pty.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "e2e/e2e.hpp"

namespace fermata::testing {
namespace {

constexpr int kTrials = 12;

/// A synthetic job whose folds take 50 ms, so the run lasts long enough for several redraws.
std::string progress_job() {
  return R"(name: progress
seed: 5
cv: {folds: 2}
model:
  kind: synthetic
  fixed: {function: branin, seconds: 0.05}
space:
  x1: {type: float, low: -5, high: 10}
  x2: {type: float, low: 0, high: 15}
optimizer: {kind: random}
budget: {max_trials: )" +
         std::to_string(kTrials) + R"(}
stopping: {criterion: none}
checkpoint: {path: progress.h5}
)";
}

/// Runs the fermata binary with `args` in `cwd`, its stdin, stdout and stderr a
/// pseudo-terminal 120 columns wide with TERM=xterm. The terminal does not turn "\n" into
/// "\r\n", so every "\r" in the output is fermata's own.
ProcessResult fermata_in_terminal(const std::vector<std::string>& args, const std::string& cwd) {
  winsize size{};
  size.ws_col = 120;
  size.ws_row = 40;
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, &size);
  if (pid < 0) throw std::runtime_error("forkpty failed");
  if (pid == 0) {
    termios mode{};
    if (tcgetattr(STDOUT_FILENO, &mode) == 0) {
      mode.c_oflag &= ~static_cast<tcflag_t>(ONLCR);
      tcsetattr(STDOUT_FILENO, TCSANOW, &mode);
    }
    if (chdir(cwd.c_str()) != 0) _exit(127);
    setenv("TERM", "xterm", 1);
    std::vector<std::string> argv{FERMATA_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> raw;
    for (std::string& a : argv) raw.push_back(a.data());
    raw.push_back(nullptr);
    execv(raw[0], raw.data());
    _exit(127);
  }
  ProcessResult result;
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(master, buffer, sizeof buffer);
    if (n > 0) {
      result.output.append(buffer, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;  // EIO once the child has closed the terminal
    }
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

/// Newline-terminated lines that report one completed trial.
int trial_lines(const std::string& output) {
  static const std::regex kTrialLine(R"(trial +\d+ value [^\n]*\n)");
  return static_cast<int>(std::distance(
      std::sregex_iterator(output.begin(), output.end(), kTrialLine), std::sregex_iterator()));
}

bool has_control_bytes(const std::string& output) {
  for (unsigned char c : output) {
    if ((c < 0x20 && c != '\n') || c == 0x7f) return true;
  }
  return false;
}

TEST(ProgressOnATerminal, AutoRedrawsOneStatusLineInsteadOfALinePerTrial) {
  TempDir dir;
  dir.write("job.yaml", progress_job());
  const auto r = fermata_in_terminal(
      {"run", "job.yaml", "--local-workers", "2", "--progress", "auto"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\r\033[K"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(" complete, "), std::string::npos) << r.output;
  EXPECT_LT(trial_lines(r.output), kTrials) << r.output;
  // The summary starts a line of its own once the status line is erased, and nothing is
  // redrawn after it.
  const auto summary = r.output.find("run finished, budget spent: budget.max_trials (12) reached");
  ASSERT_NE(summary, std::string::npos) << r.output;
  const auto erase = r.output.rfind("\r\033[K", summary);
  ASSERT_NE(erase, std::string::npos) << r.output;
  EXPECT_EQ(r.output.substr(erase + 4, 1), "[") << r.output;
  EXPECT_EQ(r.output.find('\n', erase), r.output.find('\n', summary)) << r.output;
  EXPECT_EQ(r.output.find('\r', summary), std::string::npos) << r.output;
}

TEST(ProgressOnATerminal, QuietShowsNoStatusLineNoTrialLinesAndNoSummary) {
  TempDir dir;
  dir.write("job.yaml", progress_job());
  const auto r =
      fermata_in_terminal({"run", "job.yaml", "--local-workers", "2", "--quiet"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("\r\033[K"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find('\r'), std::string::npos) << r.output;
  EXPECT_EQ(trial_lines(r.output), 0) << r.output;
  EXPECT_EQ(r.output.find("run finished"), std::string::npos) << r.output;
}

TEST(ProgressOnATerminal, ForcedLinesWriteNoControlCharactersNotEvenColor) {
  TempDir dir;
  dir.write("job.yaml", progress_job());
  const auto r = fermata_in_terminal(
      {"run", "job.yaml", "--local-workers", "2", "--progress", "lines"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(has_control_bytes(r.output)) << r.output;
  EXPECT_EQ(trial_lines(r.output), kTrials) << r.output;
}

TEST(ProgressThroughAPipe, AutoWritesOnePlainLinePerTrialAndASummary) {
  TempDir dir;
  dir.write("job.yaml", progress_job());
  const auto r = fermata({"run", "job.yaml", "--local-workers", "2"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(has_control_bytes(r.output)) << r.output;
  EXPECT_EQ(trial_lines(r.output), kTrials) << r.output;
  EXPECT_NE(r.output.find("run finished, budget spent: budget.max_trials (12) reached; trials 12 "
                          "complete, 0 failed, 0 unfinished"),
            std::string::npos)
      << r.output;
}

}  // namespace
}  // namespace fermata::testing
