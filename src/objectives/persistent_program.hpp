// A training program that stays up between folds: one request line in, one reply line out,
// under the same supervision as a program run once per fold.
#pragma once

#include <sys/types.h>

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "objectives/child_process.hpp"
#include "objectives/process_group.hpp"

namespace fermata {

/// @brief How one exchange with a PersistentProgram ended.
struct Exchange {
  bool answered = false;  ///< a reply line arrived; the program is still running
  std::string reply;      ///< that line, without surrounding whitespace
  /// When not answered: how the program ended (exit status, signal or timeout), with the end
  /// of its standard error; `seconds` counts from the request.
  ChildOutcome ended;
  bool restarted = false;  ///< the program was (re)started for this exchange
};

/// @brief Runs `argv` (no shell) in a process group of its own with a pipe on its stdin, and
/// exchanges lines with it: exchange() writes a request line and waits for the first stdout
/// line that its `is_reply` accepts (other lines are the program's own output and are skipped).
/// The program starts at the first exchange and again at the next one after it ended. The
/// time limit of each exchange (ChildOptions::timeout_seconds, from the request) ends the
/// whole group with SIGTERM, then SIGKILL after the grace; when the program ends, whatever it
/// left in its group is killed, and every process of the group is reaped, as for
/// run_child_process(). On destruction stdin is closed, the program gets the grace to exit,
/// then the group is killed and reaped. While it runs, its group is registered for
/// terminate_live_children(). One thread at a time.
class PersistentProgram {
 public:
  using ReplyTest = std::function<bool(const std::string& line)>;

  PersistentProgram(std::vector<std::string> argv, ChildOptions options);
  ~PersistentProgram();
  PersistentProgram(const PersistentProgram&) = delete;
  PersistentProgram& operator=(const PersistentProgram&) = delete;

  /// Sends `request` (one line, without its newline) and waits for the reply. Throws
  /// ModelError when the program cannot be started or a system call fails.
  Exchange exchange(const std::string& request, const ReplyTest& is_reply);

  bool running() const { return group_ != nullptr; }
  /// The running program's process id (its group's id), or -1.
  pid_t pid() const { return group_ ? group_->pid : -1; }
  /// How many times the program was started.
  int starts() const { return starts_; }

 private:
  class LineSink;

  void start();
  /// Reaps the ended program and its group and says how it ended.
  ChildOutcome finish(bool timed_out, ProcessClock::time_point since);
  void stop() noexcept;

  std::vector<std::string> argv_;
  ChildOptions options_;
  std::unique_ptr<LiveGroup> group_;
  Fd stdin_, stdout_, stderr_, pidfd_;
  std::unique_ptr<LineSink> sink_;
  int starts_ = 0;
};

}  // namespace fermata
