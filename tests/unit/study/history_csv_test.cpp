#include <fermata/study/history_csv.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

using ::testing::HasSubstr;

const Space kSpace({Parameter{"depth", ParamKind::kInt, 1, 8, false, {}},
                    Parameter{
                        "booster", ParamKind::kCategorical, 0, 1, false, {"gbtree", "dart"}}});

Trial complete_trial(std::int64_t id, Config params, std::vector<double> errors,
                     std::vector<double> seconds, double test_error) {
  Trial t = Trial::make(id, std::move(params), static_cast<int>(errors.size()));
  t.fold_error = std::move(errors);
  t.fold_seconds = std::move(seconds);
  t.test_error = test_error;
  t.state = TrialState::kComplete;
  t.value = (t.fold_error[0] + t.fold_error[1]) / 2;
  return t;
}

TEST(RecordedHistory, RoundTripsTrialsTimingAndHeaderExactly) {
  const Trial a = complete_trial(3, {4, 1}, {0.1 / 3, 0.2}, {1.25, 0.0625}, 0.3);
  const Trial b = complete_trial(1, {2, 0}, {0.5, 0.7}, {2.5, 1.0 / 3}, kNaN);
  HistoryHeader header;
  header.run = "xgboost-phoneme-s1";
  header.validation_ratio = 1.0 / 9;
  header.job_yaml = "name: x\nspace:\n  depth: {type: int, low: 1, high: 8}\n";
  const std::string text = recorded_history_csv({&a, &b}, kSpace, 2, header);

  const HistoryHeader read = parse_history_header(text, "run.csv");
  EXPECT_EQ(read.run, header.run);
  EXPECT_EQ(read.validation_ratio, header.validation_ratio);
  EXPECT_EQ(read.job_yaml, header.job_yaml);
  const std::vector<Trial> trials = parse_history_csv(text, "run.csv", kSpace, 2, true);
  ASSERT_EQ(trials.size(), 2u);
  EXPECT_EQ(trials[0].id, 3);  // file order is completion order, not id order
  EXPECT_EQ(trials[0].params, (Config{4, 1}));
  EXPECT_EQ(trials[0].fold_error, a.fold_error);
  EXPECT_EQ(trials[0].fold_seconds, a.fold_seconds);
  EXPECT_EQ(trials[0].test_error, 0.3);
  EXPECT_EQ(trials[1].fold_seconds, b.fold_seconds);
  EXPECT_TRUE(std::isnan(trials[1].test_error));  // no incumbent test error yet
  EXPECT_LT(trials[0].finished, trials[1].finished);
}

TEST(RecordedHistory, PlainHistoryHasNoHeaderAndNeedsNoTiming) {
  const Trial a = complete_trial(0, {4, 1}, {0.1, 0.2}, {1, 1}, 0.3);
  const std::string text = history_csv({&a}, kSpace, 2);
  EXPECT_EQ(text.rfind("trial,depth,booster,fold_0,fold_1\n", 0), 0u);
  EXPECT_TRUE(parse_history_header(text, "h.csv").job_yaml.empty());
  const std::vector<Trial> trials = parse_history_csv(text, "h.csv", kSpace, 2);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_DOUBLE_EQ(trials[0].value, 0.15);
}

TEST(RecordedHistory, MissingTimingColumnNamesTheFileAndTheHeaderLineAfterComments) {
  const std::string text =
      "# run: r\n#| name: r\ntrial,depth,booster,fold_0,fold_1\n0,1,gbtree,1,2\n";
  try {
    parse_history_csv(text, "r.csv.gz", kSpace, 2, true);
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(), HasSubstr("r.csv.gz:3"));
    EXPECT_THAT(e.what(), HasSubstr("seconds_0"));
    EXPECT_EQ(e.exit_code(), kExitData);
  }
}

TEST(RecordedHistory, BadCellIsReportedAtItsLineCountingCommentLines) {
  const std::string text =
      "# run: r\ntrial,depth,booster,fold_0,fold_1\n0,1,gbtree,1,2\n"
      "# a note\n1,1,dart,x,2\n";
  try {
    parse_history_csv(text, "r.csv", kSpace, 2);
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(), HasSubstr("r.csv:5"));
    EXPECT_THAT(e.what(), HasSubstr("fold_0"));
  }
}

TEST(RecordedHistory, ValidationRatioThatIsNotANumberIsReportedAtItsLine) {
  EXPECT_THROW(parse_history_header("# run: r\n# validation_ratio: abc\n", "r.csv"), DataError);
}

TEST(HistoryCsv, ATrialIdThatIsNoIntegerIsAnErrorNamingTheLine) {
  for (const char* id : {"6.66667e+115", "-1", "2.5"}) {
    const std::string text =
        std::string("trial,depth,booster,fold_0,fold_1\n0,3,gbtree,0.1,0.2\n") + id +
        ",4,dart,0.1,0.2\n";
    try {
      parse_history_csv(text, "h.csv", kSpace, 2);
      ADD_FAILURE() << "no error for trial id " << id;
    } catch (const Error& e) {
      EXPECT_THAT(e.what(), ::testing::HasSubstr("h.csv:3: column 'trial': expected a trial id"));
    }
  }
}

}  // namespace
}  // namespace fermata
