#include <fermata/stopping/stopping_monitor.hpp>

#include <cmath>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

const Space kLine({Parameter{"x", ParamKind::kFloat, 0.0, 1.0, false, {}}});

/// `values` as complete trials, in order.
std::vector<Trial> trials_with(const std::vector<double>& values) {
  std::vector<Trial> out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    Trial t = Trial::make(static_cast<std::int64_t>(i), {0.1 * static_cast<double>(i)}, 2);
    t.state = TrialState::kComplete;
    t.value = values[i];
    t.fold_error = {values[i] - 0.01, values[i] + 0.01};
    out.push_back(t);
  }
  return out;
}

std::vector<const Trial*> prefix(const std::vector<Trial>& trials, std::size_t n) {
  std::vector<const Trial*> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(&trials[i]);
  return out;
}

void expect_rectangular(const StoppingRecord& record, std::size_t rows) {
  for (const auto& [name, column] : record.history) EXPECT_EQ(column.size(), rows) << name;
}

TEST(StoppingMonitor, RecordsActingValuesPlainAndMonitorsPrefixedWithDecisions) {
  StoppingSettings s;
  s.criterion = "patience";
  s.set("patience", 2);
  s.set("min_trials", 1);
  // "patience" has the acting criterion's label and is skipped.
  s.monitor = {"patience", "patience(patience=5)"};
  const StoppingMonitor monitor(s, 2);
  EXPECT_EQ(monitor.acting_label(), "patience");
  EXPECT_EQ(monitor.monitor_labels(), std::vector<std::string>{"patience(patience=5)"});

  const auto trials = trials_with({3.0, 2.0, 4.0, 5.0});
  const StoppingContext context{kLine, 2, kNaN, 9};
  StoppingRecord record;
  EXPECT_FALSE(monitor.evaluate(prefix(trials, 1), context, 1.5, record));
  EXPECT_FALSE(monitor.evaluate(prefix(trials, 2), context, 2.5, record));
  EXPECT_FALSE(monitor.evaluate(prefix(trials, 3), context, 3.5, record));
  EXPECT_FALSE(record.stopped);
  EXPECT_TRUE(monitor.evaluate(prefix(trials, 4), context, 4.5, record));

  using ::testing::ElementsAre;
  std::vector<std::string> columns;
  for (const auto& [name, column] : record.history) columns.push_back(name);
  EXPECT_THAT(columns, ElementsAre("decision", "elapsed_seconds", "n_trials",
                                   "patience(patience=5).decision", "patience(patience=5).n_trials",
                                   "patience(patience=5).trials_since_improvement",
                                   "trials_since_improvement"));
  expect_rectangular(record, 4);
  EXPECT_THAT(record.history["n_trials"], ElementsAre(1, 2, 3, 4));
  EXPECT_THAT(record.history["elapsed_seconds"], ElementsAre(1.5, 2.5, 3.5, 4.5));
  EXPECT_THAT(record.history["trials_since_improvement"], ElementsAre(0, 0, 1, 2));
  EXPECT_THAT(record.history["decision"], ElementsAre(0, 0, 0, 1));
  EXPECT_THAT(record.history["patience(patience=5).decision"], ElementsAre(0, 0, 0, 0));
  EXPECT_TRUE(record.stopped);
  EXPECT_EQ(record.criterion, "patience");
  EXPECT_THAT(record.reason, ::testing::HasSubstr("after 4 trials"));
}

TEST(StoppingMonitor, FillsNaNForColumnsMissingInEarlierOrLaterRows) {
  StoppingSettings s;
  s.criterion = "patience";
  s.set("min_trials", 1);
  const StoppingMonitor monitor(s, 2);
  // A record restored from a run that recorded another column and fewer of ours.
  StoppingRecord record;
  record.history["n_trials"] = {1.0, 2.0};
  record.history["old_criterion.value"] = {0.5, 0.25};
  const auto trials = trials_with({3.0, 2.0, 1.0});
  monitor.evaluate(prefix(trials, 3), StoppingContext{kLine, 2, kNaN, 1}, 7.0, record);

  expect_rectangular(record, 3);
  const auto& since = record.history["trials_since_improvement"];
  EXPECT_TRUE(std::isnan(since[0]) && std::isnan(since[1]));
  EXPECT_EQ(since[2], 0.0);
  EXPECT_TRUE(std::isnan(record.history["elapsed_seconds"][0]));
  EXPECT_TRUE(std::isnan(record.history["old_criterion.value"][2]));
  EXPECT_EQ(record.history["old_criterion.value"][1], 0.25);
  EXPECT_EQ(record.history["n_trials"][2], 3.0);
  EXPECT_EQ(record.history["decision"][2], 0.0);
}

TEST(StoppingMonitor, NoneRecordsOnlyTheCountsAndNeverStops) {
  StoppingSettings s;  // criterion "none", no monitors
  s.set("min_trials", 1);
  const StoppingMonitor monitor(s, 2);
  const auto trials = trials_with({1.0, 1.0, 1.0});
  StoppingRecord record;
  for (std::size_t n = 1; n <= 3; ++n) {
    EXPECT_FALSE(
        monitor.evaluate(prefix(trials, n), StoppingContext{kLine, 2, kNaN, 1}, 0.0, record));
  }
  EXPECT_EQ(record.history.size(), 3u);  // n_trials, elapsed_seconds, decision
  expect_rectangular(record, 3);
  EXPECT_FALSE(record.stopped);
}

TEST(StoppingMonitor, ConstructionRejectsBadSpecsAsMakeCriterionDoes) {
  StoppingSettings s;
  s.criterion = "regret-bound";
  EXPECT_THROW(StoppingMonitor(s, 1), JobError);
  s.criterion = "none";
  s.monitor = {"static"};  // threshold 0
  EXPECT_THROW(StoppingMonitor(s, 5), JobError);
}

}  // namespace
}  // namespace fermata
