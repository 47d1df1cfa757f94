// Running the user's program for one fold: no shell, output captured, a time limit, and
// nothing left behind when it returns.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace fermata {

/// @brief Limits for run_child_process().
struct ChildOptions {
  double timeout_seconds = 0.0;          ///< 0 = no limit
  double kill_grace_seconds = 2.0;       ///< between SIGTERM and SIGKILL at the timeout
  std::size_t stderr_tail_bytes = 2048;  ///< how much of the end of stderr to keep
};

/// @brief How a child process ended and the part of its output fermata needs.
struct ChildOutcome {
  int exit_code = -1;      ///< the exit status, or -1 when a signal ended the process
  int signal = 0;          ///< the signal that ended it, or 0
  bool timed_out = false;  ///< it ran past the time limit and was terminated
  std::string last_line;   ///< last non-empty line of stdout, without surrounding whitespace
  bool last_line_truncated = false;  ///< that line was longer than kMaxLineBytes
  std::string stderr_tail;           ///< the last stderr_tail_bytes of stderr
  double seconds = 0.0;              ///< wall time from start to exit

  /// Exited by itself with status 0.
  bool succeeded() const { return !timed_out && signal == 0 && exit_code == 0; }
  /// "exited with status 3", "was killed by signal 11 (Segmentation fault)",
  /// "timed out after 5 s and was terminated".
  std::string describe() const;
};

/// @brief Longest stdout line kept whole; a longer line keeps its first kMaxLineBytes.
inline constexpr std::size_t kMaxLineBytes = 64 * 1024;

/// @brief Runs `argv` (argv[0] searched in PATH, no shell) in a new process group with stdin
/// from /dev/null, reads its stdout and stderr until it exits, and returns how it ended.
/// At the time limit the whole group gets SIGTERM, then SIGKILL after the grace period. When
/// the program exits, whatever it left running in its group is killed, and every process of
/// the group is reaped before this returns (the process becomes a child subreaper for that),
/// so no zombie or orphan remains; a process that moved to another group is out of reach.
/// Safe to call from several threads at once. Throws ModelError when the program cannot be
/// started (not found, not executable) or a system call fails.
ChildOutcome run_child_process(const std::vector<std::string>& argv,
                               const ChildOptions& options = {});

}  // namespace fermata
