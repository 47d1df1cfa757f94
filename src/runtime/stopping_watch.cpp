#include <fermata/runtime/stopping_watch.hpp>

#include <cmath>
#include <utility>

#include <spdlog/spdlog.h>

#include <fermata/core/fault_injection.hpp>

namespace fermata {
namespace {

double last_of(const StoppingRecord& record, const char* column) {
  const auto it = record.history.find(column);
  return it == record.history.end() || it->second.empty() ? kNaN : it->second.back();
}

}  // namespace

StoppingWatch::StoppingWatch(WorkMode mode, const StoppingSettings& settings,
                             StoppingContext context, const std::vector<const Trial*>& completed,
                             StoppingRecord record)
    : monitor_(settings, context.folds),
      context_(std::move(context)),
      handoff_(mode),
      record_(std::move(record)) {
  for (const Trial* t : completed) {
    trials_.push_back(*t);
    training_seconds_.push_back(kNaN);
  }
  evaluated_ = trials_.size();  // their evaluations are in the record already
  handoff_.start({.due = [this] { return due(); },
                  .step = [this](std::unique_lock<std::mutex>& lock) { evaluate_next(lock); },
                  .stop_on_error = true,
                  .nice = kNice});
}

StoppingWatch::~StoppingWatch() {
  handoff_.stop();
}

void StoppingWatch::completed(const Trial& trial, double training_seconds) {
  auto lock = handoff_.lock();
  trials_.push_back(trial);
  training_seconds_.push_back(training_seconds);
  handoff_.notify(lock);
}

void StoppingWatch::drain() {
  auto lock = handoff_.lock();
  handoff_.wait_idle(lock);
  handoff_.rethrow();
}

StoppingRecord StoppingWatch::record() const {
  auto lock = handoff_.lock();
  handoff_.rethrow();
  return record_;
}

std::pair<double, double> StoppingWatch::latest_bound() const {
  auto lock = handoff_.lock();
  return {last_of(record_, "regret_bound"), last_of(record_, "statistical_error")};
}

void StoppingWatch::evaluate_next(std::unique_lock<std::mutex>& lock) {
  if (fired_.load()) {
    evaluated_ = trials_.size();  // the decision stands; nothing more to evaluate
    return;
  }
  std::size_t n = evaluated_ + 1;
  if (trials_.size() - evaluated_ > kMaxBacklog) {
    n = trials_.size();
    skipped_ += n - evaluated_ - 1;
    spdlog::warn(
        "stopping criteria: {} trials completed faster than the criteria could be evaluated; "
        "evaluating n = {} now ({} prefixes skipped so far)",
        n - evaluated_, n, skipped_);
  }
  // The deque only grows at its end, so the prefix's addresses stay valid unlocked.
  std::vector<const Trial*> prefix;
  prefix.reserve(n);
  for (std::size_t i = 0; i < n; ++i) prefix.push_back(&trials_[i]);
  const double seconds = training_seconds_[n - 1];
  StoppingRecord record = record_;
  bool stop = false;
  {
    const Handoff::Unlocked unlocked(lock);
    inject_fault("stopping");
    stop = monitor_.evaluate(prefix, context_, seconds, record);
  }
  record_ = std::move(record);
  evaluated_ = n;
  if (stop) fired_.store(true);
}

}  // namespace fermata
