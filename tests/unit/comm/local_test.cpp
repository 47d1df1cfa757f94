#include <fermata/comm/local.hpp>

#include <thread>

#include <gtest/gtest.h>

namespace fermata {
namespace {

TEST(LocalHub, CarriesReadyTasksResultsAndStopBetweenThreads) {
  LocalHub hub(2);
  std::thread worker([&] {
    WorkerChannel& ch = hub.worker(2);
    ch.send_ready();
    while (auto task = ch.receive_task()) {
      ResultMessage r;
      r.trial = task->trial;
      r.fold = task->fold;
      r.worker = ch.worker_id();
      r.error = task->params.at(0) * 2;
      ch.send_result(r);
    }
  });
  CoordinatorChannel& co = hub.coordinator();
  EXPECT_EQ(co.worker_count(), 2);
  auto ready = co.poll(std::chrono::seconds(5));
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->kind, Incoming::Kind::kReady);
  EXPECT_EQ(ready->worker, 2);
  co.send_task(2, {5, 1, {1.5}});
  auto result = co.poll(std::chrono::seconds(5));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->kind, Incoming::Kind::kResult);
  EXPECT_EQ(result->result.trial, 5);
  EXPECT_DOUBLE_EQ(result->result.error, 3.0);
  co.send_stop(2);
  worker.join();
  EXPECT_FALSE(co.poll(std::chrono::milliseconds(10)));
}

}  // namespace
}  // namespace fermata
