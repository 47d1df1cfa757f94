#include <fermata/runtime/background_checkpoint.hpp>

#include <chrono>
#include <utility>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/core/fault_injection.hpp>

namespace fermata {

BackgroundCheckpoint::BackgroundCheckpoint(std::string path)
    : path_(std::move(path)), handoff_(WorkMode::kBackground) {
  handoff_.start({.due = [this] { return queued_.has_value(); },
                  .step = [this](std::unique_lock<std::mutex>& lock) { write_queued(lock); },
                  .stop_on_error = false});
}

BackgroundCheckpoint::~BackgroundCheckpoint() {
  handoff_.stop(/*finish=*/true);
}

bool BackgroundCheckpoint::idle() const {
  auto lock = handoff_.lock();
  handoff_.rethrow();
  return !handoff_.busy() && !queued_;
}

void BackgroundCheckpoint::write(Study snapshot) {
  auto lock = handoff_.lock();
  queued_ = std::move(snapshot);
  handoff_.notify(lock);
}

void BackgroundCheckpoint::flush() {
  auto lock = handoff_.lock();
  handoff_.wait_idle(lock);
  handoff_.rethrow();
}

long BackgroundCheckpoint::writes() const {
  auto lock = handoff_.lock();
  return writes_;
}

double BackgroundCheckpoint::last_write_seconds() const {
  auto lock = handoff_.lock();
  return last_write_seconds_;
}

void BackgroundCheckpoint::write_queued(std::unique_lock<std::mutex>& lock) {
  // Taken before anything can throw, so that a failed write is not retried.
  Study study = std::move(*queued_);
  queued_.reset();
  const auto start = std::chrono::steady_clock::now();
  {
    const Handoff::Unlocked unlocked(lock);
    inject_fault("checkpoint");
    write_checkpoint(study, path_);
  }
  last_write_seconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ++writes_;
}

}  // namespace fermata
