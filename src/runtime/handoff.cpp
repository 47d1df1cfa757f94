#include <fermata/runtime/handoff.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <utility>

namespace fermata {

void Handoff::start(Work work) {
  work_ = std::move(work);
  if (mode_ == WorkMode::kBackground) thread_ = std::thread([this] { loop(); });
}

void Handoff::stop(bool finish) {
  {
    std::lock_guard guard(mutex_);
    stop_ = true;
    finish_ = finish;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Handoff::notify(std::unique_lock<std::mutex>& lock) {
  if (mode_ == WorkMode::kBackground) {
    wake_.notify_one();
    return;
  }
  while (!blocked() && work_.due()) {
    const bool failed_before = error_ != nullptr;
    run_step(lock);
    if (!failed_before && error_ != nullptr) break;
  }
  rethrow();
}

void Handoff::wait_idle(std::unique_lock<std::mutex>& lock) {
  if (mode_ == WorkMode::kBackground) {
    settled_.wait(lock, [&] { return blocked() || (!busy_ && !work_.due()); });
  }
}

void Handoff::rethrow() const {
  if (!error_) return;
  if (work_.stop_on_error) std::rethrow_exception(error_);
  std::rethrow_exception(std::exchange(error_, nullptr));
}

void Handoff::run_step(std::unique_lock<std::mutex>& lock) {
  busy_ = true;
  try {
    work_.step(lock);
  } catch (...) {
    error_ = std::current_exception();
  }
  busy_ = false;
  settled_.notify_all();
}

void Handoff::loop() {
  // Failing to change the nice value changes nothing else.
  if (work_.nice != 0) setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), work_.nice);
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stop_ || (!blocked() && work_.due()); });
    if (stop_ && !(finish_ && !blocked() && work_.due())) return;
    run_step(lock);
  }
}

}  // namespace fermata
