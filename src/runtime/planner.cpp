#include <fermata/runtime/planner.hpp>

#include <utility>

#include <fermata/core/fault_injection.hpp>

namespace fermata {

Planner::Planner(Optimizer& optimizer, std::map<std::int64_t, Config> in_flight)
    : optimizer_(optimizer),
      in_flight_(std::move(in_flight)),
      last_input_(std::chrono::steady_clock::now()),
      state_(optimizer.state()),
      thread_([this] { loop(); }) {}

Planner::~Planner() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Planner::tell(std::int64_t trial, Observation observation) {
  {
    std::lock_guard lock(mutex_);
    in_flight_.erase(trial);
    untold_.push_back(std::move(observation));
    last_input_ = std::chrono::steady_clock::now();
  }
  wake_.notify_one();
}

void Planner::forget(std::int64_t trial) {
  std::lock_guard lock(mutex_);
  in_flight_.erase(trial);
}

void Planner::rethrow_locked() const {
  if (error_) std::rethrow_exception(error_);
}

std::optional<Config> Planner::take(std::int64_t trial) {
  std::optional<Config> out;
  {
    std::lock_guard lock(mutex_);
    rethrow_locked();
    if (!suggestion_) return std::nullopt;
    out = std::exchange(suggestion_, std::nullopt);
    in_flight_.emplace(trial, *out);
    last_input_ = std::chrono::steady_clock::now();
  }
  wake_.notify_one();
  return out;
}

bool Planner::wait_ready(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  ready_.wait_for(lock, timeout, [&] { return suggestion_.has_value() || error_ != nullptr; });
  rethrow_locked();
  return suggestion_.has_value();
}

OptimizerState Planner::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

PlannerStats Planner::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void Planner::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stop_ || !untold_.empty() || !suggestion_; });
    if (stop_) return;
    std::vector<Observation> told = std::exchange(untold_, {});
    const bool ask = !suggestion_;
    std::vector<Config> pending;
    if (ask) {
      pending.reserve(in_flight_.size());
      for (const auto& [trial, config] : in_flight_) pending.push_back(config);
    }
    const auto since = last_input_;
    lock.unlock();
    // The optimizer runs unlocked, so that the coordinator can tell, take and checkpoint
    // meanwhile; a result told during an ask reaches the optimizer before the next ask.
    std::optional<Config> next;
    OptimizerState state;
    std::exception_ptr error;
    try {
      inject_fault("planner");
      for (const Observation& o : told) optimizer_.tell(o);
      if (ask) next = optimizer_.ask(pending);
      state = optimizer_.state();
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    if (error) {
      error_ = error;
      ready_.notify_all();
      return;
    }
    state_ = std::move(state);
    if (next) {
      suggestion_ = std::move(next);
      stats_.suggestions += 1;
      stats_.decision_seconds.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count());
      ready_.notify_all();
    }
  }
}

}  // namespace fermata
