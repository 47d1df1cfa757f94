#include "objectives/persistent_program.hpp"

#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <optional>
#include <utility>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

using Clock = ProcessClock;

/// Writes all of `data`; false when the program closed its stdin (it ended). A write to a
/// pipe without a reader raises SIGPIPE, which would end fermata: it is blocked in this thread
/// for the write and a pending one taken before unblocking, so nothing else changes.
bool write_all(int fd, const std::string& data) {
  sigset_t pipe_only, old;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
  int error = 0;
  for (std::size_t done = 0; done < data.size();) {
    const ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n >= 0) {
      done += static_cast<std::size_t>(n);
    } else if (errno != EINTR) {
      error = errno;
      break;
    }
  }
  if (error == EPIPE) {
    const timespec zero{};
    while (sigtimedwait(&pipe_only, nullptr, &zero) > 0) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (error != 0 && error != EPIPE) {
    throw ModelError(std::string("cannot write to the program's standard input: ") +
                     std::strerror(error));
  }
  return error == 0;
}

}  // namespace

/// Keeps the complete stdout lines not read yet (a line longer than kMaxLineBytes is no reply
/// and is dropped) and the end of stderr.
class PersistentProgram::LineSink : public OutputSink {
 public:
  explicit LineSink(std::size_t tail_bytes)
      : splitter_(kMaxLineBytes,
                  [this](std::string line, bool truncated) {
                    if (!truncated) lines_.push_back(std::move(line));
                  }),
        tail_(tail_bytes) {}

  void add_stdout(const char* data, std::size_t size) override { splitter_.add(data, size); }
  void add_stderr(const char* data, std::size_t size) override { tail_.add(data, size); }
  void end_output() { splitter_.end_line(); }

  /// Reads the lines kept so far up to the first that `is_reply` accepts, and returns it.
  std::optional<std::string> take_reply(const ReplyTest& is_reply) {
    while (!lines_.empty()) {
      std::string line = std::move(lines_.front());
      lines_.pop_front();
      if (is_reply(line)) return line;
    }
    return std::nullopt;
  }
  void forget_lines() { lines_.clear(); }
  std::string stderr_tail() { return tail_.text(); }

 private:
  LineSplitter splitter_;
  StderrTail tail_;
  std::deque<std::string> lines_;
};

PersistentProgram::PersistentProgram(std::vector<std::string> argv, ChildOptions options)
    : argv_(std::move(argv)), options_(options) {}

PersistentProgram::~PersistentProgram() {
  stop();
}

void PersistentProgram::start() {
  Pipe in = make_pipe();
  Pipe out = make_pipe();
  Pipe err = make_pipe();
  group_ = std::make_unique<LiveGroup>(spawn_in_own_group(argv_, in.read_end.get(), out, err));
  ++starts_;
  stdin_ = std::move(in.write_end);  // the child holds the other ends now
  stdout_ = std::move(out.read_end);
  stderr_ = std::move(err.read_end);
  pidfd_ = Fd(open_pidfd(group_->pid));
  sink_ = std::make_unique<LineSink>(options_.stderr_tail_bytes);
}

Exchange PersistentProgram::exchange(const std::string& request, const ReplyTest& is_reply) {
  Exchange result;
  if (!running()) {
    start();
    result.restarted = true;
  }
  // What it printed since the last reply answers nothing: read what is there, and drop it.
  poll_output(stdout_, stderr_, Fd(), 0, *sink_);
  sink_->forget_lines();
  const auto sent = Clock::now();
  const bool delivered = write_all(stdin_.get(), request + "\n");

  const auto never = Clock::time_point::max();
  Clock::time_point terminate_at = never, kill_at = never;
  if (options_.timeout_seconds > 0) terminate_at = after_seconds(sent, options_.timeout_seconds);
  const auto grace = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(options_.kill_grace_seconds));
  bool timed_out = false;
  // When the request could not be delivered the program has ended: only wait for its exit.
  while (!has_exited(group_->pid)) {
    if (std::optional<std::string> reply = delivered ? sink_->take_reply(is_reply) : std::nullopt) {
      result.answered = true;
      result.reply = std::move(*reply);
      return result;
    }
    const auto now = Clock::now();
    if (now >= terminate_at) {
      timed_out = true;
      kill(-group_->pid, SIGTERM);  // a chance to clean up, as for a program run per fold
      terminate_at = never;
      kill_at = now + grace;
    }
    if (now >= kill_at) {
      kill(-group_->pid, SIGKILL);
      kill_at = never;
    }
    const int wait_ms = std::min({pidfd_.open() ? 60'000 : 50, milliseconds_until(terminate_at),
                                  milliseconds_until(kill_at)});
    poll_output(stdout_, stderr_, pidfd_, wait_ms, *sink_);
  }
  result.ended = finish(timed_out, sent);
  // A reply written just before the exit still counts; the program restarts next time.
  if (std::optional<std::string> reply =
          delivered && !timed_out ? sink_->take_reply(is_reply) : std::nullopt) {
    result.answered = true;
    result.reply = std::move(*reply);
  }
  return result;
}

ChildOutcome PersistentProgram::finish(bool timed_out, Clock::time_point since) {
  ChildOutcome outcome;
  outcome.timed_out = timed_out;
  outcome.seconds = std::chrono::duration<double>(Clock::now() - since).count();
  const auto limit = after_seconds(Clock::now(), options_.kill_grace_seconds);
  const std::optional<int> status = reap_group(group_->pid, limit);
  group_->reaped = true;
  stdin_.reset();
  while ((stdout_.open() || stderr_.open()) && Clock::now() < limit) {
    poll_output(stdout_, stderr_, Fd(), milliseconds_until(limit), *sink_);
  }
  sink_->end_output();
  stdout_.reset();
  stderr_.reset();
  pidfd_.reset();
  outcome.stderr_tail = sink_->stderr_tail();
  const std::string program = argv_.front();
  group_.reset();
  if (!status) throw ModelError("the exit status of '" + program + "' was lost (reaped elsewhere)");
  if (WIFEXITED(*status)) outcome.exit_code = WEXITSTATUS(*status);
  if (WIFSIGNALED(*status)) outcome.signal = WTERMSIG(*status);
  return outcome;
}

void PersistentProgram::stop() noexcept {
  if (!running()) return;
  // End of input is the program's cue to leave; after the grace its group is killed.
  stdin_.reset();
  const auto limit = after_seconds(Clock::now(), options_.kill_grace_seconds);
  try {
    while (!has_exited(group_->pid) && Clock::now() < limit) {
      poll_output(stdout_, stderr_, pidfd_, std::min(50, milliseconds_until(limit)), *sink_);
    }
  } catch (...) {  // a failed poll changes nothing: the group is killed below
  }
  reap_group(group_->pid, Clock::now() + std::chrono::seconds(1));
  group_->reaped = true;
  group_.reset();
  stdout_.reset();
  stderr_.reset();
  pidfd_.reset();
}

}  // namespace fermata
