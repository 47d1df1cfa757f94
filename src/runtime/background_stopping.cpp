#include <fermata/runtime/background_stopping.hpp>

#include <sys/resource.h>
#include <unistd.h>

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

BackgroundStopping::BackgroundStopping(const StoppingSettings& settings, StoppingContext context,
                                       const std::vector<const Trial*>& completed,
                                       StoppingRecord record)
    : monitor_(settings, context.folds), context_(std::move(context)), record_(std::move(record)) {
  for (const Trial* t : completed) {
    trials_.push_back(*t);
    training_seconds_.push_back(kNaN);
  }
  evaluated_ = trials_.size();  // their evaluations are in the record already
  thread_ = std::thread([this] { loop(); });
}

BackgroundStopping::~BackgroundStopping() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void BackgroundStopping::completed(const Trial& trial, double training_seconds) {
  {
    std::lock_guard lock(mutex_);
    trials_.push_back(trial);
    training_seconds_.push_back(training_seconds);
  }
  wake_.notify_one();
}

void BackgroundStopping::drain() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] {
    return error_ != nullptr || fired_.load() || (!busy_ && evaluated_ == trials_.size());
  });
  if (error_) std::rethrow_exception(error_);
}

StoppingRecord BackgroundStopping::record() const {
  std::lock_guard lock(mutex_);
  if (error_) std::rethrow_exception(error_);
  return record_;
}

std::pair<double, double> BackgroundStopping::latest_bound() const {
  std::lock_guard lock(mutex_);
  return {last_of(record_, "regret_bound"), last_of(record_, "statistical_error")};
}

void BackgroundStopping::loop() {
  // Below the loop and the planner in priority (Linux keeps a nice value per thread): when
  // the coordinator's cores are busy, a worker waiting for a suggestion matters more than a
  // criterion that is a few trials late. Failing to lower it changes nothing else.
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kNice);
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stop_ || evaluated_ < trials_.size(); });
    if (stop_) return;
    if (fired_.load()) {
      evaluated_ = trials_.size();  // the decision stands; nothing more to evaluate
      idle_.notify_all();
      continue;
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
    busy_ = true;
    lock.unlock();
    std::exception_ptr error;
    bool stop = false;
    try {
      inject_fault("stopping");
      stop = monitor_.evaluate(prefix, context_, seconds, record);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    busy_ = false;
    if (error) {
      error_ = error;
      idle_.notify_all();
      return;
    }
    record_ = std::move(record);
    evaluated_ = prefix.size();
    if (stop) fired_.store(true);
    idle_.notify_all();
  }
}

}  // namespace fermata
