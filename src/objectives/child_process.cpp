#include "objectives/child_process.hpp"

#include <array>
#include <atomic>

#include <fermata/objectives/live_children.hpp>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include <fermata/core/error.hpp>

extern char** environ;

namespace fermata {
namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void fail_system(const std::string& what, int error) {
  throw ModelError(what + ": " + std::strerror(error));
}

/// A file descriptor closed on destruction.
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
  ~Fd() { reset(); }
  int get() const { return fd_; }
  bool open() const { return fd_ >= 0; }
  void reset() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

struct Pipe {
  Fd read_end, write_end;
};

/// Close-on-exec, so a program started by another thread at the same moment does not inherit
/// this pipe and hold it open.
Pipe make_pipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) fail_system("cannot create a pipe", errno);
  Pipe p;
  p.read_end = Fd(fds[0]);
  p.write_end = Fd(fds[1]);
  return p;
}

/// Processes of the child's group that outlive their parent are re-parented to this process,
/// not to init, so that they can be reaped here: init in a container often reaps nothing.
void become_subreaper() {
  static std::once_flag once;
  std::call_once(once, [] { prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); });
}

/// posix_spawn, unlike fork, is safe in a process with threads (glibc uses CLONE_VFORK) and
/// reports a failed exec (ENOENT, EACCES) to the caller.
pid_t spawn(const std::vector<std::string>& argv, const Pipe& out, const Pipe& err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.write_end.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.write_end.get(), STDERR_FILENO);

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setpgroup(&attr, 0);  // its own group: the timeout kills the whole group
  sigset_t none, defaults;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  // The program must not inherit fermata's stop handlers' effects or an ignored SIGPIPE.
  sigemptyset(&defaults);
  for (int s : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGCHLD}) {
    sigaddset(&defaults, s);
  }
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int error = posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (error != 0) {
    std::string hint;
    if (error == ENOENT && argv[0].find('/') == std::string::npos) hint = " (searched PATH)";
    throw ModelError("cannot run '" + argv[0] + "': " + std::strerror(error) + hint);
  }
  return pid;
}

/// Readable when the process exits (Linux 5.3+); -1 where unavailable, and the loop polls.
int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
#else
  (void)pid;
  return -1;
#endif
}

/// Whether the child has exited, without reaping it: as long as it is a zombie its pid, which
/// is also its group's id, cannot be reused, so signalling the group stays safe.
bool has_exited(pid_t pid) {
  siginfo_t info{};
  return waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
         info.si_pid == pid;
}

/// Kills and reaps the group whose leader is `pid` (its own id) and returns the leader's wait
/// status (nullopt if it was lost). On return the group is empty, unless a member outlives
/// `limit` (stuck in the kernel) or was not re-parented here.
std::optional<int> reap_group(pid_t pid, Clock::time_point limit) {
  kill(-pid, SIGKILL);
  int status = 0;
  pid_t reaped = -1;
  do {
    reaped = waitpid(pid, &status, 0);
  } while (reaped < 0 && errno == EINTR);
  while (kill(-pid, 0) == 0 && Clock::now() < limit) {
    if (waitpid(-pid, nullptr, WNOHANG) > 0) continue;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (reaped != pid) return std::nullopt;
  return status;
}

/// The process groups of the programs running now, for terminate_live_children(): a fixed
/// array of atomics because a signal handler may read it (no locks, no allocation).
constexpr std::size_t kMaxLiveChildren = 1024;
std::array<std::atomic<pid_t>, kMaxLiveChildren> g_live_groups{};

void register_live_group(pid_t group) {
  for (auto& slot : g_live_groups) {
    pid_t empty = 0;
    if (slot.compare_exchange_strong(empty, group)) return;
  }
}

void unregister_live_group(pid_t group) {
  for (auto& slot : g_live_groups) {
    pid_t expected = group;
    if (slot.compare_exchange_strong(expected, 0)) return;
  }
}

/// Kills and reaps the child on every way out of run_child_process, exceptions included.
struct ChildGuard {
  explicit ChildGuard(pid_t child) : pid(child) { register_live_group(pid); }
  ~ChildGuard() {
    if (!reaped) reap_group(pid, Clock::now() + std::chrono::seconds(1));
    unregister_live_group(pid);
  }
  ChildGuard(const ChildGuard&) = delete;
  ChildGuard& operator=(const ChildGuard&) = delete;

  pid_t pid;
  bool reaped = false;
};

/// What is kept of the output: the last complete non-empty stdout line, the line being
/// written, and the end of stderr.
class OutputKeeper {
 public:
  explicit OutputKeeper(std::size_t tail_bytes) : tail_bytes_(tail_bytes) {}

  void add_stdout(const char* data, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
      if (data[i] == '\n') {
        end_line();
      } else if (current_.size() < kMaxLineBytes) {
        current_.push_back(data[i]);
      } else {
        current_truncated_ = true;
      }
    }
  }

  void add_stderr(const char* data, std::size_t size) {
    tail_.append(data, size);
    // Trim in batches so that a chatty program costs amortized constant time per byte.
    if (tail_.size() > 2 * tail_bytes_ + 4096) {
      tail_.erase(0, tail_.size() - tail_bytes_);
      tail_cut_ = true;
    }
  }

  void finish(ChildOutcome& out) {
    end_line();
    out.last_line = std::move(last_);
    out.last_line_truncated = last_truncated_;
    if (tail_.size() > tail_bytes_) {
      tail_.erase(0, tail_.size() - tail_bytes_);
      tail_cut_ = true;
    }
    out.stderr_tail = (tail_cut_ ? "..." : "") + tail_;
  }

 private:
  void end_line() {
    const auto first = current_.find_first_not_of(" \t\r\f\v");
    if (first != std::string::npos) {
      const auto last = current_.find_last_not_of(" \t\r\f\v");
      last_ = current_.substr(first, last - first + 1);
      last_truncated_ = current_truncated_;
    }
    current_.clear();
    current_truncated_ = false;
  }

  std::size_t tail_bytes_;
  std::string current_, last_, tail_;
  bool current_truncated_ = false, last_truncated_ = false, tail_cut_ = false;
};

enum class Stream { kStdout, kStderr };

/// Reads what is available from `fd` once (poll said it would not block); closes it at EOF.
void read_available(Fd& fd, Stream stream, OutputKeeper& keeper) {
  char buffer[16384];
  const ssize_t n = read(fd.get(), buffer, sizeof buffer);
  if (n > 0) {
    const auto size = static_cast<std::size_t>(n);
    if (stream == Stream::kStdout) keeper.add_stdout(buffer, size);
    if (stream == Stream::kStderr) keeper.add_stderr(buffer, size);
  } else if (n == 0 || errno != EINTR) {
    fd.reset();
  }
}

/// Waits up to `wait_ms` (-1: no limit) for output or for the child's exit, and reads.
void poll_once(Fd& out, Fd& err, const Fd& pidfd, int wait_ms, OutputKeeper& keeper) {
  struct Watched {
    Fd* fd;
    Stream stream;
  };
  std::vector<Watched> watched;
  std::vector<pollfd> fds;
  for (Watched w : {Watched{&out, Stream::kStdout}, Watched{&err, Stream::kStderr}}) {
    if (!w.fd->open()) continue;
    watched.push_back(w);
    fds.push_back({w.fd->get(), POLLIN, 0});
  }
  if (pidfd.open()) fds.push_back({pidfd.get(), POLLIN, 0});
  if (poll(fds.data(), fds.size(), wait_ms) < 0) {
    if (errno == EINTR) return;
    fail_system("poll on the program's output failed", errno);
  }
  for (std::size_t i = 0; i < watched.size(); ++i) {
    if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      read_available(*watched[i].fd, watched[i].stream, keeper);
    }
  }
}

int milliseconds_until(Clock::time_point t) {
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(t - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(ms, 0, 60'000));
}

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

void terminate_live_children() noexcept {
  for (const auto& slot : g_live_groups) {
    if (const pid_t group = slot.load(); group > 0) ::kill(-group, SIGKILL);
  }
}

ChildOutcome run_child_process(const std::vector<std::string>& argv, const ChildOptions& options) {
  if (argv.empty() || argv[0].empty()) throw ModelError("cannot run an empty command");
  become_subreaper();
  Pipe out = make_pipe();
  Pipe err = make_pipe();
  const auto start = Clock::now();
  ChildGuard child{spawn(argv, out, err)};
  out.write_end.reset();  // EOF arrives only when every writer has closed its end
  err.write_end.reset();
  const Fd pidfd(open_pidfd(child.pid));
  const auto grace = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(options.kill_grace_seconds));

  OutputKeeper keeper(options.stderr_tail_bytes);
  ChildOutcome outcome;
  // A limit past 1e9 s (30 years) is no limit; converting it would overflow the nanoseconds.
  const auto never = Clock::time_point::max();
  Clock::time_point terminate_at = never, kill_at = never;
  if (options.timeout_seconds > 0 && options.timeout_seconds < 1e9) {
    terminate_at = start + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(options.timeout_seconds));
  }
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
    poll_once(out.read_end, err.read_end, pidfd, wait_ms, keeper);
  }
  outcome.seconds = std::chrono::duration<double>(Clock::now() - start).count();

  // What the program left running in its group is killed now, so the pipes reach EOF.
  const auto cleanup_limit = Clock::now() + grace;
  const std::optional<int> status = reap_group(child.pid, cleanup_limit);
  child.reaped = true;
  while ((out.read_end.open() || err.read_end.open()) && Clock::now() < cleanup_limit) {
    poll_once(out.read_end, err.read_end, Fd(), milliseconds_until(cleanup_limit), keeper);
  }
  keeper.finish(outcome);
  if (!status) throw ModelError("the exit status of '" + argv[0] + "' was lost (reaped elsewhere)");
  if (WIFEXITED(*status)) outcome.exit_code = WEXITSTATUS(*status);
  if (WIFSIGNALED(*status)) outcome.signal = WTERMSIG(*status);
  return outcome;
}

}  // namespace fermata
