#include <fermata/report/report_model.hpp>

#include <cmath>

#include <gtest/gtest.h>

#include "unit/report/report_fixture.hpp"

namespace fermata {
namespace {

using testing::complete;
using testing::finish_fold;
using testing::running_study;
using testing::two_fold_study;

const ReportWorker* lane(const ReportModel& m, int rank) {
  for (const ReportWorker& w : m.workers.lanes) {
    if (w.rank == rank) return &w;
  }
  return nullptr;
}

TEST(ReportWorkers, PlacesEachFinishedFoldOnItsWorkerInStartOrder) {
  const ReportModel m = build_report(running_study(), 0);
  const ReportWorker* one = lane(m, 1);
  ASSERT_NE(one, nullptr);
  ASSERT_EQ(one->segments.size(), 4u);
  EXPECT_EQ(one->segments[0].trial, 0);
  EXPECT_EQ(one->segments[0].fold, 0);
  EXPECT_EQ(one->segments[0].start_utc, 1000);
  EXPECT_EQ(one->segments[0].end_utc, 1010);
  EXPECT_FALSE(one->segments[0].running);
  EXPECT_EQ(one->segments[3].trial, 4);
  EXPECT_DOUBLE_EQ(one->busy_seconds, 10 + 10 + 10 + 19);
  const ReportWorker* two = lane(m, 2);
  ASSERT_NE(two, nullptr);
  EXPECT_EQ(two->segments.size(), 3u);
  EXPECT_DOUBLE_EQ(two->busy_seconds, 12 + 10 + 11);
}

TEST(ReportWorkers, ARunningFoldEndsAtTheCheckpointTimeOnTheLaneOfUnknownWorkers) {
  const ReportModel m = build_report(running_study(), 0);
  const ReportWorker* unknown = lane(m, -1);
  ASSERT_NE(unknown, nullptr);
  ASSERT_EQ(unknown->segments.size(), 1u);
  const ReportSegment& s = unknown->segments[0];
  EXPECT_EQ(s.trial, 4);
  EXPECT_EQ(s.fold, 1);
  EXPECT_TRUE(s.running);
  EXPECT_EQ(s.start_utc, 1042);
  EXPECT_EQ(s.end_utc, 1100);
  EXPECT_EQ(m.workers.end_utc, 1100);
}

TEST(ReportWorkers, ARunningFoldWithAKnownWorkerIsOnThatWorkersLane) {
  Study study = running_study();
  study.trials[4].fold_worker[1] = 2;
  const ReportModel m = build_report(study, 0);
  EXPECT_EQ(lane(m, -1), nullptr);
  ASSERT_NE(lane(m, 2), nullptr);
  EXPECT_TRUE(lane(m, 2)->segments.back().running);
}

TEST(ReportWorkers, LeavesOutAFailedTrialsUnfinishedFolds) {
  const ReportModel m = build_report(running_study(), 0);
  for (const ReportWorker& w : m.workers.lanes) {
    for (const ReportSegment& s : w.segments) EXPECT_NE(s.trial, 2);
  }
}

TEST(ReportWorkers, MeasuresBusyFractionsAndUtilizationOverTheWallSpan) {
  const ReportModel m = build_report(running_study(), 0);
  EXPECT_EQ(m.workers.start_utc, 1000);
  EXPECT_DOUBLE_EQ(m.workers.span_seconds, 100);
  EXPECT_DOUBLE_EQ(lane(m, 1)->busy_fraction, 0.49);
  EXPECT_DOUBLE_EQ(lane(m, 2)->busy_fraction, 0.33);
  // The unknown lane's running fold is not counted: its worker is one of the two.
  EXPECT_DOUBLE_EQ(m.workers.utilization, (49.0 + 33.0) / 200.0);
}

TEST(ReportWorkers, CountsOverlappingFoldsOnOneLaneOnce) {
  Study study = two_fold_study();
  Trial& t = study.add_trial({0.5, 2, 0});
  finish_fold(t, 0, 0.1, 1, 1000, 1010);
  finish_fold(t, 1, 0.1, 1, 1005, 1020);
  complete(t, 1020);
  const ReportModel m = build_report(study, 0);
  ASSERT_EQ(m.workers.lanes.size(), 1u);
  EXPECT_DOUBLE_EQ(m.workers.lanes[0].busy_seconds, 20);
  EXPECT_DOUBLE_EQ(m.workers.lanes[0].busy_fraction, 1.0);
}

TEST(ReportWorkers, HasNoLanesWhenTheCheckpointRecordsNoFoldTimes) {
  Study study = running_study();
  for (Trial& t : study.trials) {
    t.fold_started.assign(t.fold_started.size(), kNaN);
    t.fold_finished.assign(t.fold_finished.size(), kNaN);
  }
  const ReportModel m = build_report(study, 0);
  EXPECT_TRUE(m.workers.lanes.empty());
  EXPECT_TRUE(std::isnan(m.workers.start_utc));
  EXPECT_TRUE(std::isnan(m.workers.utilization));
}

}  // namespace
}  // namespace fermata
