#pragma once

#include <atomic>
#include <chrono>
#include <cmath>
#include <random>
#include <stdexcept>
#include <thread>

#include <fermata/objectives/objective.hpp>

namespace fermata::testing {

/// A cheap deterministic objective: (x - 0.3)^2 + 0.01·fold; throws for trials in `bad`.
class FakeObjective : public Objective {
 public:
  explicit FakeObjective(int folds, std::int64_t failing_trial = -1)
      : folds_(folds), failing_trial_(failing_trial) {}
  double evaluate(const Config& config, std::int64_t trial, int fold) override {
    ++calls;
    if (jitter_ms > 0) {
      thread_local std::mt19937 rng(std::random_device{}());
      std::this_thread::sleep_for(std::chrono::milliseconds(rng() % (jitter_ms + 1)));
    }
    if (trial == failing_trial_) throw std::runtime_error("deliberate failure");
    return std::pow(config.at(0) - 0.3, 2) + 0.01 * fold;
  }
  /// The noise-free (x - 0.3)^2, so a test can tell it from any fold's value.
  double test_error(const Config& config, std::int64_t /*trial*/) override {
    ++test_calls;
    return std::pow(config.at(0) - 0.3, 2);
  }
  int folds() const override { return folds_; }
  std::atomic<int> calls{0};
  std::atomic<int> test_calls{0};
  int jitter_ms = 0;  ///< sleep a random 0..jitter_ms per fold, so results arrive out of order

 private:
  int folds_;
  std::int64_t failing_trial_;
};

}  // namespace fermata::testing
