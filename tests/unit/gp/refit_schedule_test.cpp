#include <fermata/gp/refit_schedule.hpp>

#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace fermata {
namespace {

/// The observation counts at which a schedule refits while n runs from 1 to last.
std::vector<std::int64_t> refit_points(RefitSchedule& schedule, std::int64_t last) {
  std::vector<std::int64_t> points;
  for (std::int64_t n = 1; n <= last; ++n) {
    if (schedule.should_refit(n)) {
      schedule.record_refit(n);
      points.push_back(n);
    }
  }
  return points;
}

TEST(RefitSchedule, RefitsAtEveryPointUpToFifty) {
  RefitSchedule schedule;
  const std::vector<std::int64_t> points = refit_points(schedule, 50);
  ASSERT_EQ(points.size(), 50u);
  EXPECT_EQ(points.front(), 1);
  EXPECT_EQ(points.back(), 50);
}

TEST(RefitSchedule, RefitsAfterTenPercentGrowthBeyondFifty) {
  RefitSchedule schedule;
  const std::vector<std::int64_t> points = refit_points(schedule, 100);
  // 50 · 1.1 = 55, 55 · 1.1 = 60.5 → 61, 61 · 1.1 = 67.1 → 68, 74.8 → 75, 82.5 → 83, 91.3 → 92
  const std::vector<std::int64_t> after_fifty(points.begin() + 50, points.end());
  EXPECT_EQ(after_fifty, (std::vector<std::int64_t>{55, 61, 68, 75, 83, 92}));
  EXPECT_EQ(schedule.state().refits, 56);
  EXPECT_EQ(schedule.state().last_refit_n, 92);
}

TEST(RefitSchedule, MaxGapCapsTheIntervalForLongRuns) {
  RefitSchedule schedule(RefitPolicy{}, RefitScheduleState{2000, 80});
  EXPECT_FALSE(schedule.should_refit(2099));
  EXPECT_TRUE(schedule.should_refit(2100));  // 5% growth, but 100 new points
  RefitSchedule uncapped(RefitPolicy{50, 0.1, 0}, RefitScheduleState{2000, 80});
  EXPECT_FALSE(uncapped.should_refit(2100));
  EXPECT_TRUE(uncapped.should_refit(2200));
}

TEST(RefitSchedule, RefitsWhenNeverFittedOrWhenDataShrank) {
  const RefitSchedule fresh;
  EXPECT_TRUE(fresh.should_refit(500));
  const RefitSchedule after(RefitPolicy{}, RefitScheduleState{300, 60});
  EXPECT_TRUE(after.should_refit(120));
  EXPECT_FALSE(after.should_refit(300));
  EXPECT_FALSE(after.should_refit(329));
  EXPECT_TRUE(after.should_refit(330));
}

TEST(RefitSchedule, RestoredStateGivesTheSameDecisions) {
  RefitSchedule original;
  refit_points(original, 237);
  // The state is plain numbers: what a checkpoint saves and a resume passes back.
  const RefitScheduleState saved{original.state().last_refit_n, original.state().refits};
  RefitSchedule restored(RefitPolicy{}, saved);
  for (std::int64_t n = 238; n <= 600; ++n) {
    ASSERT_EQ(original.should_refit(n), restored.should_refit(n)) << "n = " << n;
    if (original.should_refit(n)) {
      original.record_refit(n);
      restored.record_refit(n);
    }
  }
  EXPECT_EQ(original.state().refits, restored.state().refits);
}

TEST(RefitSchedule, RejectsInvalidPolicyAndState) {
  EXPECT_THROW(RefitSchedule(RefitPolicy{50, -0.1, 100}), std::invalid_argument);
  EXPECT_THROW(RefitSchedule(RefitPolicy{}, RefitScheduleState{-1, 0}), std::invalid_argument);
  RefitSchedule schedule;
  EXPECT_THROW(schedule.record_refit(0), std::invalid_argument);
}

}  // namespace
}  // namespace fermata
