// The command model: placeholders checked up front and filled per fold, the fold's error read
// from the program's last line, and every way a run fails turned into a ModelError.
#include "objectives/command_objective.hpp"

#include <cstdio>
#include <fstream>
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

/// A persistent /bin/sh program (written to a file: a template would need every brace
/// doubled) that appends each request to `log`, then runs `reply` with $id the request's id,
/// cut out of the line (nlohmann writes the keys in order, "id" after "folds").
ObjectiveSpec persistent_spec(const std::string& log, const std::string& reply) {
  const std::string script = log + ".sh";
  std::ofstream(script) << "while read -r line; do echo \"$line\" >> \"$1\"; "
                           "id=${line#*?id?:}; id=${id%%,*}; "
                        << reply << "; done\n";
  ObjectiveSpec spec =
      spec_with({"/bin/sh", script, log, "{{data}}={data}", "{threads}"}, {{"max_iter", "200"}});
  spec.model.persistent = true;
  return spec;
}

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(CommandObjective, PersistentModeStartsTheProgramOnceAndSendsEachFoldAsAJsonLine) {
  const std::string log = testing::TempDir() + "persistent_requests.log";
  std::remove(log.c_str());
  CommandObjective objective(
      persistent_spec(log, R"(echo 'training...'; echo "{\"id\": $id, \"error\": 0.$id}")"));
  // Only the constant placeholders are filled, once; fixed keys travel in each request.
  EXPECT_THAT(objective.persistent_command_line(),
              ElementsAre("/bin/sh", log + ".sh", log, "{data}=data/train.csv", "2"));
  EXPECT_DOUBLE_EQ(objective.evaluate(kConfig, 3, 0), 0.1);
  EXPECT_DOUBLE_EQ(objective.evaluate(kConfig, 3, 4), 0.2);
  EXPECT_DOUBLE_EQ(objective.test_error(kConfig, 3), 0.3);
  EXPECT_EQ(objective.persistent_starts(), 1);
  const std::vector<std::string> requests = lines_of(log);
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[1],
            R"({"config":{"booster":"dart","depth":3,"lr":0.0125},"data":"data/train.csv",)"
            R"("fixed":{"max_iter":"200"},"fold":4,"folds":5,"id":2,"seed":42,"threads":2,)"
            R"("trial":3})");
  EXPECT_THAT(requests[2], HasSubstr(R"("fold":"test")"));
  std::remove(log.c_str());
}

TEST(CommandObjective, PersistentModeTurnsAFailedReplyOrACrashIntoAFailedFoldAndRestarts) {
  const std::string log = testing::TempDir() + "persistent_crash.log";
  std::remove(log.c_str());
  // Request 1 fails politely, request 2 crashes the program, request 3 is answered.
  CommandObjective objective(
      persistent_spec(log, R"(case $id in 1) echo "{\"id\": 1, \"failed\": \"C must be > 0\"}";; )"
                           R"(2) echo 'Segmentation fault in train' >&2; kill -SEGV $$;; )"
                           R"(*) echo "{\"id\": $id, \"error\": 0.5}";; esac)"));
  EXPECT_THAT(model_error(objective), HasSubstr("reported that the fold failed: C must be > 0"));
  const std::string crash = model_error(objective);
  EXPECT_THAT(crash, HasSubstr("was killed by signal 11 (SIGSEGV) before it replied to trial 3 "
                               "fold 0; it starts again for the next fold"));
  EXPECT_THAT(crash, HasSubstr("Segmentation fault in train"));
  EXPECT_DOUBLE_EQ(objective.evaluate(kConfig, 3, 1), 0.5);
  EXPECT_EQ(objective.persistent_starts(), 2);
  std::remove(log.c_str());
}

TEST(CommandObjective, PersistentModeRefusesPlaceholdersThatChangeFromFoldToFold) {
  for (const char* placeholder : {"{lr}", "{fold}", "{trial}"}) {
    ObjectiveSpec spec = spec_with({"/bin/sh", "-c", "true", placeholder});
    spec.model.persistent = true;
    EXPECT_THAT(job_error(spec),
                HasSubstr("changes from fold to fold, and a persistent program starts once"))
        << placeholder;
  }
  // Parameters and fixed keys need no placeholder there: they come in every request.
  ObjectiveSpec spec = spec_with({"/bin/sh", "-c", "true"}, {{"max_iter", "200"}});
  spec.model.persistent = true;
  EXPECT_NO_THROW(CommandObjective{spec});
}

}  // namespace
}  // namespace fermata
