// The `model` keys of the command model: command, timeout_seconds and persistent, their defaults,
// their round trip through to_yaml, and the messages for their mistakes.
#include <fermata/core/error.hpp>
#include <fermata/job/job.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fermata {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr const char* kSpace =
    "data:\n"
    "  path: data.csv\n"
    "space:\n"
    "  lr: {type: float, low: 0.001, high: 1, log: true}\n";

Job parse_model(const std::string& model) {
  return parse_job(std::string(kSpace) + model, "job.yaml");
}

std::string error_of(const std::string& model) {
  try {
    parse_model(model);
  } catch (const JobError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no JobError for:\n" << model;
  return "";
}

TEST(CommandModelJob, ReadsTheCommandAsAListAndDefaultsTheTimeout) {
  const Job job = parse_model(
      "model:\n"
      "  kind: command\n"
      "  command: [python3, train.py, --lr, \"{lr}\", --fold, '{fold}', '{{x}}']\n");
  EXPECT_EQ(job.model.kind, "command");
  EXPECT_THAT(job.model.command,
              ElementsAre("python3", "train.py", "--lr", "{lr}", "--fold", "{fold}", "{{x}}"));
  EXPECT_EQ(job.model.timeout_seconds, 3600.0);
}

TEST(CommandModelJob, ReadsABlockListAndATimeout) {
  const Job job = parse_model(
      "model:\n"
      "  kind: command\n"
      "  timeout_seconds: 2.5\n"
      "  command:\n"
      "    - ./train\n"
      "    - \"{lr}\"\n");
  EXPECT_THAT(job.model.command, ElementsAre("./train", "{lr}"));
  EXPECT_EQ(job.model.timeout_seconds, 2.5);
  EXPECT_EQ(parse_model("model: {kind: command, command: [a], timeout_seconds: 0}\n")
                .model.timeout_seconds,
            0.0);
}

TEST(CommandModelJob, ToYamlPrintsBothKeysAndReadsBackTheSame) {
  const Job job = parse_model(
      "model: {kind: command, timeout_seconds: 90, command: [python3, 'my train.py', "
      "'--lr={lr}', '{{literal}}', '', '#x']}\n");
  const std::string yaml = to_yaml(job);
  EXPECT_THAT(yaml, HasSubstr("timeout_seconds: 90"));
  const Job again = parse_job(yaml, "resolved.yaml");
  EXPECT_EQ(again.model.command, job.model.command);
  EXPECT_EQ(again.model.timeout_seconds, 90.0);
}

TEST(CommandModelJob, PersistentDefaultsToOffAndRoundTripsThroughToYaml) {
  EXPECT_FALSE(parse_model("model: {kind: command, command: [a]}\n").model.persistent);
  const Job job = parse_model("model: {kind: command, persistent: true, command: [a]}\n");
  EXPECT_TRUE(job.model.persistent);
  const std::string yaml = to_yaml(job);
  EXPECT_THAT(yaml, HasSubstr("persistent: true"));
  EXPECT_TRUE(parse_job(yaml, "resolved.yaml").model.persistent);
  EXPECT_THAT(error_of("model: {kind: command, persistent: 1, command: [a]}\n"),
              HasSubstr("model.persistent: expected true or false"));
}

TEST(CommandModelJob, OtherKindsPrintNeitherKey) {
  const std::string yaml = to_yaml(parse_model("model: {kind: xgboost}\n"));
  EXPECT_THAT(yaml, Not(HasSubstr("command")));
  EXPECT_THAT(yaml, Not(HasSubstr("timeout_seconds")));
  EXPECT_THAT(yaml, Not(HasSubstr("persistent")));
}

TEST(CommandModelJob, AMissingCommandNamesTheBlockAndAnExample) {
  EXPECT_EQ(error_of("model:\n  kind: command\n"),
            "job.yaml:6:3: model: missing required key 'command' for kind command (expected the "
            "program and its arguments as a list of strings, e.g. [python3, train.py, --fold, "
            "\"{fold}\"])");
}

TEST(CommandModelJob, ASingleStringIsRefusedSinceNoShellSplitsIt) {
  EXPECT_THAT(error_of("model: {kind: command, command: python3 train.py}\n"),
              StartsWith("job.yaml:5:33: model.command: expected a non-empty list of strings (the "
                         "program and its arguments, run without a shell"));
  EXPECT_THAT(error_of("model: {kind: command, command: python3 train.py}\n"),
              HasSubstr("found 'python3 train.py'"));
  EXPECT_THAT(error_of("model: {kind: command, command: []}\n"), HasSubstr("found an empty list"));
}

TEST(CommandModelJob, AnUnquotedPlaceholderIsExplained) {
  EXPECT_EQ(error_of("model:\n  kind: command\n  command: [python3, {lr}]\n"),
            "job.yaml:7:22: model.command[1]: expected a string, found a mapping; quote "
            "placeholders: \"{lr}\"");
}

TEST(CommandModelJob, NestedOrMissingArgumentsAreErrors) {
  EXPECT_THAT(error_of("model: {kind: command, command: [a, [b]]}\n"),
              HasSubstr("model.command[1]: expected a string, found a list"));
  EXPECT_THAT(error_of("model: {kind: command, command: [a, ~]}\n"),
              HasSubstr("model.command[1]: expected a string, found nothing"));
}

TEST(CommandModelJob, ANegativeTimeoutIsAnError) {
  EXPECT_EQ(error_of("model: {kind: command, command: [a], timeout_seconds: -1}\n"),
            "job.yaml:5:55: model.timeout_seconds: expected a number >= 0, found '-1'");
}

TEST(CommandModelJob, CommandKeysWithAnotherKindAreErrors) {
  EXPECT_EQ(error_of("model: {kind: xgboost, command: [a]}\n"),
            "job.yaml:5:33: model.command: only used by model.kind command, found kind "
            "'xgboost'");
  EXPECT_THAT(error_of("model: {timeout_seconds: 5}\n"),
              HasSubstr("model.timeout_seconds: only used by model.kind command, found kind "
                        "'xgboost'"));
  EXPECT_THAT(error_of("model: {kind: mlp, persistent: true}\n"),
              HasSubstr("model.persistent: only used by model.kind command, found kind 'mlp'"));
}

}  // namespace
}  // namespace fermata
