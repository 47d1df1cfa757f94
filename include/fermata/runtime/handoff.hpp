#pragma once

#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace fermata {

/// @brief Where a coordinator's helper (the planner, the stopping watch, the checkpoint
/// writer) does its work.
enum class WorkMode {
  /// On the caller's thread, inside the call that made the work due: what it computes never
  /// depends on timing (synchronous runs, tests).
  kNow,
  /// On a thread of its own: the caller never waits for the work.
  kBackground,
};

/// @brief The one hand-off of work, results and exceptions behind the coordinator's helpers.
///
/// The helper's state is guarded by this mutex. The owner takes lock(), changes its state
/// and calls notify(): `due` (called with the lock held) says whether there is work, and
/// `step` (called with the lock held) does one piece of it, releasing the lock while it
/// computes (with Unlocked) so that the owner can go on. In WorkMode::kNow the due steps run
/// inside notify(), on the owner's thread; in WorkMode::kBackground a thread of the
/// Handoff's own runs them. An exception a step throws is kept and rethrown on the owner's
/// thread by rethrow() (and at once by notify() in kNow mode).
class Handoff {
 public:
  /// Releases a lock for a scope and takes it again when the scope ends, also when an
  /// exception leaves it.
  class Unlocked {
   public:
    explicit Unlocked(std::unique_lock<std::mutex>& lock) : lock_(lock) { lock_.unlock(); }
    ~Unlocked() { lock_.lock(); }
    Unlocked(const Unlocked&) = delete;
    Unlocked& operator=(const Unlocked&) = delete;

   private:
    std::unique_lock<std::mutex>& lock_;
  };

  struct Work {
    std::function<bool()> due;                                ///< lock held
    std::function<void(std::unique_lock<std::mutex>&)> step;  ///< lock held on entry and exit
    /// After a step threw: true stops all further work (the helper's state is no longer
    /// trustworthy, and every rethrow() reports the error); false reports the error once and
    /// goes on (a step must then take its work before it can throw).
    bool stop_on_error = true;
    /// The nice value of the background thread (Linux keeps one per thread).
    int nice = 0;
  };

  explicit Handoff(WorkMode mode) : mode_(mode) {}
  /// Stops as stop() does, without finishing the work due.
  ~Handoff() { stop(); }

  Handoff(const Handoff&) = delete;
  Handoff& operator=(const Handoff&) = delete;

  WorkMode mode() const { return mode_; }
  /// Begins the work (kBackground: starts the thread). Call once, when everything `work`
  /// touches has been built.
  void start(Work work);
  /// Ends the work: waits for the step in progress, and with `finish` for every step due;
  /// then joins the thread. Owners call it first in their destructor, before the state the
  /// steps touch is destroyed. Idempotent.
  void stop(bool finish = false);

  std::unique_lock<std::mutex> lock() const { return std::unique_lock(mutex_); }
  /// The owner changed the state under `lock`: kNow runs the due steps now and rethrows an
  /// error of theirs; kBackground wakes the thread.
  void notify(std::unique_lock<std::mutex>& lock);
  /// Waits under `lock` until `ready` holds, an error is kept, or `timeout` passed; returns
  /// `ready()`. In kNow mode the work is already done, so it does not wait.
  template <class Ready>
  bool wait_for(std::unique_lock<std::mutex>& lock, std::chrono::milliseconds timeout,
                Ready ready) {
    if (mode_ == WorkMode::kBackground) {
      settled_.wait_for(lock, timeout, [&] { return error_ != nullptr || ready(); });
    }
    return ready();
  }
  /// Waits under `lock` until no step is due or running, or an error is kept.
  void wait_idle(std::unique_lock<std::mutex>& lock);
  /// Whether a step runs now (lock held).
  bool busy() const { return busy_; }
  /// Rethrows the error a step threw, if any (lock held). Unless the work stops on errors,
  /// the error is then forgotten.
  void rethrow() const;

 private:
  bool blocked() const { return error_ != nullptr && work_.stop_on_error; }
  /// One step, with the error it throws kept (lock held).
  void run_step(std::unique_lock<std::mutex>& lock);
  void loop();

  const WorkMode mode_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;     ///< the thread waits here for work
  std::condition_variable settled_;  ///< owners wait here for results
  Work work_;
  mutable std::exception_ptr error_;
  bool busy_ = false;
  bool stop_ = false;
  bool finish_ = false;
  std::thread thread_;
};

}  // namespace fermata
