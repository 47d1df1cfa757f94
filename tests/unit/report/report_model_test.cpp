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

TEST(ReportModel, CountsTrialsByStateAndCallsARunWithPendingTrialsIncomplete) {
  const ReportModel m = build_report(running_study(), 2000);
  EXPECT_EQ(m.status.state, "incomplete");
  EXPECT_EQ(m.status.total, 6u);
  EXPECT_EQ(m.status.complete, 3u);
  EXPECT_EQ(m.status.failed, 1u);
  EXPECT_EQ(m.status.running, 1u);
  EXPECT_EQ(m.status.pending, 1u);
  EXPECT_EQ(m.generated_utc, 2000);
  ASSERT_EQ(m.pending_trials.size(), 2u);
  EXPECT_EQ(m.trials[m.pending_trials[0]].id, 4);
  EXPECT_EQ(m.trials[m.pending_trials[0]].folds_done, 1);
  EXPECT_EQ(m.trials[m.pending_trials[1]].id, 5);
}

TEST(ReportModel, ACriterionStopIsStoppedAndABudgetStopWithNothingLeftIsFinished) {
  Study study = two_fold_study();
  Trial& t = study.add_trial({0.5, 2, 0});
  finish_fold(t, 0, 0.1, 1, 1000, 1001);
  finish_fold(t, 1, 0.2, 1, 1001, 1002);
  complete(t, 1002);
  study.stopping = {"budget.max_trials", true, "budget.max_trials (1) reached", {}};
  EXPECT_EQ(build_report(study, 0).status.state, "finished");
  EXPECT_EQ(build_report(study, 0).status.reason, "budget.max_trials (1) reached");
  EXPECT_TRUE(std::isnan(build_report(study, 0).criterion.stop_n_trials));

  study.stopping = {"patience", true, "no improvement in 3 trials", {}};
  study.add_trial({0.1, 1, 1});  // still pending: the criterion's decision stands
  EXPECT_EQ(build_report(study, 0).status.state, "stopped");
}

TEST(ReportModel, ARunThatRecordedNoEndIsIncompleteEvenWithNothingInFlight) {
  Study study = two_fold_study();
  Trial& t = study.add_trial({0.5, 2, 0});
  finish_fold(t, 0, 0.1, 1, 1000, 1001);
  finish_fold(t, 1, 0.2, 1, 1001, 1002);
  complete(t, 1002);
  EXPECT_EQ(build_report(study, 0).status.state, "incomplete")
      << "between two trials, or ended by failed trials: the budget is not spent";
}

TEST(ReportModel, BestSoFarFollowsCompletionOrderAndKeepsTheEarlierTrialOnTies) {
  Study study = two_fold_study();
  const double values[][2] = {{0.3, 0.3}, {0.5, 0.5}, {0.3, 0.3}};
  const double finished[] = {1030, 1010, 1040};  // trial 1 completed first
  for (int i = 0; i < 3; ++i) {
    Trial& t = study.add_trial({0.5, 2, 0});
    finish_fold(t, 0, values[i][0], 1, finished[i] - 5, finished[i]);
    finish_fold(t, 1, values[i][1], 2, finished[i] - 5, finished[i]);
    complete(t, finished[i]);
  }
  const ReportModel m = build_report(study, 0);
  ASSERT_EQ(m.progress.size(), 3u);
  EXPECT_EQ(m.progress[0].trial, 1);
  EXPECT_EQ(m.progress[0].best_trial, 1);
  EXPECT_DOUBLE_EQ(m.progress[0].best_value, 0.5);
  EXPECT_EQ(m.progress[1].trial, 0);
  EXPECT_EQ(m.progress[1].best_trial, 0);
  EXPECT_EQ(m.progress[2].trial, 2);
  EXPECT_EQ(m.progress[2].best_trial, 0) << "a tie does not replace the incumbent";
  ASSERT_TRUE(m.best);
  EXPECT_EQ(m.trials[*m.best].id, 0);
}

TEST(ReportModel, GivesATrialItsOwnTestErrorOnlyIfItWasTheIncumbentWhenItCompleted) {
  const ReportModel m = build_report(running_study(), 0);
  EXPECT_DOUBLE_EQ(m.trials[0].test_error, 0.55);
  EXPECT_DOUBLE_EQ(m.trials[1].test_error, 0.35);
  EXPECT_TRUE(std::isnan(m.trials[3].test_error)) << "trial 3's row holds trial 1's test error";
  ASSERT_EQ(m.progress.size(), 3u);
  EXPECT_DOUBLE_EQ(m.progress[2].incumbent_test_error, 0.35);
  EXPECT_EQ(m.progress[2].best_trial, 1);
}

TEST(ReportModel, ShowsParametersInNaturalUnitsWithCategoricalsAsTheirChoice) {
  Study study = two_fold_study();
  study.add_trial({0.125, 7, 1});
  study.add_trial({kNaN, 3, 5});  // a choice index out of range is shown as missing
  const ReportModel m = build_report(study, 0);
  EXPECT_EQ(std::get<double>(m.trials[0].params[0]), 0.125);
  EXPECT_EQ(std::get<std::int64_t>(m.trials[0].params[1]), 7);
  EXPECT_EQ(std::get<std::string>(m.trials[0].params[2]), "b");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(m.trials[1].params[0]));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(m.trials[1].params[2]));
}

TEST(ReportModel, RanksTheBestTrialsByValueAndComputesTheIncumbentsStatisticalError) {
  const ReportModel m = build_report(running_study(), 0);
  ASSERT_EQ(m.best_trials.size(), 3u);
  EXPECT_EQ(m.trials[m.best_trials[0]].id, 1);
  EXPECT_EQ(m.trials[m.best_trials[1]].id, 3);
  EXPECT_EQ(m.trials[m.best_trials[2]].id, 0);
  // folds 0.2 and 0.4: s² = 0.01, ε = sqrt((1/2 + 1/1) · 0.01)
  EXPECT_NEAR(m.best_statistical_error, std::sqrt(0.015), 1e-12);
}

TEST(ReportModel, KeepsAtMostTenBestTrials) {
  Study study = two_fold_study();
  for (int i = 0; i < 15; ++i) {
    Trial& t = study.add_trial({0.5, 2, 0});
    finish_fold(t, 0, 1.0 - i * 0.01, 1, 1000 + i, 1001 + i);
    finish_fold(t, 1, 1.0 - i * 0.01, 1, 1000 + i, 1001 + i);
    complete(t, 1001 + i);
  }
  const ReportModel m = build_report(study, 0);
  ASSERT_EQ(m.best_trials.size(), kReportBestTrials);
  EXPECT_EQ(m.trials[m.best_trials[0]].id, 14);
}

}  // namespace
}  // namespace fermata
