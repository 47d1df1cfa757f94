#include <fermata/runtime/handoff.hpp>

#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace fermata {
namespace {

// Only bounds a hang if the hand-off is broken; every wait below is satisfied long before.
constexpr std::chrono::milliseconds kNoHang{60000};

/// A helper whose work is a queue of numbers, each step taking one and recording the thread
/// that took it; a negative number makes its step throw.
class Queue {
 public:
  Queue(WorkMode mode, bool stop_on_error) : handoff_(mode) {
    handoff_.start({.due = [this] { return !queued_.empty(); },
                    .step =
                        [this](std::unique_lock<std::mutex>& lock) {
                          const int n = queued_.front();
                          queued_.erase(queued_.begin());
                          {
                            const Handoff::Unlocked unlocked(lock);
                            if (n < 0) throw std::runtime_error("step " + std::to_string(n));
                          }
                          done_.push_back(n);
                          threads_.push_back(std::this_thread::get_id());
                        },
                    .stop_on_error = stop_on_error});
  }
  ~Queue() { handoff_.stop(); }

  void push(int n) {
    auto lock = handoff_.lock();
    queued_.push_back(n);
    handoff_.notify(lock);
  }
  /// Queues without waking the thread: the step stays due until something else wakes it.
  void push_quietly(int n) {
    auto lock = handoff_.lock();
    queued_.push_back(n);
  }
  /// Waits until nothing is due; rethrows.
  std::vector<int> done() {
    auto lock = handoff_.lock();
    handoff_.wait_idle(lock);
    handoff_.rethrow();
    return done_;
  }
  std::vector<std::thread::id> threads() {
    auto lock = handoff_.lock();
    handoff_.wait_idle(lock);
    return threads_;
  }
  bool wait_for_count(std::size_t n) {
    auto lock = handoff_.lock();
    return handoff_.wait_for(lock, kNoHang, [&] { return done_.size() >= n; });
  }
  Handoff& handoff() { return handoff_; }

 private:
  Handoff handoff_;
  std::vector<int> queued_;
  std::vector<int> done_;
  std::vector<std::thread::id> threads_;
};

TEST(Handoff, NowRunsEveryDueStepInsideNotifyOnTheCallersThread) {
  Queue queue(WorkMode::kNow, true);
  queue.push(1);
  queue.push(2);
  EXPECT_EQ(queue.done(), (std::vector<int>{1, 2}));
  EXPECT_EQ(queue.threads(),
            (std::vector<std::thread::id>{std::this_thread::get_id(), std::this_thread::get_id()}));
}

TEST(Handoff, BackgroundRunsTheStepsInOrderOnAnotherThread) {
  Queue queue(WorkMode::kBackground, true);
  for (int n = 1; n <= 5; ++n) queue.push(n);
  ASSERT_TRUE(queue.wait_for_count(5));
  EXPECT_EQ(queue.done(), (std::vector<int>{1, 2, 3, 4, 5}));
  for (const std::thread::id id : queue.threads()) EXPECT_NE(id, std::this_thread::get_id());
}

TEST(Handoff, NowRethrowsAStepsExceptionFromTheNotifyThatRanIt) {
  Queue queue(WorkMode::kNow, true);
  queue.push(1);
  try {
    queue.push(-2);
    FAIL() << "notify did not rethrow the step's exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "step -2");
  }
}

TEST(Handoff, AnErrorThatStopsTheWorkIsReportedByEveryLaterCallAndNothingMoreRuns) {
  Queue queue(WorkMode::kBackground, true);
  queue.push(1);
  queue.push(-2);
  queue.push(3);
  EXPECT_THROW(queue.done(), std::runtime_error);
  EXPECT_THROW(queue.done(), std::runtime_error);
  EXPECT_EQ(queue.threads().size(), 1u);  // only step 1 completed; step 3 never ran
}

TEST(Handoff, AnErrorThatDoesNotStopTheWorkIsReportedOnceAndTheNextStepsRun) {
  Queue queue(WorkMode::kBackground, false);
  queue.push(-1);
  EXPECT_THROW(queue.done(), std::runtime_error);
  queue.push(2);
  EXPECT_EQ(queue.done(), (std::vector<int>{2}));
}

TEST(Handoff, StopWithFinishRunsTheStepsStillDueBeforeItJoins) {
  Queue queue(WorkMode::kBackground, true);
  for (int n = 1; n <= 3; ++n) queue.push_quietly(n);  // the thread sleeps on
  queue.handoff().stop(/*finish=*/true);
  EXPECT_EQ(queue.done(), (std::vector<int>{1, 2, 3}));
}

}  // namespace
}  // namespace fermata
