#include <fermata/runtime/planner.hpp>

#include <algorithm>
#include <cmath>
#include <utility>

#include <fermata/core/fault_injection.hpp>
#include <fermata/runtime/threads.hpp>

namespace fermata {

namespace {

/// Suggestions made in the background depend on timing anyway, so its optimizer may use
/// every core this process has and refit off the decision path; allowed before the
/// planner's thread starts. Suggestions made now must not depend on timing.
Optimizer& with_concurrency(Optimizer& optimizer, WorkMode mode) {
  if (mode == WorkMode::kBackground) optimizer.allow_concurrency(available_cores());
  return optimizer;
}

double seconds_between(std::chrono::steady_clock::time_point from,
                       std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace

Planner::Planner(Optimizer& optimizer, std::map<std::int64_t, Config> in_flight,
                 PlannerOptions options)
    : optimizer_(with_concurrency(optimizer, options.mode)),
      handoff_(options.mode),
      observed_(std::move(options.observed)),
      in_flight_(std::move(in_flight)),
      last_input_(std::chrono::steady_clock::now()),
      last_batch_end_(last_input_),
      look_ahead_(options.look_ahead && options.mode == WorkMode::kBackground),
      rebuild_(!observed_.empty() || !in_flight_.empty()),
      state_(optimizer.state()) {
  handoff_.start({.due = [this] { return !untold_.empty() || refill_due_locked(); },
                  .step = [this](std::unique_lock<std::mutex>& lock) { plan(lock); },
                  .stop_on_error = true});
}

Planner::~Planner() {
  handoff_.stop();
}

void Planner::tell(std::int64_t trial, Observation observation) {
  auto lock = handoff_.lock();
  in_flight_.erase(trial);
  untold_.push_back(std::move(observation));
  last_input_ = std::chrono::steady_clock::now();
  handoff_.notify(lock);
}

void Planner::forget(std::int64_t trial) {
  auto lock = handoff_.lock();
  in_flight_.erase(trial);
}

void Planner::want(int trials, int remaining) {
  auto lock = handoff_.lock();
  if (trials == wanted_ && remaining == remaining_) return;
  wanted_ = trials;
  remaining_ = std::max(0, remaining);
  if (refill_due_locked()) handoff_.notify(lock);
}

std::size_t Planner::target_locked() const {
  const int ahead = lookahead_ > 1 ? 2 * lookahead_ : 1;
  const int target = std::max(1, std::min(std::max(wanted_, ahead), kMaxBatch));
  return static_cast<std::size_t>(std::min(target, remaining_));
}

bool Planner::refill_due_locked() const {
  const std::size_t ready = ready_.size();
  if (ready >= target_locked()) return false;  // also: the budget cannot start more
  if (now()) return demand_;
  if (ready < static_cast<std::size_t>(std::max(1, wanted_))) return true;
  // Kept ahead for the look-ahead: refilled to twice the look-ahead once only the look-ahead
  // is left, so that a batch is not made (at its fixed cost: the screen of the pool, the
  // conditioning on the points in flight, the refinement) for each suggestion taken, and so
  // that a planner whose batches are too small for the take rate makes larger ones.
  return lookahead_ > 1 && ready <= static_cast<std::size_t>(lookahead_);
}

std::optional<Config> Planner::take(std::int64_t trial) {
  auto lock = handoff_.lock();
  handoff_.rethrow();
  if (ready_.empty() && now()) {
    demand_ = true;
    handoff_.notify(lock);
  }
  if (ready_.empty()) return std::nullopt;
  std::optional<Config> out = std::move(ready_.front());
  ready_.pop_front();
  in_flight_.emplace(trial, *out);
  ++taken_since_batch_;
  last_input_ = std::chrono::steady_clock::now();
  handoff_.notify(lock);
  return out;
}

bool Planner::wait_ready(std::chrono::milliseconds timeout) {
  auto lock = handoff_.lock();
  const bool ready = handoff_.wait_for(lock, timeout, [&] { return !ready_.empty(); });
  handoff_.rethrow();
  return ready || now();  // kNow: take() makes one
}

OptimizerState Planner::state() const {
  auto lock = handoff_.lock();
  return state_;
}

PlannerStats Planner::stats() const {
  auto lock = handoff_.lock();
  return stats_;
}

void Planner::plan(std::unique_lock<std::mutex>& lock) {
  std::vector<Observation> told = std::exchange(untold_, {});
  const int count =
      refill_due_locked() ? static_cast<int>(target_locked()) - static_cast<int>(ready_.size()) : 0;
  demand_ = false;
  std::vector<Config> pending;
  if (count > 0) {
    // Suggestions ready and not yet taken will run too: the new ones must differ from them.
    pending.reserve(in_flight_.size() + ready_.size());
    for (const auto& [trial, config] : in_flight_) pending.push_back(config);
    for (const Config& config : ready_) pending.push_back(config);
  }
  if (now()) observed_.insert(observed_.end(), told.begin(), told.end());
  const auto since = last_input_;
  const auto started = std::chrono::steady_clock::now();
  std::vector<Config> next;
  OptimizerState state;
  {
    // The optimizer runs unlocked, so that the coordinator can tell, take and checkpoint
    // meanwhile; a result told during an ask reaches the optimizer before the next ask.
    const Handoff::Unlocked unlocked(lock);
    inject_fault("planner");
    for (const Observation& o : told) optimizer_.tell(o);
    if (count > 0 && now()) {
      // Rebuilt as a resumed run rebuilds it (from the state after the last tell), and asked
      // one at a time, so that the suggestions never depend on an interruption.
      if (rebuild_) optimizer_.restore(optimizer_.state(), observed_);
      rebuild_ = true;
      for (int i = 0; i < count; ++i) {
        next.push_back(optimizer_.ask(pending));
        pending.push_back(next.back());
      }
    } else if (count > 0) {
      next = optimizer_.ask_batch(pending, count);
    }
    state = optimizer_.state();
  }
  state_ = std::move(state);
  if (next.empty()) return;
  account_batch(next.size(), since, started);
  for (Config& config : next) ready_.push_back(std::move(config));
}

void Planner::account_batch(std::size_t made, std::chrono::steady_clock::time_point since,
                            std::chrono::steady_clock::time_point started) {
  const auto end = std::chrono::steady_clock::now();
  const double waited = seconds_between(since, end);
  const double made_in = seconds_between(started, end);
  const double period = seconds_between(last_batch_end_, end);
  // Takes per second over the last batch period, times the time the next batch will
  // probably take (twice the last one's: batches grow with the look-ahead itself).
  const double rate = period > 0.0 ? static_cast<double>(taken_since_batch_) / period : 0.0;
  if (look_ahead_) {
    lookahead_ = static_cast<int>(
        std::clamp(std::ceil(rate * 2.0 * made_in), 1.0, static_cast<double>(kMaxBatch)));
  }
  last_batch_end_ = end;
  taken_since_batch_ = 0;
  stats_.suggestions += static_cast<std::int64_t>(made);
  stats_.batches += 1;
  // Every suggestion of a batch waited for the whole batch.
  stats_.decision_seconds.insert(stats_.decision_seconds.end(), made, waited);
}

}  // namespace fermata
