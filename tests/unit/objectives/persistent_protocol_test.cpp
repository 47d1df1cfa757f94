// The request and reply lines of model.persistent: what a request carries, which lines count
// as the reply, and what a reply says.
#include "objectives/persistent_protocol.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

Space space() {
  return Space({Parameter{"lr", ParamKind::kFloat, 1e-4, 1.0, true, {}},
                Parameter{"depth", ParamKind::kInt, 1, 8, false, {}},
                Parameter{"booster", ParamKind::kCategorical, 0, 1, false, {"gbtree", "10"}}});
}

std::string parse_error(const std::string& line) {
  try {
    parse_reply(line);
  } catch (const ModelError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ModelError for " << line;
  return "";
}

TEST(PersistentProtocol, ARequestCarriesWhatTheFoldsPlaceholdersWouldAndTheThreadLimit) {
  const FoldRequest request{7, 12, "3", 5, 42, "data/t.csv", 2};
  const json line =
      json::parse(request_line(request, space(), {0.0123456789, 3, 1}, {{"max_iter", "200"}}));
  EXPECT_EQ(line["id"], 7);
  EXPECT_EQ(line["trial"], 12);
  EXPECT_EQ(line["fold"], 3);
  EXPECT_EQ(line["folds"], 5);
  EXPECT_EQ(line["seed"], 42);
  EXPECT_EQ(line["data"], "data/t.csv");
  EXPECT_EQ(line["threads"], 2);
  // Rounded to 6 significant digits, as on a per-fold command line.
  EXPECT_EQ(line["config"]["lr"].get<double>(), 0.0123457);
  EXPECT_TRUE(line["config"]["depth"].is_number_integer());
  EXPECT_EQ(line["config"]["depth"], 3);
  EXPECT_EQ(line["config"]["booster"], "10");  // a choice stays text
  EXPECT_EQ(line["fixed"]["max_iter"], "200");
}

TEST(PersistentProtocol, AFloatAtAWholeValueIsSentAsAFloatAndTheTestFoldAsText) {
  const std::string text = request_line({1, 0, "test", 5, 1, "", 1}, space(), {1.0, 8, 0}, {});
  const json line = json::parse(text);
  EXPECT_EQ(line["fold"], "test");
  EXPECT_TRUE(line["config"]["lr"].is_number_float());
  EXPECT_THAT(text, HasSubstr("\"lr\":1.0"));
  EXPECT_EQ(text.find('\n'), std::string::npos);  // one line
}

TEST(PersistentProtocol, OnlyAJsonObjectWithErrorOrFailedAndTheRightIdIsTheReply) {
  EXPECT_TRUE(is_reply_to(R"({"error": 0.25})", 4));
  EXPECT_TRUE(is_reply_to(R"({"id": 4, "error": 0.25})", 4));
  EXPECT_TRUE(is_reply_to(R"({"id": 4, "failed": "out of memory"})", 4));
  EXPECT_FALSE(is_reply_to(R"({"id": 3, "error": 0.25})", 4));  // an earlier request's
  EXPECT_FALSE(is_reply_to(R"({"id": "4", "error": 0.25})", 4));
  EXPECT_FALSE(is_reply_to(R"({"loss": 0.25})", 4));
  EXPECT_FALSE(is_reply_to("0.25", 4));
  EXPECT_FALSE(is_reply_to("epoch 3: error 0.25", 4));
  EXPECT_FALSE(is_reply_to(R"({"error": 0.25)", 4));
}

TEST(PersistentProtocol, AReplyGivesItsErrorOrTheProgramsReasonForFailing) {
  EXPECT_EQ(parse_reply(R"({"id": 1, "error": 0.125, "auc": 0.9})"), 0.125);
  EXPECT_THAT(parse_error(R"({"id": 1, "failed": "ValueError: C must be > 0"})"),
              HasSubstr("reported that the fold failed: ValueError: C must be > 0"));
  EXPECT_THAT(parse_error(R"({"error": "low"})"), HasSubstr("has no \"error\" number"));
  EXPECT_THAT(parse_error(R"({"error": null})"), HasSubstr("has no \"error\" number"));
}

}  // namespace
}  // namespace fermata
