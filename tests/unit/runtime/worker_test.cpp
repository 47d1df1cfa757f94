#include <fermata/runtime/worker.hpp>

#include <gtest/gtest.h>

#include "unit/runtime/fake_objective.hpp"

namespace fermata {
namespace {

TEST(EvaluateTask, ReturnsTheFoldErrorAndItsTime) {
  testing::FakeObjective objective(3);
  const ResultMessage r = evaluate_task(objective, {4, 2, {0.5}}, 7);
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.trial, 4);
  EXPECT_EQ(r.fold, 2);
  EXPECT_EQ(r.worker, 7);
  EXPECT_NEAR(r.error, 0.04 + 0.02, 1e-12);
  EXPECT_GE(r.seconds, 0.0);
}

TEST(EvaluateTask, TurnsAnExceptionIntoAFailedFoldWithItsMessage) {
  testing::FakeObjective objective(3, /*failing_trial=*/4);
  const ResultMessage r = evaluate_task(objective, {4, 0, {0.5}}, 1);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.message, "deliberate failure");
}

}  // namespace
}  // namespace fermata
