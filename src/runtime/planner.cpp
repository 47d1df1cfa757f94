#include <fermata/runtime/planner.hpp>

#include <algorithm>
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

void Planner::want(int trials) {
  {
    std::lock_guard lock(mutex_);
    if (trials == wanted_) return;
    wanted_ = trials;
    if (ready_.size() >= target_locked()) return;
  }
  wake_.notify_one();
}

std::size_t Planner::target_locked() const {
  return static_cast<std::size_t>(std::max(1, std::min(wanted_, kMaxBatch)));
}

std::optional<Config> Planner::take(std::int64_t trial) {
  std::optional<Config> out;
  {
    std::lock_guard lock(mutex_);
    rethrow_locked();
    if (ready_.empty()) return std::nullopt;
    out = std::move(ready_.front());
    ready_.pop_front();
    in_flight_.emplace(trial, *out);
    last_input_ = std::chrono::steady_clock::now();
  }
  wake_.notify_one();
  return out;
}

bool Planner::wait_ready(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  ready_cv_.wait_for(lock, timeout, [&] { return !ready_.empty() || error_ != nullptr; });
  rethrow_locked();
  return !ready_.empty();
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
    wake_.wait(lock, [&] { return stop_ || !untold_.empty() || ready_.size() < target_locked(); });
    if (stop_) return;
    std::vector<Observation> told = std::exchange(untold_, {});
    const int count = static_cast<int>(target_locked()) - static_cast<int>(ready_.size());
    std::vector<Config> pending;
    if (count > 0) {
      // Suggestions ready and not yet taken will run too: the new ones must differ from them.
      pending.reserve(in_flight_.size() + ready_.size());
      for (const auto& [trial, config] : in_flight_) pending.push_back(config);
      for (const Config& config : ready_) pending.push_back(config);
    }
    const auto since = last_input_;
    lock.unlock();
    // The optimizer runs unlocked, so that the coordinator can tell, take and checkpoint
    // meanwhile; a result told during an ask reaches the optimizer before the next ask.
    std::vector<Config> next;
    OptimizerState state;
    std::exception_ptr error;
    try {
      inject_fault("planner");
      for (const Observation& o : told) optimizer_.tell(o);
      if (count == 1) next.push_back(optimizer_.ask(pending));
      if (count > 1) next = optimizer_.ask_batch(pending, count);
      state = optimizer_.state();
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    if (error) {
      error_ = error;
      ready_cv_.notify_all();
      return;
    }
    state_ = std::move(state);
    if (!next.empty()) {
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
      stats_.suggestions += static_cast<std::int64_t>(next.size());
      stats_.batches += 1;
      // Every suggestion of a batch waited for the whole batch.
      stats_.decision_seconds.insert(stats_.decision_seconds.end(), next.size(), seconds);
      for (Config& config : next) ready_.push_back(std::move(config));
      ready_cv_.notify_all();
    }
  }
}

}  // namespace fermata
