// The MPI transport under mpirun -n 4: rank 0 hands out tasks, ranks 1..3 answer.

#include <set>

#include <gtest/gtest.h>
#include <fermata/comm/mpi.hpp>

namespace fermata {
namespace {

int g_rank = 0;
int g_size = 1;
MpiSession* g_mpi = nullptr;

TEST(MpiChannel, EveryTaskIsAnsweredOnceAndEveryWorkerTakesPart) {
  ASSERT_GE(g_size, 2) << "run under mpirun with at least 2 ranks";
  constexpr int kTasks = 200;
  if (g_rank == 0) {
    auto channel = make_mpi_coordinator_channel();
    ASSERT_EQ(channel->worker_count(), g_size - 1);
    int next = 0, answered = 0, stopped = 0;
    std::set<int> seen_tasks, seen_workers;
    while (stopped < channel->worker_count()) {
      auto in = channel->poll(std::chrono::seconds(30));
      ASSERT_TRUE(in.has_value()) << "a worker went silent";
      if (in->kind == Incoming::Kind::kResult) {
        ++answered;
        EXPECT_EQ(in->result.worker, in->worker);
        EXPECT_DOUBLE_EQ(in->result.error, in->result.trial * 0.5);
        EXPECT_TRUE(seen_tasks.insert(static_cast<int>(in->result.trial)).second);
        seen_workers.insert(in->worker);
      }
      if (next < kTasks) {
        channel->send_task(in->worker, {next, next % 3, {static_cast<double>(next)}});
        ++next;
      } else {
        channel->send_stop(in->worker);
        ++stopped;
      }
    }
    EXPECT_EQ(answered, kTasks);
    EXPECT_EQ(static_cast<int>(seen_workers.size()), g_size - 1);
  } else {
    auto channel = make_mpi_worker_channel();
    EXPECT_EQ(channel->worker_id(), g_rank);
    channel->send_ready();
    while (auto task = channel->receive_task()) {
      ResultMessage r;
      r.trial = task->trial;
      r.fold = task->fold;
      r.worker = g_rank;
      r.error = task->params.at(0) * 0.5;
      channel->send_result(r);
    }
  }
}

TEST(MpiSession, BroadcastGivesEveryRankTheCoordinatorsStatus) {
  const int mine = g_rank == 0 ? 42 : g_rank;
  EXPECT_EQ(g_mpi->broadcast_from_coordinator(mine), 42);
}

}  // namespace
}  // namespace fermata

int main(int argc, char** argv) {
  fermata::MpiSession mpi(&argc, &argv);
  fermata::g_rank = mpi.rank();
  fermata::g_size = mpi.size();
  fermata::g_mpi = &mpi;
  ::testing::InitGoogleTest(&argc, argv);
  if (mpi.rank() != 0) {
    // Only the coordinator prints; every rank still runs every test.
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  const int failed = RUN_ALL_TESTS();
  const int status = mpi.broadcast_from_coordinator(failed);
  return failed != 0 ? failed : status;
}
