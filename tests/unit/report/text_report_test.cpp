#include <fermata/report/text_report.hpp>

#include <gtest/gtest.h>

namespace fermata {
namespace {

TEST(TextReport, ShowsTheBestConfigurationItsFoldErrorsAndTheTrialCounts) {
  Study study;
  study.name = "demo";
  study.folds = 2;
  study.space = Space({{"depth", ParamKind::kInt, 1, 8, false, {}},
                       {"booster", ParamKind::kCategorical, 0, 0, false, {"gbtree", "dart"}}});
  study.add_trial({3, 0});
  study.add_trial({6, 1});
  study.add_trial({2, 0});
  study.trials[0].state = TrialState::kComplete;
  study.trials[0].value = 0.2;
  study.trials[0].fold_error = {0.1, 0.3};
  study.trials[1].state = TrialState::kComplete;
  study.trials[1].value = 0.15;
  study.trials[1].fold_error = {0.125, 0.175};
  study.trials[2].state = TrialState::kFailed;
  const std::string text = text_report(study);
  EXPECT_NE(text.find("2 complete, 1 failed, 0 unfinished"), std::string::npos) << text;
  EXPECT_NE(text.find("trial 1: mean CV error 0.15"), std::string::npos) << text;
  EXPECT_NE(text.find("0.125 0.175"), std::string::npos) << text;
  // sqrt((1/2 + 1/1) * 0.025^2) for folds 0.125 and 0.175
  EXPECT_NE(text.find("stat error 0.0306186"), std::string::npos) << text;
  EXPECT_NE(text.find("dart"), std::string::npos) << text;
  EXPECT_NE(text.find("depth    6"), std::string::npos) << text;
}

TEST(TextReport, CountsFailedFoldAttemptsAndListsWhyTrialsFailed) {
  Study study;
  study.name = "flaky";
  study.folds = 2;
  study.space = Space({{"x", ParamKind::kFloat, 0, 1, false, {}}});
  study.add_trial({0.1});
  study.add_trial({0.2});
  study.trials[0].state = TrialState::kComplete;
  study.trials[0].value = 0.5;
  study.trials[0].fold_error = {0.5, 0.5};
  study.trials[0].fold_attempts = {1, 0};  // failed once, then succeeded on retry
  study.trials[1].state = TrialState::kFailed;
  study.trials[1].fold_attempts = {0, 2};
  study.trials[1].message = "fold 1 on worker 2: exit status 3";
  const std::string text = text_report(study);
  EXPECT_NE(text.find("3 failed fold attempts, 1 failed trial"), std::string::npos) << text;
  EXPECT_NE(text.find("trial 1: fold 1 on worker 2: exit status 3"), std::string::npos) << text;
}

TEST(TextReport, HasNoFailureLineWhenNothingFailed) {
  Study study;
  study.name = "clean";
  study.folds = 1;
  study.space = Space({{"x", ParamKind::kFloat, 0, 1, false, {}}});
  study.add_trial({0.1});
  study.trials[0].state = TrialState::kComplete;
  study.trials[0].value = 0.5;
  study.trials[0].fold_error = {0.5};
  EXPECT_EQ(text_report(study).find("failures"), std::string::npos);
}

TEST(TextReport, SaysSoWhenNoTrialHasCompleted) {
  Study study;
  study.name = "empty";
  EXPECT_NE(text_report(study).find("no trial has completed"), std::string::npos);
}

}  // namespace
}  // namespace fermata
