#include <fermata/report/report_model.hpp>

#include <cmath>

#include <gtest/gtest.h>

#include "unit/report/report_fixture.hpp"

namespace fermata {
namespace {

using testing::two_fold_study;

/// Three criteria evaluated at n = 20..23: the acting one stops from n = 22, a monitor whose
/// label holds a dot stops from n = 21, another monitor never stops.
Study stopped_study() {
  Study study = two_fold_study();
  study.stopping.criterion = "regret-bound";
  study.stopping.stopped = true;
  study.stopping.reason = "regret bound 0.01 < statistical error 0.02 after 22 trials";
  study.stopping.history = {
      {"n_trials", {20, 21, 22, 23}},
      {"regret_bound", {0.1, 0.05, 0.01, 0.005}},
      {"statistical_error", {0.02, 0.02, 0.02, 0.02}},
      {"beta", {1, 1, 1, 1}},
      {"decision", {0, 0, 1, 1}},
      {"regret-bound(error_scale=0.5).decision", {0, 1, 1, 1}},
      {"regret-bound(error_scale=0.5).regret_bound", {0.1, 0.05, 0.01, 0.005}},
      {"emmr.decision", {0, 0, 0, 0}},
      {"emmr.emmr", {1, 2, 3, 4}}};
  return study;
}

const ReportDecisions* find(const ReportModel& m, const std::string& label) {
  for (const ReportDecisions& d : m.decisions) {
    if (d.label == label) return &d;
  }
  return nullptr;
}

TEST(ReportCriteria, TheStopTrialIsTheFirstEvaluationThatDecidedToStop) {
  const ReportModel m = build_report(stopped_study(), 0);
  EXPECT_EQ(m.status.state, "stopped");
  EXPECT_EQ(m.criterion.acting, "regret-bound");
  EXPECT_TRUE(m.criterion.stopped);
  EXPECT_EQ(m.criterion.rows, 4u);
  EXPECT_EQ(m.criterion.stop_n_trials, 22);
}

TEST(ReportCriteria, GivesEachMonitorsFirstStopOrNoneIfItNeverSaidStop) {
  const ReportModel m = build_report(stopped_study(), 0);
  ASSERT_EQ(m.decisions.size(), 3u);
  EXPECT_TRUE(m.decisions[0].acting);
  EXPECT_EQ(m.decisions[0].label, "regret-bound");
  EXPECT_EQ(m.decisions[0].first_stop_n_trials, 22);
  const ReportDecisions* half = find(m, "regret-bound(error_scale=0.5)");
  ASSERT_NE(half, nullptr) << "a label holding a dot is still one monitor";
  EXPECT_FALSE(half->acting);
  EXPECT_EQ(half->first_stop_n_trials, 21);
  EXPECT_EQ(half->decisions, (std::vector<double>{0, 1, 1, 1}));
  EXPECT_EQ(half->n_trials, (std::vector<double>{20, 21, 22, 23}));
  const ReportDecisions* emmr = find(m, "emmr");
  ASSERT_NE(emmr, nullptr);
  EXPECT_TRUE(std::isnan(emmr->first_stop_n_trials));
}

TEST(ReportCriteria, AddsTheContractColumnsAndPadsShortColumnsWithNaN) {
  Study study = two_fold_study();
  study.stopping.history = {{"n_trials", {1, 2, 3}}, {"decision", {0, 0, 0}}, {"late", {7}}};
  const ReportModel m = build_report(study, 0);
  EXPECT_EQ(m.criterion.rows, 3u);
  for (const char* name : {"n_trials", "regret_bound", "statistical_error", "beta", "decision"}) {
    ASSERT_TRUE(m.criterion.history.contains(name)) << name;
    EXPECT_EQ(m.criterion.history.at(name).size(), 3u) << name;
  }
  EXPECT_TRUE(std::isnan(m.criterion.history.at("beta")[0]));
  EXPECT_EQ(m.criterion.history.at("late")[0], 7);
  EXPECT_TRUE(std::isnan(m.criterion.history.at("late")[2]));
}

TEST(ReportCriteria, TakesTheLabelsOfARunThatHasNotStoppedFromItsJob) {
  Study study = two_fold_study();
  study.job_yaml = R"(name: labels
model:
  kind: synthetic
  fixed: {function: branin}
cv: {folds: 3}
space:
  x1: {type: float, low: -5, high: 10}
  x2: {type: float, low: 0, high: 15}
stopping:
  criterion: patience
  monitor: [emmr, regret-bound(error_scale=0.5)]
)";
  const ReportModel m = build_report(study, 0);
  EXPECT_EQ(m.criterion.acting, "patience");
  EXPECT_EQ(m.criterion.recorded, "none");
  ASSERT_EQ(m.decisions.size(), 3u) << "monitors are listed before any evaluation";
  EXPECT_EQ(m.decisions[1].label, "emmr");
  EXPECT_EQ(m.decisions[2].label, "regret-bound(error_scale=0.5)");
  EXPECT_TRUE(m.decisions[2].decisions.empty());
}

TEST(ReportCriteria, SaysTheActingCriterionIsUnknownWhenTheJobCannotBeRead) {
  Study study = two_fold_study();
  study.job_yaml = "name: [unterminated";
  study.stopping.history = {{"n_trials", {1}}, {"decision", {0}}, {"emmr.decision", {0}}};
  const ReportModel m = build_report(study, 0);
  EXPECT_EQ(m.criterion.acting, "unknown");
  ASSERT_EQ(m.decisions.size(), 2u);
  EXPECT_EQ(m.decisions[1].label, "emmr");
}

}  // namespace
}  // namespace fermata
