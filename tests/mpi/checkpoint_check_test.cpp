// Checks the checkpoint that a real `fermata run` under mpirun -n 4 wrote (the ctest
// fixture mpi_run_4_ranks produces it): the path comes as the first argument.

#include <cmath>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <fermata/checkpoint/checkpoint.hpp>

namespace {
std::string g_checkpoint;
}

namespace fermata {
namespace {

TEST(MpiRunCheckpoint, EveryTrialIsCompleteWithFiniteFoldsFromAllThreeWorkers) {
  const Study study = read_checkpoint(g_checkpoint);
  EXPECT_EQ(study.folds, 4);
  ASSERT_EQ(study.trials.size(), 9u);
  std::set<int> workers;
  for (const Trial& t : study.trials) {
    EXPECT_EQ(t.state, TrialState::kComplete) << "trial " << t.id;
    double sum = 0;
    for (int f = 0; f < study.folds; ++f) {
      EXPECT_TRUE(std::isfinite(t.fold_error[f])) << "trial " << t.id << " fold " << f;
      EXPECT_GT(t.fold_seconds[f], 0.0);
      sum += t.fold_error[f];
      workers.insert(t.fold_worker[f]);
    }
    EXPECT_NEAR(t.value, sum / study.folds, 1e-12);
  }
  EXPECT_EQ(workers, (std::set<int>{1, 2, 3}));
}

TEST(MpiRunCheckpoint, StoresTheResolvedJobAndSeed) {
  const Study study = read_checkpoint(g_checkpoint);
  EXPECT_EQ(study.seed, 3u);
  EXPECT_NE(study.job_yaml.find("mpi-small"), std::string::npos);
  EXPECT_EQ(study.space.size(), 3u);
}

}  // namespace
}  // namespace fermata

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CHECKPOINT.h5\n", argv[0]);
    return 2;
  }
  g_checkpoint = argv[1];
  return RUN_ALL_TESTS();
}
