// The command model: placeholders checked up front and filled per fold, the fold's error read
// from the program's last line, and every way a run fails turned into a ModelError.
#include "objectives/command_objective.hpp"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

ObjectiveSpec spec_with(std::vector<std::string> command,
                        std::map<std::string, std::string> fixed = {}) {
  ObjectiveSpec spec;
  spec.space =
      Space({Parameter{"lr", ParamKind::kFloat, 1e-4, 1.0, true, {}},
             Parameter{"depth", ParamKind::kInt, 1, 8, false, {}},
             Parameter{"booster", ParamKind::kCategorical, 0, 1, false, {"gbtree", "dart"}}});
  spec.model.kind = "command";
  spec.model.threads = 2;
  spec.model.command = std::move(command);
  spec.model.fixed = std::move(fixed);
  spec.data.path = "data/train.csv";
  spec.cv.folds = 5;
  spec.seed = 42;
  return spec;
}

/// `script` run by sh, with $1 $2 $3 = lr depth booster.
ObjectiveSpec sh_spec(const std::string& script) {
  return spec_with({"/bin/sh", "-c", script, "sh", "{lr}", "{depth}", "{booster}"});
}

const Config kConfig = {0.0125, 3, 1};

std::string job_error(const ObjectiveSpec& spec) {
  try {
    CommandObjective objective(spec);
  } catch (const JobError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no JobError";
  return "";
}

std::string model_error(CommandObjective& objective, int fold = 0) {
  try {
    objective.evaluate(kConfig, 3, fold);
  } catch (const ModelError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ModelError";
  return "";
}

TEST(CommandObjective, FillsEveryPlaceholderAndUnescapesBraces) {
  const CommandObjective objective(
      spec_with({"sh", "--lr={lr}", "{depth}", "{booster}", "{fold}/{folds}", "{seed}", "{trial}",
                 "{data}", "{threads}", "{epochs}", "{{literal}}", "}}{{lr}}{{"},
                {{"epochs", "7"}}));
  EXPECT_THAT(objective.command_line(kConfig, 12, "3"),
              ElementsAre("sh", "--lr=0.0125", "3", "dart", "3/5", "42", "12", "data/train.csv",
                          "2", "7", "{literal}", "}{lr}{"));
  EXPECT_EQ(objective.command_line(kConfig, 12, "test")[4], "test/5");
  EXPECT_EQ(objective.folds(), 5);
}

TEST(CommandObjective, DataIsEmptyForGeneratedData) {
  ObjectiveSpec spec = sh_spec("{data}");
  spec.data.path.clear();
  spec.data.generate = GenerateSettings{};
  EXPECT_EQ(CommandObjective(spec).command_line(kConfig, 0, "0")[2], "");
  EXPECT_EQ(CommandObjective(sh_spec("{data}")).command_line(kConfig, 0, "0")[2], "data/train.csv");
}

TEST(CommandObjective, AnUnknownPlaceholderIsAJobErrorListingTheValidOnes) {
  const std::string message =
      job_error(spec_with({"sh", "--lr={learning_rate}", "{lr}", "{depth}", "{booster}"}));
  EXPECT_THAT(message, HasSubstr("model.command[1]: unknown placeholder {learning_rate} in "
                                 "'--lr={learning_rate}'"));
  EXPECT_THAT(message, HasSubstr("{lr}, {depth}, {booster}, {fold}, {folds}, {seed}, {trial}, "
                                 "{data}, {threads}"));
}

TEST(CommandObjective, UnbalancedBracesAreJobErrors) {
  EXPECT_THAT(job_error(spec_with({"sh", "{lr", "{depth}", "{booster}"})),
              HasSubstr("model.command[1]: unclosed '{' in '{lr'"));
  EXPECT_THAT(job_error(spec_with({"sh", "{lr}}", "{depth}", "{booster}"})),
              HasSubstr("model.command[1]: unmatched '}' in '{lr}}'"));
  EXPECT_THAT(job_error(spec_with({"sh", "{{lr}", "{depth}", "{booster}"})),
              HasSubstr("unmatched '}'"));
}

TEST(CommandObjective, AParameterTheCommandNeverUsesIsAJobError) {
  EXPECT_THAT(job_error(spec_with({"sh", "{lr}", "{booster}"})),
              HasSubstr("space.depth: model.command never uses {depth}"));
}

TEST(CommandObjective, AnUnusedFixedKeyIsAJobError) {
  EXPECT_THAT(job_error(spec_with({"sh", "{lr}", "{depth}", "{booster}"}, {{"epohcs", "7"}})),
              HasSubstr("model.fixed.epohcs: model.command never uses {epohcs}"));
}

TEST(CommandObjective, ANameTakenByABuiltinPlaceholderIsAJobError) {
  ObjectiveSpec spec = sh_spec("{seed}");
  spec.space = Space({Parameter{"seed", ParamKind::kInt, 1, 9, false, {}}});
  EXPECT_THAT(job_error(spec), HasSubstr("space.seed: the command model's placeholder {seed}"));
}

TEST(CommandObjective, AMissingProgramIsAJobErrorAtConstruction) {
  ObjectiveSpec spec = sh_spec("x");
  spec.model.command[0] = "fermata-no-such-program";
  EXPECT_THAT(job_error(spec), HasSubstr("model.command[0]: expected a program, found "
                                         "'fermata-no-such-program', which is in no directory"));
  spec.model.command[0] = "./no/such/train.py";
  EXPECT_THAT(job_error(spec), HasSubstr("expected an executable file, found './no/such/train.py', "
                                         "which does not exist"));
  spec.model.command[0] = "/dev/null";
  EXPECT_THAT(job_error(spec), HasSubstr("'/dev/null', which is not an executable file"));
}

TEST(CommandObjective, ReadsANumberFromTheLastLine) {
  CommandObjective objective(sh_spec("echo training; echo $1"));
  EXPECT_DOUBLE_EQ(objective.evaluate(kConfig, 0, 2), 0.0125);
}

TEST(CommandObjective, ReadsTheErrorKeyOfAJsonLastLine) {
  // Literal braces in the template are doubled.
  CommandObjective objective(sh_spec(R"(echo '{{"auc": 0.9, "error": 0.25, "n": [1, 2]}}')"));
  EXPECT_DOUBLE_EQ(objective.evaluate(kConfig, 0, 0), 0.25);
}

TEST(CommandObjective, AnUnparsableLastLineIsAModelErrorWithTheStderrTail) {
  CommandObjective objective(sh_spec("echo 'loss went down' >&2; echo done"));
  const std::string message = model_error(objective);
  EXPECT_THAT(message, HasSubstr("exited with status 0 but its last line 'done' is neither a "
                                 "number nor a JSON object"));
  EXPECT_THAT(message, HasSubstr("end of its standard error:\nloss went down"));
}

TEST(CommandObjective, NoOutputIsAModelError) {
  CommandObjective objective(sh_spec("true"));
  const std::string message = model_error(objective);
  EXPECT_THAT(message, HasSubstr("printed nothing on standard output"));
  EXPECT_THAT(message, HasSubstr("its standard error was empty"));
}

TEST(CommandObjective, ANonZeroExitIsAModelErrorWithTheCommandStatusAndStderr) {
  CommandObjective objective(sh_spec("echo 0.5; echo 'Traceback: out of memory' >&2; exit 2"));
  const std::string message = model_error(objective);
  EXPECT_THAT(message, HasSubstr("command '/bin/sh -c "));
  EXPECT_THAT(message, HasSubstr(" sh 0.0125 3 dart' exited with status 2"));
  EXPECT_THAT(message, HasSubstr("Traceback: out of memory"));
}

TEST(CommandObjective, RunningPastTheTimeoutIsAModelErrorNamingTheSetting) {
  ObjectiveSpec spec = sh_spec("echo starting >&2; exec sleep 100");
  spec.model.timeout_seconds = 0.2;
  CommandObjective objective(spec);
  const std::string message = model_error(objective);
  EXPECT_THAT(message, HasSubstr("ran longer than model.timeout_seconds (0.2 s)"));
  EXPECT_THAT(message, HasSubstr("starting"));
}

TEST(CommandObjective, TestErrorRunsTheCommandWithFoldTest) {
  CommandObjective objective(spec_with({"/bin/sh", "-c", "[ \"$1\" = test ] && echo 0.375", "sh",
                                        "{fold}", "{lr}", "{depth}", "{booster}"}));
  EXPECT_DOUBLE_EQ(objective.test_error(kConfig, 4), 0.375);
  EXPECT_THAT(model_error(objective, 1), HasSubstr("exited with status 1"));
}

TEST(CommandObjective, AFoldOutsideThePlanIsAModelError) {
  CommandObjective objective(sh_spec("echo 1"));
  EXPECT_THAT(model_error(objective, 5), HasSubstr("expected a fold in [0, 4], found 5"));
}

}  // namespace
}  // namespace fermata
