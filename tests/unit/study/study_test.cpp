#include <fermata/study/study.hpp>

#include <cmath>

#include <gtest/gtest.h>

namespace fermata {
namespace {

TEST(Study, IncumbentIsTheCompleteTrialWithTheLowestValue) {
  Study study;
  study.folds = 2;
  for (int i = 0; i < 4; ++i) study.add_trial({static_cast<double>(i)});
  EXPECT_FALSE(study.incumbent().has_value());
  study.trials[1].state = TrialState::kComplete;
  study.trials[1].value = 0.3;
  study.trials[2].state = TrialState::kComplete;
  study.trials[2].value = 0.2;
  study.trials[3].state = TrialState::kFailed;  // failed trials never win
  study.trials[3].value = 0.0;
  ASSERT_TRUE(study.incumbent().has_value());
  EXPECT_EQ(*study.incumbent(), 2u);
  EXPECT_EQ(study.count(TrialState::kComplete), 2u);
}

TEST(Study, TrialsGetConsecutiveIdsAndEmptyFolds) {
  Study study;
  study.folds = 3;
  const Trial& a = study.add_trial({1.0});
  EXPECT_EQ(a.id, 0);
  const Trial& b = study.add_trial({2.0});
  EXPECT_EQ(b.id, 1);
  EXPECT_EQ(b.folds(), 3);
  EXPECT_EQ(b.folds_done(), 0);
  EXPECT_EQ(study.find(1)->params, Config{2.0});
  EXPECT_EQ(study.find(7), nullptr);
}

TEST(Study, WallTimeRunsFromTheFirstDispatchToTheLastResult) {
  Study study;
  study.folds = 1;
  EXPECT_TRUE(std::isnan(study.wall_seconds()));
  study.add_trial({}).started = 100.0;
  EXPECT_TRUE(std::isnan(study.wall_seconds()));  // nothing has finished yet
  study.trials[0].finished = 104.0;
  Trial& later = study.add_trial({});
  later.started = 102.0;
  later.finished = 110.5;
  study.add_trial({}).started = 109.0;  // still running
  EXPECT_DOUBLE_EQ(study.wall_seconds(), 10.5);
}

TEST(Trial, CountsFinishedFoldsAndTheirSeconds) {
  Trial t = Trial::make(0, {}, 3);
  t.fold_error = {0.1, kNaN, 0.3};
  t.fold_seconds = {1.0, kNaN, 2.5};
  EXPECT_EQ(t.folds_done(), 2);
  EXPECT_FALSE(t.all_folds_done());
  EXPECT_TRUE(t.fold_done(2));
  EXPECT_DOUBLE_EQ(t.training_seconds(), 3.5);
}

}  // namespace
}  // namespace fermata
