#include <fermata/report/trials_csv.hpp>

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace fermata {
namespace {

/// Splits CSV text into rows of fields, undoing RFC 4180 quoting (a reader of its own, so
/// the test does not trust the writer's idea of quoting).
std::vector<std::vector<std::string>> read_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string fieldtext;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        fieldtext += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fieldtext += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(fieldtext);
      fieldtext.clear();
    } else if (c == '\n') {
      rows.back().push_back(fieldtext);
      fieldtext.clear();
      rows.emplace_back();
    } else {
      fieldtext += c;
    }
  }
  rows.pop_back();  // after the last line break
  return rows;
}

Study two_fold_study() {
  Study study;
  study.folds = 2;
  study.space = Space(
      {Parameter{"eta", ParamKind::kFloat, 0.001, 1.0, true, {}},
       Parameter{"depth", ParamKind::kInt, 1, 8, false, {}},
       Parameter{"value", ParamKind::kFloat, 0.0, 1.0, false, {}},
       Parameter{"loss", ParamKind::kCategorical, 0, 1, false, {"squared", "huber, delta=1"}}});
  Trial& done = study.add_trial({0.1 / 3, 4, 0.5, 1});
  done.fold_error = {0.25, 0.125};
  done.fold_seconds = {1.5, 2.0};
  done.fold_worker = {1, 2};
  done.value = 0.1875;
  done.test_error = 0.2;
  done.started = 1765049524.123;  // 2025-12-06T19:32:04.123Z
  done.finished = 1765049526.5;
  done.state = TrialState::kComplete;
  Trial& failed = study.add_trial({0.5, 2, 0.25, 0});
  failed.fold_error = {0.3, kNaN};
  failed.fold_seconds = {1.0, kNaN};
  failed.fold_worker = {2, 1};
  failed.fold_attempts = {0, 3};
  failed.message = "fold 1: model said \"out of memory\"\nthen exited";
  failed.started = 1765049527.0;
  failed.state = TrialState::kFailed;
  study.add_trial({0.01, 8, 0.75, 0});  // pending: nothing dispatched yet
  return study;
}

TEST(TrialsCsv, HasOneRowPerTrialInEveryStateAndAColumnPerParameterAndFold) {
  const auto rows = read_csv(trials_csv(two_fold_study()));
  ASSERT_EQ(rows.size(), 4u);
  const std::vector<std::string> header = {
      "trial",     "state",     "eta",      "depth",      "param.value", "loss",
      "value",     "fold_0",    "fold_1",   "test_error", "started",     "finished",
      "seconds_0", "seconds_1", "worker_0", "worker_1",   "attempts",    "message"};
  EXPECT_EQ(rows[0], header);
  for (const auto& row : rows) EXPECT_EQ(row.size(), header.size());
  EXPECT_EQ(rows[1][1], "complete");
  EXPECT_EQ(rows[2][1], "failed");
  EXPECT_EQ(rows[3][1], "pending");
}

TEST(TrialsCsv, WritesNumbersThatReadBackExactlyAndLeavesUnknownCellsEmpty) {
  const auto rows = read_csv(trials_csv(two_fold_study()));
  const auto& done = rows[1];
  EXPECT_EQ(std::stod(done[2]), 0.1 / 3);
  EXPECT_EQ(done[3], "4");
  EXPECT_EQ(done[6], "0.1875");
  EXPECT_EQ(done[7], "0.25");
  EXPECT_EQ(done[9], "0.2");
  EXPECT_EQ(done[10], "2025-12-06T19:32:04.123Z");
  EXPECT_EQ(done[11], "2025-12-06T19:32:06.500Z");
  EXPECT_EQ(done[14], "1");
  EXPECT_EQ(done[16], "0");
  const auto& failed = rows[2];
  EXPECT_EQ(failed[6], "");  // no value: the trial did not complete
  EXPECT_EQ(failed[8], "");  // fold 1 never finished
  EXPECT_EQ(failed[13], "");
  EXPECT_EQ(failed[11], "");  // no finish time
  EXPECT_EQ(failed[16], "3");
  const auto& pending = rows[3];
  EXPECT_EQ(pending[10], "");
  EXPECT_EQ(pending[14], "");  // no worker yet
}

TEST(TrialsCsv, QuotesChoicesAndMessagesWithCommasQuotesAndLineBreaks) {
  const std::string text = trials_csv(two_fold_study());
  EXPECT_NE(text.find("\"huber, delta=1\""), std::string::npos);
  const auto rows = read_csv(text);
  EXPECT_EQ(rows[1][5], "huber, delta=1");
  EXPECT_EQ(rows[2][5], "squared");
  EXPECT_EQ(rows[2][17], "fold 1: model said \"out of memory\"\nthen exited");
}

}  // namespace
}  // namespace fermata
