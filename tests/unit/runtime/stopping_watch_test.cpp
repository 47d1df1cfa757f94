#include <fermata/runtime/stopping_watch.hpp>

#include <cmath>
#include <deque>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace fermata {
namespace {

constexpr int kFolds = 2;

StoppingContext one_parameter_context() {
  StoppingContext context;
  context.space = Space({{"x", ParamKind::kFloat, 0, 1, false, {}}});
  context.folds = kFolds;
  context.seed = 3;
  return context;
}

/// `patience` fires once `patience` trials have completed after the incumbent.
StoppingSettings patience_settings(int patience) {
  StoppingSettings settings;
  settings.criterion = "patience";
  settings.set("patience", patience);
  settings.set("min_trials", 1);
  return settings;
}

Trial complete_trial(std::int64_t id, double value, Config params = {0.5}) {
  Trial t = Trial::make(id, std::move(params), kFolds);
  t.state = TrialState::kComplete;
  t.fold_error.assign(kFolds, value);
  t.fold_seconds.assign(kFolds, 1.0);
  t.value = value;
  t.started = static_cast<double>(id);
  t.finished = static_cast<double>(id) + 0.5;
  return t;
}

/// Trials whose values keep falling: every one is a new incumbent, so patience never fires.
std::deque<Trial> improving_trials(int n) {
  std::deque<Trial> out;
  for (int id = 1; id <= n; ++id) out.push_back(complete_trial(id, 1.0 / id));
  return out;
}

const std::vector<double>& column(const StoppingRecord& record, const std::string& name) {
  static const std::vector<double> kMissing;
  const auto it = record.history.find(name);
  return it == record.history.end() ? kMissing : it->second;
}

TEST(StoppingWatch, CompletionsSlowerThanAnEvaluationAreEachEvaluated) {
  StoppingWatch stopping(WorkMode::kBackground, patience_settings(3), one_parameter_context(), {},
                         {});
  const std::deque<Trial> trials = improving_trials(6);
  for (const Trial& t : trials) {
    stopping.completed(t, 2.0 * static_cast<double>(t.id));
    stopping.drain();
    const StoppingRecord record = stopping.record();
    ASSERT_EQ(column(record, "n_trials").size(), static_cast<std::size_t>(t.id));
    EXPECT_EQ(column(record, "n_trials").back(), static_cast<double>(t.id));
    EXPECT_EQ(column(record, "elapsed_seconds").back(), 2.0 * static_cast<double>(t.id));
  }
  EXPECT_FALSE(stopping.fired());
  EXPECT_FALSE(stopping.record().stopped);
}

TEST(StoppingWatch, ABurstOfCompletionsEndsWithAnEvaluationOfEveryTrial) {
  constexpr int kTrials = 40;
  StoppingWatch stopping(WorkMode::kBackground, patience_settings(kTrials), one_parameter_context(),
                         {}, {});
  const std::deque<Trial> trials = improving_trials(kTrials);
  for (const Trial& t : trials) stopping.completed(t, 0.0);
  stopping.drain();
  const std::vector<double> n = column(stopping.record(), "n_trials");
  ASSERT_FALSE(n.empty());
  EXPECT_LE(n.size(), static_cast<std::size_t>(kTrials));
  EXPECT_EQ(n.back(), static_cast<double>(kTrials));
  // Each evaluation covers a longer prefix than the one before (some n may be skipped).
  for (std::size_t i = 1; i < n.size(); ++i) EXPECT_LT(n[i - 1], n[i]) << "row " << i;
}

TEST(StoppingWatch, OnceTheActingCriterionFiresTheRecordIsStoppedAndNothingMoreIsEvaluated) {
  StoppingWatch stopping(WorkMode::kBackground, patience_settings(2), one_parameter_context(), {},
                         {});
  // Trial 1 stays the incumbent; after trial 3, two trials have completed without improving.
  std::deque<Trial> trials;
  for (int id = 1; id <= 3; ++id) trials.push_back(complete_trial(id, id));
  for (const Trial& t : trials) {
    EXPECT_FALSE(stopping.fired()) << "before trial " << t.id;
    stopping.completed(t, 0.0);
    stopping.drain();
  }
  EXPECT_TRUE(stopping.fired());
  StoppingRecord record = stopping.record();
  EXPECT_TRUE(record.stopped);
  EXPECT_EQ(record.criterion, "patience");
  EXPECT_FALSE(record.reason.empty());
  EXPECT_EQ(column(record, "n_trials"), (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(column(record, "decision").back(), 1.0);

  trials.push_back(complete_trial(4, 0.01));
  stopping.completed(trials.back(), 0.0);
  stopping.drain();
  record = stopping.record();
  EXPECT_TRUE(stopping.fired());
  EXPECT_TRUE(record.stopped);
  EXPECT_EQ(column(record, "n_trials"), (std::vector<double>{1, 2, 3}));
}

TEST(StoppingWatch, AResumedRecordKeepsItsRowsAndOnlyNewTrialsAreEvaluated) {
  const std::deque<Trial> trials = improving_trials(4);
  const std::vector<const Trial*> resumed = {&trials[0], &trials[1], &trials[2]};
  // Rows the background evaluator would not write itself (elapsed_seconds of -1), so that a
  // re-evaluation of the resumed prefix would show.
  StoppingRecord record;
  record.history["n_trials"] = {1, 2, 3};
  record.history["elapsed_seconds"] = {-1, -1, -1};
  record.history["trials_since_improvement"] = {0, 0, 0};
  record.history["decision"] = {0, 0, 0};

  StoppingWatch stopping(WorkMode::kBackground, patience_settings(3), one_parameter_context(),
                         resumed, record);
  stopping.drain();  // nothing new: returns at once, adds nothing
  EXPECT_EQ(stopping.record().history, record.history);

  stopping.completed(trials[3], 7.0);
  stopping.drain();
  const StoppingRecord after = stopping.record();
  EXPECT_EQ(column(after, "n_trials"), (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(column(after, "elapsed_seconds"), (std::vector<double>{-1, -1, -1, 7}));
  EXPECT_FALSE(stopping.fired());
}

TEST(StoppingWatch, LatestBoundIsTheNewestRowsRegretBoundAndStatisticalError) {
  StoppingRecord record;
  record.history["n_trials"] = {1, 2};
  record.history["regret_bound"] = {0.5, 0.25};
  record.history["statistical_error"] = {0.125, 0.0625};
  const std::deque<Trial> trials = improving_trials(2);
  StoppingWatch stopping(WorkMode::kBackground, patience_settings(3), one_parameter_context(),
                         {&trials[0], &trials[1]}, record);
  EXPECT_EQ(stopping.latest_bound(), std::make_pair(0.25, 0.0625));
}

TEST(StoppingWatch, LatestBoundIsNaNWhenNoRowHasABound) {
  StoppingWatch stopping(WorkMode::kBackground, patience_settings(3), one_parameter_context(), {},
                         {});
  const std::deque<Trial> trials = improving_trials(1);
  stopping.completed(trials[0], 0.0);
  stopping.drain();
  const auto [bound, error] = stopping.latest_bound();
  EXPECT_TRUE(std::isnan(bound));
  EXPECT_TRUE(std::isnan(error));
}

TEST(StoppingWatch, AnExceptionOfACriterionIsRethrownOnTheCallersThread) {
  StoppingSettings settings;
  settings.criterion = "ei-threshold";
  settings.set("min_trials", 1);
  StoppingWatch stopping(WorkMode::kBackground, settings, one_parameter_context(), {}, {});
  // A configuration with two values in a one-parameter space: encoding it for the GP throws.
  const Trial good = complete_trial(1, 0.5);
  const Trial malformed = complete_trial(2, 0.4, {0.5, 0.5});
  stopping.completed(good, 0.0);
  stopping.completed(malformed, 0.0);
  EXPECT_THROW(stopping.drain(), std::invalid_argument);
  EXPECT_THROW(stopping.record(), std::invalid_argument);
}

TEST(StoppingWatch, NowEvaluatesEachCompletionWithinTheCallAndFiresAtOnce) {
  StoppingWatch stopping(WorkMode::kNow, patience_settings(2), one_parameter_context(), {}, {});
  // Trial 1 stays the incumbent; after trial 3, two trials have completed without improving.
  std::deque<Trial> trials;
  for (int id = 1; id <= 4; ++id) trials.push_back(complete_trial(id, id));
  stopping.completed(trials[0], 0.0);
  EXPECT_EQ(column(stopping.record(), "n_trials"), (std::vector<double>{1}));
  stopping.completed(trials[1], 0.0);
  EXPECT_FALSE(stopping.fired());
  stopping.completed(trials[2], 0.0);
  EXPECT_TRUE(stopping.fired());
  EXPECT_TRUE(stopping.record().stopped);
  stopping.completed(trials[3], 0.0);  // the decision stands: no row for n = 4
  EXPECT_EQ(column(stopping.record(), "n_trials"), (std::vector<double>{1, 2, 3}));
}

TEST(StoppingWatch, NowRethrowsAnExceptionOfACriterionFromTheCompletionThatRanIt) {
  StoppingSettings settings;
  settings.criterion = "ei-threshold";
  settings.set("min_trials", 1);
  StoppingWatch stopping(WorkMode::kNow, settings, one_parameter_context(), {}, {});
  stopping.completed(complete_trial(1, 0.5), 0.0);
  EXPECT_THROW(stopping.completed(complete_trial(2, 0.4, {0.5, 0.5}), 0.0), std::invalid_argument);
  EXPECT_THROW(stopping.record(), std::invalid_argument);
}

}  // namespace
}  // namespace fermata
