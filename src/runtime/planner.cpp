#include <fermata/runtime/planner.hpp>

#include <algorithm>
#include <cmath>
#include <utility>

#include <fermata/core/fault_injection.hpp>
#include <fermata/runtime/threads.hpp>

namespace fermata {

namespace {

/// Suggestions made by a planner depend on timing anyway (synchronous runs bypass it), so
/// its optimizer may use every core this process has and refit off the decision path;
/// allowed before the planner's thread starts.
Optimizer& with_concurrency(Optimizer& optimizer) {
  optimizer.allow_concurrency(available_cores());
  return optimizer;
}

}  // namespace

Planner::Planner(Optimizer& optimizer, std::map<std::int64_t, Config> in_flight, bool look_ahead)
    : optimizer_(with_concurrency(optimizer)),
      in_flight_(std::move(in_flight)),
      last_input_(std::chrono::steady_clock::now()),
      last_batch_end_(last_input_),
      look_ahead_(look_ahead),
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

void Planner::want(int trials, int remaining) {
  {
    std::lock_guard lock(mutex_);
    if (trials == wanted_ && remaining == remaining_) return;
    wanted_ = trials;
    remaining_ = std::max(0, remaining);
    if (!refill_due_locked()) return;
  }
  wake_.notify_one();
}

std::size_t Planner::target_locked() const {
  const int ahead = lookahead_ > 1 ? 2 * lookahead_ : 1;
  const int target = std::max(1, std::min(std::max(wanted_, ahead), kMaxBatch));
  return static_cast<std::size_t>(std::min(target, remaining_));
}

bool Planner::refill_due_locked() const {
  const std::size_t ready = ready_.size();
  if (ready >= target_locked()) return false;  // also: the budget cannot start more
  if (ready < static_cast<std::size_t>(std::max(1, wanted_))) return true;
  // Kept ahead for the look-ahead: refilled to twice the look-ahead once only the look-ahead
  // is left, so that a batch is not made (at its fixed cost: the screen of the pool, the
  // conditioning on the points in flight, the refinement) for each suggestion taken, and so
  // that a planner whose batches are too small for the take rate makes larger ones.
  return lookahead_ > 1 && ready <= static_cast<std::size_t>(lookahead_);
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
    ++taken_since_batch_;
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
    wake_.wait(lock, [&] { return stop_ || !untold_.empty() || refill_due_locked(); });
    if (stop_) return;
    std::vector<Observation> told = std::exchange(untold_, {});
    const int count = refill_due_locked()
                          ? static_cast<int>(target_locked()) - static_cast<int>(ready_.size())
                          : 0;
    std::vector<Config> pending;
    if (count > 0) {
      // Suggestions ready and not yet taken will run too: the new ones must differ from them.
      pending.reserve(in_flight_.size() + ready_.size());
      for (const auto& [trial, config] : in_flight_) pending.push_back(config);
      for (const Config& config : ready_) pending.push_back(config);
    }
    const auto since = last_input_;
    const auto started = std::chrono::steady_clock::now();
    lock.unlock();
    // The optimizer runs unlocked, so that the coordinator can tell, take and checkpoint
    // meanwhile; a result told during an ask reaches the optimizer before the next ask.
    std::vector<Config> next;
    OptimizerState state;
    std::exception_ptr error;
    try {
      inject_fault("planner");
      for (const Observation& o : told) optimizer_.tell(o);
      if (count > 0) next = optimizer_.ask_batch(pending, count);
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
      const auto now = std::chrono::steady_clock::now();
      const double seconds = std::chrono::duration<double>(now - since).count();
      const double period = std::chrono::duration<double>(now - last_batch_end_).count();
      // Takes per second over the last batch period, times the time the next batch will
      // probably take (twice the last one's: batches grow with the look-ahead itself).
      const double rate = period > 0.0 ? static_cast<double>(taken_since_batch_) / period : 0.0;
      const double made_in = std::chrono::duration<double>(now - started).count();
      if (look_ahead_) {
        lookahead_ = static_cast<int>(
            std::clamp(std::ceil(rate * 2.0 * made_in), 1.0, static_cast<double>(kMaxBatch)));
      }
      last_batch_end_ = now;
      taken_since_batch_ = 0;
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
