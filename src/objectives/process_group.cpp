#include "objectives/process_group.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <thread>

#include <fermata/core/error.hpp>
#include <fermata/objectives/live_children.hpp>

extern char** environ;

namespace fermata {
namespace {

[[noreturn]] void fail_system(const std::string& what, int error) {
  throw ModelError(what + ": " + std::strerror(error));
}

/// Processes of the child's group that outlive their parent are re-parented to this process,
/// not to init, so that they can be reaped here: init in a container often reaps nothing.
void become_subreaper() {
  static std::once_flag once;
  std::call_once(once, [] { prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); });
}

/// The process groups of the programs running now, for terminate_live_children(): a fixed
/// array of atomics because a signal handler may read it (no locks, no allocation).
constexpr std::size_t kMaxLiveChildren = 1024;
std::array<std::atomic<pid_t>, kMaxLiveChildren> g_live_groups{};

enum class Stream { kStdout, kStderr };

/// Reads what is available from `fd` once (poll said it would not block); closes it at EOF.
void read_available(Fd& fd, Stream stream, OutputSink& sink) {
  char buffer[16384];
  const ssize_t n = read(fd.get(), buffer, sizeof buffer);
  if (n > 0) {
    const auto size = static_cast<std::size_t>(n);
    if (stream == Stream::kStdout) sink.add_stdout(buffer, size);
    if (stream == Stream::kStderr) sink.add_stderr(buffer, size);
  } else if (n == 0 || errno != EINTR) {
    fd.reset();
  }
}

}  // namespace

void poll_output(Fd& out, Fd& err, const Fd& pidfd, int wait_ms, OutputSink& sink) {
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
      read_available(*watched[i].fd, watched[i].stream, sink);
    }
  }
}

void Fd::reset() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

Pipe make_pipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) fail_system("cannot create a pipe", errno);
  Pipe p;
  p.read_end = Fd(fds[0]);
  p.write_end = Fd(fds[1]);
  return p;
}

// posix_spawn, unlike fork, is safe in a process with threads (glibc uses CLONE_VFORK) and
// reports a failed exec (ENOENT, EACCES) to the caller.
pid_t spawn_in_own_group(const std::vector<std::string>& argv, int stdin_fd, const Pipe& out,
                         const Pipe& err) {
  if (argv.empty() || argv[0].empty()) throw ModelError("cannot run an empty command");
  become_subreaper();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (stdin_fd >= 0) {
    posix_spawn_file_actions_adddup2(&actions, stdin_fd, STDIN_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  }
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

int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
#else
  (void)pid;
  return -1;
#endif
}

bool has_exited(pid_t pid) {
  siginfo_t info{};
  return waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
         info.si_pid == pid;
}

std::optional<int> reap_group(pid_t pid, ProcessClock::time_point limit) {
  kill(-pid, SIGKILL);
  int status = 0;
  pid_t reaped = -1;
  do {
    reaped = waitpid(pid, &status, 0);
  } while (reaped < 0 && errno == EINTR);
  while (kill(-pid, 0) == 0 && ProcessClock::now() < limit) {
    if (waitpid(-pid, nullptr, WNOHANG) > 0) continue;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (reaped != pid) return std::nullopt;
  return status;
}

LiveGroup::LiveGroup(pid_t leader) : pid(leader) {
  for (auto& slot : g_live_groups) {
    pid_t empty = 0;
    if (slot.compare_exchange_strong(empty, pid)) return;
  }
}

LiveGroup::~LiveGroup() {
  if (!reaped) reap_group(pid, ProcessClock::now() + std::chrono::seconds(1));
  for (auto& slot : g_live_groups) {
    pid_t expected = pid;
    if (slot.compare_exchange_strong(expected, 0)) return;
  }
}

void terminate_live_children() noexcept {
  for (const auto& slot : g_live_groups) {
    if (const pid_t group = slot.load(); group > 0) ::kill(-group, SIGKILL);
  }
}

int milliseconds_until(ProcessClock::time_point t) {
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(t - ProcessClock::now()).count();
  return static_cast<int>(std::clamp<long long>(ms, 0, 60'000));
}

ProcessClock::time_point after_seconds(ProcessClock::time_point from, double seconds) {
  if (seconds >= 1e9) return ProcessClock::time_point::max();
  return from +
         std::chrono::duration_cast<ProcessClock::duration>(std::chrono::duration<double>(seconds));
}

void LineSplitter::add(const char* data, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == '\n') {
      end_line();
    } else if (current_.size() < max_bytes_) {
      current_.push_back(data[i]);
    } else {
      truncated_ = true;
    }
  }
}

void LineSplitter::end_line() {
  const auto first = current_.find_first_not_of(" \t\r\f\v");
  if (first != std::string::npos) {
    const auto last = current_.find_last_not_of(" \t\r\f\v");
    on_line_(current_.substr(first, last - first + 1), truncated_);
  }
  current_.clear();
  truncated_ = false;
}

void StderrTail::add(const char* data, std::size_t size) {
  tail_.append(data, size);
  // Trim in batches so that a chatty program costs amortized constant time per byte.
  if (tail_.size() > 2 * bytes_ + 4096) {
    tail_.erase(0, tail_.size() - bytes_);
    cut_ = true;
  }
}

std::string StderrTail::text() {
  if (tail_.size() > bytes_) {
    tail_.erase(0, tail_.size() - bytes_);
    cut_ = true;
  }
  return (cut_ ? "..." : "") + tail_;
}

}  // namespace fermata
