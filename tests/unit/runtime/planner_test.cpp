#include <fermata/runtime/planner.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace fermata {
namespace {

// Only bounds a hang if the planner is broken; every wait below is satisfied long before.
constexpr std::chrono::milliseconds kNoHang{60000};
// Without the look-ahead, which follows the take rate, the asks depend on the test's calls
// alone.
const PlannerOptions kNoLookAhead{.look_ahead = false};

/// What the optimizer had been given when it was asked.
struct AskRecord {
  std::size_t observations = 0;  ///< observations told before this ask
  std::vector<Config> pending;
};

/// An optimizer that suggests {1}, {2}, {3}, ... and records every call. The planner calls it
/// on its own thread while the test reads it, hence the mutex. hold() keeps asks from
/// finishing, so that a test can act while an ask is certainly in progress.
class RecordingOptimizer : public Optimizer {
 public:
  /// `fail_on_ask`: the ask (1-based) that throws instead of suggesting; 0 for none.
  explicit RecordingOptimizer(int fail_on_ask = 0) : fail_on_ask_(fail_on_ask) {}

  Config ask(const std::vector<Config>& pending) override {
    std::unique_lock lock(mutex_);
    ++started_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return !held_; });
    const int n = static_cast<int>(asks_.size()) + 1;
    if (n == fail_on_ask_) throw std::runtime_error("acquisition search diverged");
    asks_.push_back({observed_.size(), pending});
    return {static_cast<double>(n)};
  }
  /// Records the batch as one call, then suggests its configurations as asks would.
  std::vector<Config> ask_batch(const std::vector<Config>& pending, int count) override {
    {
      std::lock_guard lock(mutex_);
      batches_.push_back({observed_.size(), pending});
      batch_sizes_.push_back(count);
    }
    return Optimizer::ask_batch(pending, count);
  }
  void tell(const Observation& observation) override {
    std::lock_guard lock(mutex_);
    observed_.push_back(observation);
  }
  OptimizerState state() const override {
    std::lock_guard lock(mutex_);
    OptimizerState s;
    s.kind = "recording";
    s.scalars["asks"] = static_cast<double>(asks_.size());
    return s;
  }
  /// Records how many observations each restore rebuilt from.
  void restore(const OptimizerState&, const std::vector<Observation>& observed) override {
    std::lock_guard lock(mutex_);
    restores_.push_back(observed.size());
  }
  void allow_concurrency(int threads) override {
    std::lock_guard lock(mutex_);
    concurrency_ = threads;
  }

  std::vector<std::size_t> restores() const {
    std::lock_guard lock(mutex_);
    return restores_;
  }
  /// The threads allowed by allow_concurrency; 0 if it was never called.
  int concurrency() const {
    std::lock_guard lock(mutex_);
    return concurrency_;
  }

  std::vector<AskRecord> asks() const {
    std::lock_guard lock(mutex_);
    return asks_;
  }
  std::vector<Observation> observed() const {
    std::lock_guard lock(mutex_);
    return observed_;
  }
  std::vector<AskRecord> batches() const {
    std::lock_guard lock(mutex_);
    return batches_;
  }
  std::vector<int> batch_sizes() const {
    std::lock_guard lock(mutex_);
    return batch_sizes_;
  }

  /// Asks started from now on wait for release().
  void hold() {
    std::lock_guard lock(mutex_);
    held_ = true;
  }
  void release() {
    {
      std::lock_guard lock(mutex_);
      held_ = false;
    }
    changed_.notify_all();
  }
  /// Blocks until the `n`-th ask has started.
  void wait_asking(int n) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return started_ >= n; });
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool held_ = false;
  int started_ = 0;
  int fail_on_ask_;
  std::vector<AskRecord> asks_;
  std::vector<AskRecord> batches_;
  std::vector<int> batch_sizes_;
  std::vector<Observation> observed_;
  std::vector<std::size_t> restores_;
  int concurrency_ = 0;
};

/// Releases held asks when a test ends, early or not, so that the planner's thread can stop.
struct ReleaseAtExit {
  RecordingOptimizer& optimizer;
  ~ReleaseAtExit() { optimizer.release(); }
};

/// Waits for the ready suggestion and takes it as `trial`.
Config take_ready(Planner& planner, std::int64_t trial) {
  EXPECT_TRUE(planner.wait_ready(kNoHang));
  const std::optional<Config> config = planner.take(trial);
  EXPECT_TRUE(config.has_value());
  return config.value_or(Config{});
}

TEST(Planner, KeepsExactlyOneSuggestionReadyBeforeAnyoneAsks) {
  RecordingOptimizer optimizer;
  Planner planner(optimizer, {}, kNoLookAhead);
  ASSERT_TRUE(planner.wait_ready(kNoHang));
  EXPECT_EQ(planner.stats().suggestions, 1);
  EXPECT_EQ(planner.stats().decision_seconds.size(), 1u);
  EXPECT_EQ(optimizer.asks().size(), 1u);
  // A second wait finds the same suggestion without another ask.
  ASSERT_TRUE(planner.wait_ready(kNoHang));
  EXPECT_EQ(optimizer.asks().size(), 1u);
}

TEST(Planner, EachTakeGetsTheNextSuggestionAndTriggersExactlyOneMoreAsk) {
  RecordingOptimizer optimizer;
  Planner planner(optimizer, {}, kNoLookAhead);
  for (int trial = 1; trial <= 4; ++trial) {
    // Had the planner asked again before a take, a suggestion would have been skipped.
    EXPECT_EQ(take_ready(planner, trial), Config{static_cast<double>(trial)});
  }
  ASSERT_TRUE(planner.wait_ready(kNoHang));
  EXPECT_EQ(optimizer.asks().size(), 5u);
  EXPECT_EQ(planner.stats().suggestions, 5);
  EXPECT_EQ(planner.stats().decision_seconds.size(), 5u);
}

TEST(Planner, WantingSeveralTrialsAsksForTheMissingOnesInOneBatchDistinctFromTheReadyOne) {
  RecordingOptimizer optimizer;
  Planner planner(optimizer, {}, kNoLookAhead);
  EXPECT_EQ(take_ready(planner, 0), Config{1.0});
  ASSERT_TRUE(planner.wait_ready(kNoHang));  // {2} is ready
  ReleaseAtExit release{optimizer};
  optimizer.hold();
  const std::size_t before = optimizer.batches().size();  // the two single suggestions
  planner.want(4);
  optimizer.wait_asking(3);  // the batch has begun, before anything else is taken
  optimizer.release();
  std::vector<Config> taken;
  for (int trial = 1; trial <= 4; ++trial) taken.push_back(take_ready(planner, trial));
  EXPECT_EQ(taken, (std::vector<Config>{{2.0}, {3.0}, {4.0}, {5.0}}));
  // Later refills (the coordinator still wants 4) may add batches; the first is the one.
  const auto batches = optimizer.batches();
  ASSERT_GE(batches.size(), before + 1);
  EXPECT_EQ(optimizer.batch_sizes()[before], 3);
  // Pending: trial 0 in flight and the ready {2}, which will run too.
  EXPECT_EQ(batches[before].pending, (std::vector<Config>{{1.0}, {2.0}}));
}

/// Suggests {1}, {2}, ... after `delay` per ask_batch call, recording each call's count.
class SlowOptimizer : public Optimizer {
 public:
  explicit SlowOptimizer(std::chrono::milliseconds delay) : delay_(delay) {}
  Config ask(const std::vector<Config>&) override { return {static_cast<double>(++asks_)}; }
  std::vector<Config> ask_batch(const std::vector<Config>& pending, int count) override {
    std::this_thread::sleep_for(delay_);
    {
      std::lock_guard lock(mutex_);
      counts_.push_back(count);
    }
    return Optimizer::ask_batch(pending, count);
  }
  void tell(const Observation&) override {}
  OptimizerState state() const override { return {}; }
  void restore(const OptimizerState&, const std::vector<Observation>&) override {}
  std::vector<int> counts() const {
    std::lock_guard lock(mutex_);
    return counts_;
  }

 private:
  std::chrono::milliseconds delay_;
  int asks_ = 0;  // planner thread only
  mutable std::mutex mutex_;
  std::vector<int> counts_;
};

TEST(Planner, KeepsReadyWhatIsTakenWhileABatchIsMadeSoBatchesGrowPastOne) {
  // A batch takes 20 ms whatever its size, and a suggestion is taken every 5 ms: a planner
  // that made only what the taker wants (one) would make one per take, and the taker would
  // wait 15 ms for each. With the look-ahead it keeps the take rate times the batch time
  // ready, so it makes several per batch and far fewer batches than takes.
  SlowOptimizer optimizer(std::chrono::milliseconds(20));
  Planner planner(optimizer, {});
  constexpr int kTakes = 40;
  for (int trial = 1; trial <= kTakes; ++trial) {
    take_ready(planner, trial);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const std::vector<int> counts = optimizer.counts();
  EXPECT_GT(*std::max_element(counts.begin(), counts.end()), 1);
  EXPECT_LT(counts.size(), static_cast<std::size_t>(kTakes / 2));
}

TEST(Planner, KeepsNoMoreReadyThanTheBudgetCanStillStart) {
  // The same fast taker and slow batches as above, but the budget has room for 3 more
  // trials after each take: the look-ahead alone would keep more ready.
  SlowOptimizer optimizer(std::chrono::milliseconds(20));
  Planner planner(optimizer, {});
  constexpr int kBudget = 12;
  planner.want(1, kBudget);
  for (int trial = 1; trial <= kBudget; ++trial) {
    take_ready(planner, trial);
    planner.want(1, kBudget - trial);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // a refill would happen here
  const std::vector<int> counts = optimizer.counts();
  int made = 0;
  for (int count : counts) made += count;
  // The first suggestion is made before the budget is known; every later one is taken.
  EXPECT_LE(made, kBudget + 1);
}

TEST(Planner, TakeReturnsNothingWhileTheOptimizerIsStillAsking) {
  RecordingOptimizer optimizer;
  optimizer.hold();
  Planner planner(optimizer, {}, kNoLookAhead);
  const ReleaseAtExit release{optimizer};
  optimizer.wait_asking(1);
  EXPECT_FALSE(planner.wait_ready(std::chrono::milliseconds(0)));
  EXPECT_EQ(planner.take(1), std::nullopt);
  optimizer.release();
  // Nothing was taken, so the suggestion is the first ask's.
  EXPECT_EQ(take_ready(planner, 1), Config{1.0});
}

TEST(Planner, AResultToldDuringAnAskReachesTheOptimizerBeforeTheNextAsk) {
  RecordingOptimizer optimizer;
  const Config resumed = {0.5};
  optimizer.hold();
  Planner planner(optimizer, {{4, resumed}}, kNoLookAhead);
  const ReleaseAtExit release{optimizer};
  optimizer.wait_asking(1);
  planner.tell(4, {resumed, 0.125});
  optimizer.release();
  take_ready(planner, 5);
  ASSERT_TRUE(planner.wait_ready(kNoHang));

  const std::vector<AskRecord> asks = optimizer.asks();
  ASSERT_EQ(asks.size(), 2u);
  EXPECT_EQ(asks[0].observations, 0u);
  EXPECT_EQ(asks[0].pending, (std::vector<Config>{resumed}));
  EXPECT_EQ(asks[1].observations, 1u);
  EXPECT_EQ(asks[1].pending, (std::vector<Config>{Config{1.0}}));
}

TEST(Planner, AResultToldBeforeATakeReachesTheOptimizerBeforeTheAskThatFollows) {
  RecordingOptimizer optimizer;
  Planner planner(optimizer, {}, kNoLookAhead);
  const Config first = take_ready(planner, 1);
  take_ready(planner, 2);
  ASSERT_TRUE(planner.wait_ready(kNoHang));  // the third ask ran before trial 1's result existed
  planner.tell(1, {first, 0.25});
  take_ready(planner, 3);
  ASSERT_TRUE(planner.wait_ready(kNoHang));

  const std::vector<AskRecord> asks = optimizer.asks();
  ASSERT_EQ(asks.size(), 4u);
  EXPECT_EQ(asks[0].observations, 0u);
  EXPECT_EQ(asks[1].observations, 0u);
  EXPECT_EQ(asks[2].observations, 0u);
  EXPECT_EQ(asks[3].observations, 1u);
  const std::vector<Observation> observed = optimizer.observed();
  ASSERT_EQ(observed.size(), 1u);
  EXPECT_EQ(observed[0].config, first);
  EXPECT_EQ(observed[0].value, 0.25);
}

TEST(Planner, ConfigurationsTakenAndNotYetToldArePendingInTheNextAsk) {
  RecordingOptimizer optimizer;
  Planner planner(optimizer, {}, kNoLookAhead);
  const Config c1 = take_ready(planner, 1);
  const Config c2 = take_ready(planner, 2);
  ASSERT_TRUE(planner.wait_ready(kNoHang));
  planner.tell(1, {c1, 0.5});
  const Config c3 = take_ready(planner, 3);
  ASSERT_TRUE(planner.wait_ready(kNoHang));

  const std::vector<AskRecord> asks = optimizer.asks();
  ASSERT_EQ(asks.size(), 4u);
  EXPECT_TRUE(asks[0].pending.empty());
  EXPECT_EQ(asks[1].pending, (std::vector<Config>{c1}));
  EXPECT_EQ(asks[2].pending, (std::vector<Config>{c1, c2}));
  EXPECT_EQ(asks[3].pending, (std::vector<Config>{c2, c3}));  // trial 1 was told
}

TEST(Planner, AForgottenTrialIsNoLongerPendingAndTeachesTheOptimizerNothing) {
  RecordingOptimizer optimizer;
  Planner planner(optimizer, {}, kNoLookAhead);
  take_ready(planner, 1);
  const Config c2 = take_ready(planner, 2);
  ASSERT_TRUE(planner.wait_ready(kNoHang));
  planner.forget(1);
  const Config c3 = take_ready(planner, 3);
  ASSERT_TRUE(planner.wait_ready(kNoHang));

  const std::vector<AskRecord> asks = optimizer.asks();
  ASSERT_EQ(asks.size(), 4u);
  EXPECT_EQ(asks[3].pending, (std::vector<Config>{c2, c3}));
  EXPECT_EQ(asks[3].observations, 0u);
  EXPECT_TRUE(optimizer.observed().empty());
}

TEST(Planner, TrialsInFlightFromAResumedStudyArePendingUntilToldOrForgotten) {
  RecordingOptimizer optimizer;
  const Config resumed7 = {0.7};
  const Config resumed9 = {0.9};
  Planner planner(optimizer, {{7, resumed7}, {9, resumed9}}, kNoLookAhead);
  const Config c1 = take_ready(planner, 10);
  ASSERT_TRUE(planner.wait_ready(kNoHang));
  planner.tell(7, {resumed7, 1.0});
  planner.forget(9);
  const Config c2 = take_ready(planner, 11);
  ASSERT_TRUE(planner.wait_ready(kNoHang));

  const std::vector<AskRecord> asks = optimizer.asks();
  ASSERT_EQ(asks.size(), 3u);
  EXPECT_EQ(asks[0].pending, (std::vector<Config>{resumed7, resumed9}));
  EXPECT_EQ(asks[1].pending, (std::vector<Config>{resumed7, resumed9, c1}));
  EXPECT_EQ(asks[2].pending, (std::vector<Config>{c1, c2}));
  EXPECT_EQ(asks[2].observations, 1u);
}

TEST(Planner, AnExceptionOfTheOptimizerIsRethrownOnTheCallersThread) {
  RecordingOptimizer optimizer(2);
  Planner planner(optimizer, {}, kNoLookAhead);
  take_ready(planner, 1);
  try {
    planner.wait_ready(kNoHang);
    FAIL() << "wait_ready did not rethrow the optimizer's exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "acquisition search diverged");
  }
  // The error stays: every later call reports it rather than waiting for a suggestion.
  EXPECT_THROW(planner.take(2), std::runtime_error);
  EXPECT_THROW(planner.wait_ready(kNoHang), std::runtime_error);
}

TEST(Planner, StateIsTheOptimizersStateAfterItsLatestAsk) {
  RecordingOptimizer optimizer;
  Planner planner(optimizer, {}, kNoLookAhead);
  ASSERT_TRUE(planner.wait_ready(kNoHang));
  EXPECT_EQ(planner.state().kind, "recording");
  EXPECT_EQ(planner.state().scalars.at("asks"), 1.0);
  take_ready(planner, 1);
  take_ready(planner, 2);
  ASSERT_TRUE(planner.wait_ready(kNoHang));
  EXPECT_EQ(planner.state().scalars.at("asks"), 3.0);
}

// WorkMode::kNow: what a synchronous run uses.
const PlannerOptions kNow{.mode = WorkMode::kNow};

TEST(Planner, NowAsksNothingUntilATakeAndThenTheWantedBatchOneConfigurationAtATime) {
  RecordingOptimizer optimizer;
  Planner planner(optimizer, {}, kNow);
  planner.want(3, 10);
  EXPECT_TRUE(optimizer.asks().empty());
  EXPECT_EQ(planner.take(1), Config{1.0});
  // All three asked within that take, on this thread, each conditioned on the ones before.
  const std::vector<AskRecord> asks = optimizer.asks();
  ASSERT_EQ(asks.size(), 3u);
  EXPECT_TRUE(optimizer.batches().empty());
  EXPECT_TRUE(asks[0].pending.empty());
  EXPECT_EQ(asks[1].pending, (std::vector<Config>{{1.0}}));
  EXPECT_EQ(asks[2].pending, (std::vector<Config>{{1.0}, {2.0}}));
  EXPECT_EQ(planner.take(2), Config{2.0});
  EXPECT_EQ(planner.take(3), Config{3.0});
  EXPECT_EQ(optimizer.asks().size(), 3u);
  EXPECT_TRUE(optimizer.restores().empty());  // a new study: nothing to rebuild from yet
}

TEST(Planner, NowNeverMakesMoreThanTheBudgetCanStillStart) {
  RecordingOptimizer optimizer;
  Planner planner(optimizer, {}, kNow);
  planner.want(4, 2);
  EXPECT_EQ(planner.take(1), Config{1.0});
  EXPECT_EQ(optimizer.asks().size(), 2u);
}

TEST(Planner, NowRebuildsTheOptimizerFromEverythingToldBeforeEachBatch) {
  RecordingOptimizer optimizer;
  const Observation earlier{{0.25}, 5.0};
  Planner planner(optimizer, {}, PlannerOptions{.mode = WorkMode::kNow, .observed = {earlier}});
  const std::optional<Config> first = planner.take(1);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(optimizer.restores(), (std::vector<std::size_t>{1}));
  planner.tell(1, {*first, 2.0});
  EXPECT_EQ(optimizer.observed().size(), 1u);  // told at once, not at the next take
  EXPECT_EQ(planner.take(2), Config{2.0});
  EXPECT_EQ(optimizer.restores(), (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(optimizer.asks()[1].observations, 1u);
}

TEST(Planner, OnlyTheBackgroundLetsTheOptimizerUseThreadsAndRefitAside) {
  RecordingOptimizer now_optimizer;
  const Planner now_planner(now_optimizer, {}, kNow);
  EXPECT_EQ(now_optimizer.concurrency(), 0);
  RecordingOptimizer background_optimizer;
  const Planner background_planner(background_optimizer, {}, kNoLookAhead);
  EXPECT_GE(background_optimizer.concurrency(), 1);
}

TEST(Planner, NowRethrowsAnExceptionOfTheOptimizerFromTheTakeThatAsked) {
  RecordingOptimizer optimizer(2);
  Planner planner(optimizer, {}, kNow);
  EXPECT_EQ(planner.take(1), Config{1.0});
  EXPECT_THROW(planner.take(2), std::runtime_error);
  EXPECT_THROW(planner.take(3), std::runtime_error);
}

}  // namespace
}  // namespace fermata
