#include <fermata/report/json_report.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "unit/report/report_fixture.hpp"

namespace fermata {
namespace {

using nlohmann::json;
using testing::running_study;

json parsed(const Study& study) {
  return json::parse(json_report(build_report(study, 1234.5)));
}

TEST(JsonReport, CarriesTheSchemaAndEveryTopLevelSectionInOrder) {
  const std::string text = json_report(build_report(running_study(), 0));
  const auto doc = nlohmann::ordered_json::parse(text);
  std::vector<std::string> keys;
  for (const auto& [key, value] : doc.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"schema", "generated_utc", "study", "status", "best",
                                            "trials", "progress", "criterion", "criteria",
                                            "workers", "best_trials", "pending_trials", "time"}));
  EXPECT_EQ(doc["schema"], "fermata.report/1");
  EXPECT_EQ(text.substr(0, 5), "{\n  \"") << "pretty-printed with two spaces";
}

TEST(JsonReport, WritesNonFiniteNumbersAsNull) {
  Study study = running_study();
  study.stopping.history["regret_bound"][2] = INFINITY;
  study.trials[0].test_error = -INFINITY;
  const std::string text = json_report(build_report(study, kNaN));
  for (const char* bad : {"NaN", "nan", "Infinity", "inf"}) {
    EXPECT_EQ(text.find(bad), std::string::npos) << bad;
  }
  const json doc = json::parse(text);
  EXPECT_TRUE(doc["generated_utc"].is_null());
  EXPECT_TRUE(doc["criterion"]["history"]["regret_bound"][2].is_null());
  EXPECT_TRUE(doc["trials"][0]["test_error"].is_null());
  EXPECT_TRUE(doc["progress"][0]["incumbent_test_error"].is_null());
  const json& running = doc["trials"][4];
  EXPECT_EQ(running["state"], "running");
  EXPECT_TRUE(running["value"].is_null());
  EXPECT_DOUBLE_EQ(running["fold_errors"][0].get<double>(), 0.5);
  EXPECT_TRUE(running["fold_errors"][1].is_null());
  EXPECT_TRUE(running["fold_workers"][1].is_null()) << "no worker is -1 in the model, null here";
  EXPECT_TRUE(doc["criterion"]["history"]["regret_bound"][0].is_null());
  EXPECT_TRUE(doc["criterion"]["history"]["beta"][2].is_null());
}

TEST(JsonReport, GivesIntegersAsIntegersAndCategoricalsAsTheirChoice) {
  const json doc = parsed(running_study());
  const json& params = doc["trials"][1]["params"];
  EXPECT_TRUE(params["x"].is_number_float());
  EXPECT_TRUE(params["n"].is_number_integer());
  EXPECT_EQ(params["n"], 7);
  EXPECT_EQ(params["kind"], "b");
  EXPECT_TRUE(doc["criterion"]["history"]["n_trials"][0].is_number());
  EXPECT_TRUE(doc["criteria"][0]["n_trials"][0].is_number_integer());
}

TEST(JsonReport, ReportsTheBestTrialStatusAndPendingTrials) {
  const json doc = parsed(running_study());
  EXPECT_EQ(doc["status"]["state"], "incomplete");
  EXPECT_EQ(doc["status"]["trials"]["complete"], 3);
  EXPECT_EQ(doc["best"]["trial"], 1);
  EXPECT_DOUBLE_EQ(doc["best"]["value"].get<double>(), 0.3);
  EXPECT_DOUBLE_EQ(doc["best"]["test_error"].get<double>(), 0.35);
  ASSERT_EQ(doc["pending_trials"].size(), 2u);
  EXPECT_EQ(doc["pending_trials"][0]["trial"], 4);
  EXPECT_EQ(doc["pending_trials"][0]["folds_done"], 1);
  EXPECT_EQ(doc["pending_trials"][0]["folds"], 2);
  EXPECT_EQ(doc["best_trials"][0]["rank"], 1);
  EXPECT_EQ(doc["best_trials"][0]["trial"], 1);
  const json& unknown = doc["workers"]["lanes"][0];
  EXPECT_TRUE(unknown["rank"].is_null());
  EXPECT_EQ(unknown["segments"][0]["state"], "running");
}

TEST(JsonReport, HasANullBestBeforeAnyTrialCompleted) {
  const json doc = parsed(Study{});
  EXPECT_TRUE(doc["best"].is_null());
  EXPECT_EQ(doc["status"]["state"], "incomplete");
  EXPECT_TRUE(doc["trials"].empty());
  EXPECT_EQ(doc["criterion"]["rows"], 0);
  EXPECT_TRUE(doc["criterion"]["stop_n_trials"].is_null());
}

TEST(JsonReport, KeepsStringsIntactAndReplacesInvalidUtf8) {
  Study study = running_study("a \"quoted\"\nname</script>");
  study.trials[2].message = std::string("bad byte \xff here");
  const json doc = parsed(study);
  EXPECT_EQ(doc["study"]["name"], "a \"quoted\"\nname</script>");
  EXPECT_EQ(doc["trials"][2]["message"], "bad byte \xEF\xBF\xBD here");
}

}  // namespace
}  // namespace fermata
