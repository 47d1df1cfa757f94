#include "objectives/child_process.hpp"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include <fermata/core/error.hpp>

#include "objectives/process_group.hpp"

namespace fermata {
namespace {

using Clock = ProcessClock;

/// What is kept of the output: the last complete non-empty stdout line and the end of stderr.
class OutputKeeper : public OutputSink {
 public:
  explicit OutputKeeper(std::size_t tail_bytes)
      : lines_(kMaxLineBytes,
               [this](std::string line, bool truncated) {
                 last_ = std::move(line);
                 last_truncated_ = truncated;
               }),
        tail_(tail_bytes) {}

  void add_stdout(const char* data, std::size_t size) override { lines_.add(data, size); }
  void add_stderr(const char* data, std::size_t size) override { tail_.add(data, size); }

  void finish(ChildOutcome& out) {
    lines_.end_line();
    out.last_line = std::move(last_);
    out.last_line_truncated = last_truncated_;
    out.stderr_tail = tail_.text();
  }

 private:
  LineSplitter lines_;
  StderrTail tail_;
  std::string last_;
  bool last_truncated_ = false;
};

}  // namespace

std::string ChildOutcome::describe() const {
  if (timed_out) return fmt::format("timed out after {:.3g} s and was terminated", seconds);
  if (signal != 0) {
    const char* name = sigabbrev_np(signal);
    return fmt::format("was killed by signal {}{}", signal,
                       name != nullptr ? fmt::format(" (SIG{})", name) : "");
  }
  return fmt::format("exited with status {}", exit_code);
}

ChildOutcome run_child_process(const std::vector<std::string>& argv, const ChildOptions& options) {
  Pipe out = make_pipe();
  Pipe err = make_pipe();
  const auto start = Clock::now();
  LiveGroup child{spawn_in_own_group(argv, -1, out, err)};
  out.write_end.reset();  // EOF arrives only when every writer has closed its end
  err.write_end.reset();
  const Fd pidfd(open_pidfd(child.pid));
  const auto grace = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(options.kill_grace_seconds));

  OutputKeeper keeper(options.stderr_tail_bytes);
  ChildOutcome outcome;
  const auto never = Clock::time_point::max();
  Clock::time_point terminate_at = never, kill_at = never;
  if (options.timeout_seconds > 0) terminate_at = after_seconds(start, options.timeout_seconds);
  while (!has_exited(child.pid)) {
    const auto now = Clock::now();
    if (now >= terminate_at) {
      outcome.timed_out = true;
      kill(-child.pid, SIGTERM);  // a chance to clean up (temporary files, GPU memory)
      terminate_at = never;
      kill_at = now + grace;
    }
    if (now >= kill_at) {
      kill(-child.pid, SIGKILL);
      kill_at = never;
    }
    // Without a pidfd the exit is noticed by polling every 50 ms.
    const int wait_ms = std::min({pidfd.open() ? 60'000 : 50, milliseconds_until(terminate_at),
                                  milliseconds_until(kill_at)});
    poll_output(out.read_end, err.read_end, pidfd, wait_ms, keeper);
  }
  outcome.seconds = std::chrono::duration<double>(Clock::now() - start).count();

  // What the program left running in its group is killed now, so the pipes reach EOF.
  const auto cleanup_limit = Clock::now() + grace;
  const std::optional<int> status = reap_group(child.pid, cleanup_limit);
  child.reaped = true;
  while ((out.read_end.open() || err.read_end.open()) && Clock::now() < cleanup_limit) {
    poll_output(out.read_end, err.read_end, Fd(), milliseconds_until(cleanup_limit), keeper);
  }
  keeper.finish(outcome);
  if (!status) throw ModelError("the exit status of '" + argv[0] + "' was lost (reaped elsewhere)");
  if (WIFEXITED(*status)) outcome.exit_code = WEXITSTATUS(*status);
  if (WIFSIGNALED(*status)) outcome.signal = WTERMSIG(*status);
  return outcome;
}

}  // namespace fermata
