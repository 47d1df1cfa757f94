#include <fermata/runtime/background_checkpoint.hpp>

#include <chrono>
#include <utility>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/core/fault_injection.hpp>

namespace fermata {

BackgroundCheckpoint::BackgroundCheckpoint(std::string path)
    : path_(std::move(path)), thread_([this] { loop(); }) {}

BackgroundCheckpoint::~BackgroundCheckpoint() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void BackgroundCheckpoint::rethrow_locked() const {
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

bool BackgroundCheckpoint::idle() const {
  std::lock_guard lock(mutex_);
  rethrow_locked();
  return !writing_ && !queued_;
}

void BackgroundCheckpoint::write(Study snapshot) {
  {
    std::lock_guard lock(mutex_);
    queued_ = std::move(snapshot);
  }
  wake_.notify_one();
}

void BackgroundCheckpoint::flush() {
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return !writing_ && !queued_; });
  rethrow_locked();
}

long BackgroundCheckpoint::writes() const {
  std::lock_guard lock(mutex_);
  return writes_;
}

double BackgroundCheckpoint::last_write_seconds() const {
  std::lock_guard lock(mutex_);
  return last_write_seconds_;
}

void BackgroundCheckpoint::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stop_ || queued_.has_value(); });
    if (!queued_) return;  // stopping with nothing left to write
    Study study = std::move(*queued_);
    queued_.reset();
    writing_ = true;
    lock.unlock();
    std::exception_ptr error;
    const auto start = std::chrono::steady_clock::now();
    try {
      inject_fault("checkpoint");
      write_checkpoint(study, path_);
    } catch (...) {
      error = std::current_exception();
    }
    const auto end = std::chrono::steady_clock::now();
    lock.lock();
    last_write_seconds_ = std::chrono::duration<double>(end - start).count();
    writing_ = false;
    if (error) {
      error_ = error;
    } else {
      ++writes_;
    }
    done_.notify_all();
  }
}

}  // namespace fermata
