// The supervision both ways of running the user's program share: pipes, spawning into a
// process group of its own, noticing its exit, and killing and reaping the whole group.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fermata {

using ProcessClock = std::chrono::steady_clock;

/// @brief A file descriptor closed on destruction.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  bool open() const { return fd_ >= 0; }
  void reset();

 private:
  int fd_ = -1;
};

/// @brief Both ends of a pipe, close-on-exec, so a program started by another thread at the
/// same moment does not inherit them and hold them open.
struct Pipe {
  Fd read_end, write_end;
};
Pipe make_pipe();

/// @brief Starts `argv` (argv[0] searched in PATH, no shell) as the leader of a new process
/// group, with the signals fermata handles back at their defaults, stdout and stderr into the
/// pipes' write ends, and stdin from `stdin_fd` (-1: /dev/null). Makes this process a child
/// subreaper first, so that what the program leaves behind is re-parented here and can be
/// reaped. Throws ModelError when the program cannot be started.
pid_t spawn_in_own_group(const std::vector<std::string>& argv, int stdin_fd, const Pipe& out,
                         const Pipe& err);

/// @brief A descriptor readable when the process exits (Linux 5.3+), or -1 where unavailable.
int open_pidfd(pid_t pid);

/// @brief Whether the child has exited, without reaping it: as long as it is a zombie its pid,
/// which is also its group's id, cannot be reused, so signalling the group stays safe.
bool has_exited(pid_t pid);

/// @brief Kills and reaps the group whose leader is `pid` (its own id) and returns the
/// leader's wait status (nullopt if it was lost). On return the group is empty, unless a
/// member outlives `limit` (stuck in the kernel) or was not re-parented here.
std::optional<int> reap_group(pid_t pid, ProcessClock::time_point limit);

/// @brief Registers a running program's group for terminate_live_children() (live_children.hpp)
/// for as long as it exists, and kills and reaps the group on destruction unless `reaped`.
struct LiveGroup {
  explicit LiveGroup(pid_t leader);
  ~LiveGroup();
  LiveGroup(const LiveGroup&) = delete;
  LiveGroup& operator=(const LiveGroup&) = delete;

  pid_t pid;
  bool reaped = false;
};

/// @brief Milliseconds from now until `t`, clamped to [0, 60 000], for poll().
int milliseconds_until(ProcessClock::time_point t);

/// @brief A duration in seconds as the clock's duration; past 1e9 s (30 years) it is no limit
/// (time_point::max() from `from`), since converting it would overflow the nanoseconds.
ProcessClock::time_point after_seconds(ProcessClock::time_point from, double seconds);

/// @brief The end of a program's standard error: what messages quote when it fails.
class StderrTail {
 public:
  explicit StderrTail(std::size_t bytes) : bytes_(bytes) {}
  void add(const char* data, std::size_t size);
  /// The last `bytes` bytes, prefixed with "..." when some were dropped.
  std::string text();

 private:
  std::size_t bytes_;
  std::string tail_;
  bool cut_ = false;
};

/// @brief Splits a program's standard output into lines as it arrives. Each complete line that
/// is not blank goes to the handler without surrounding whitespace, with `truncated` set when
/// it was longer than `max_bytes` (it then keeps its first `max_bytes`).
class LineSplitter {
 public:
  using Handler = std::function<void(std::string line, bool truncated)>;
  LineSplitter(std::size_t max_bytes, Handler on_line)
      : max_bytes_(max_bytes), on_line_(std::move(on_line)) {}
  void add(const char* data, std::size_t size);
  /// Ends the line being written (output that stopped without a newline).
  void end_line();

 private:
  std::size_t max_bytes_;
  Handler on_line_;
  std::string current_;
  bool truncated_ = false;
};

/// @brief Where poll_output() puts what the program writes.
class OutputSink {
 public:
  virtual ~OutputSink() = default;
  virtual void add_stdout(const char* data, std::size_t size) = 0;
  virtual void add_stderr(const char* data, std::size_t size) = 0;
};

/// @brief Waits up to `wait_ms` (-1: no limit) for output on `out` or `err` or for the exit
/// `pidfd` signals, and reads what is there into `sink`; closes a stream at its end.
void poll_output(Fd& out, Fd& err, const Fd& pidfd, int wait_ms, OutputSink& sink);

}  // namespace fermata
