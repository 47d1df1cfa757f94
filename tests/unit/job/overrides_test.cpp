#include <fermata/core/error.hpp>
#include <fermata/job/job.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fermata {
namespace {

using ::testing::HasSubstr;

constexpr const char* kJob = R"(
data:
  path: data.csv
space:
  x: {type: float, low: 0, high: 1}
budget:
  max_trials: 50
stopping:
)";

std::string error_of(const std::vector<std::string>& overrides) {
  try {
    parse_job(kJob, "job.yaml", overrides);
  } catch (const JobError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no JobError";
  return "";
}

TEST(JobOverrides, SetAnIntegerOverAnExistingValue) {
  EXPECT_EQ(parse_job(kJob, "job.yaml", {"budget.max_trials=5"}).budget.max_trials, 5);
}

TEST(JobOverrides, SetAStringAndATopLevelKey) {
  const Job job = parse_job(kJob, "job.yaml", {"data.path=other.csv", "name=renamed", "seed=9"});
  EXPECT_EQ(job.data.path, "other.csv");
  EXPECT_EQ(job.name, "renamed");
  EXPECT_EQ(job.seed, 9u);
  EXPECT_EQ(job.checkpoint.path, "runs/renamed.h5");
}

TEST(JobOverrides, ValueIsSplitAtTheFirstEqualsSign) {
  const Job job = parse_job(kJob, "job.yaml", {"model.fixed.args=a=b"});
  EXPECT_EQ(job.model.fixed.at("args"), "a=b");
}

TEST(JobOverrides, SetAListIntoAnEmptyBlock) {
  const Job job = parse_job(kJob, "job.yaml", {"stopping.monitor=[patience,emmr]"});
  EXPECT_EQ(job.stopping.monitor, (std::vector<std::string>{"patience", "emmr"}));
}

TEST(JobOverrides, CreatesMissingIntermediateMappings) {
  const Job job = parse_job(kJob, "job.yaml", {"cv.folds=3", "model.fixed.depth=4"});
  EXPECT_EQ(job.cv.folds, 3);
  EXPECT_EQ(job.model.fixed.at("depth"), "4");
}

TEST(JobOverrides, AddsAParameterToTheSpace) {
  const Job job =
      parse_job(kJob, "job.yaml", {"space.lr={type: float, low: 1e-4, high: 1, log: true}"});
  ASSERT_EQ(job.space.size(), 2u);
  EXPECT_EQ(job.space[1].name, "lr");
  EXPECT_TRUE(job.space[1].log);
  EXPECT_EQ(job.space[1].low, 1e-4);
}

TEST(JobOverrides, LaterOverridesWin) {
  const Job job = parse_job(kJob, "job.yaml", {"budget.max_trials=5", "budget.max_trials=6"});
  EXPECT_EQ(job.budget.max_trials, 6);
}

TEST(JobOverrides, WorkOnAnEmptyDocument) {
  const Job job =
      parse_job("", "job.yaml", {"data.path=d.csv", "space.x={type: int, low: 1, high: 4}"});
  EXPECT_EQ(job.data.path, "d.csv");
  EXPECT_EQ(job.space[0].kind, ParamKind::kInt);
}

TEST(JobOverrides, MalformedOverridesAreRejectedByName) {
  EXPECT_THAT(error_of({"budget.max_trials"}),
              HasSubstr("--set budget.max_trials: expected key.path=value"));
  EXPECT_THAT(error_of({"=5"}), HasSubstr("--set =5: the key path '' has an empty part"));
  EXPECT_THAT(error_of({"budget..max_trials=5"}), HasSubstr("--set budget..max_trials=5"));
  EXPECT_THAT(error_of({"budget.max_trials=[1"}),
              HasSubstr("--set budget.max_trials=[1: the value is not valid YAML"));
  EXPECT_THAT(error_of({"data.path.x=1"}),
              HasSubstr("--set data.path.x=1: cannot set 'data.path.x' because 'data.path'"));
}

TEST(JobOverrides, ValuesAreValidatedLikeTheFileAndBlameTheOverride) {
  EXPECT_EQ(error_of({"budget.max_trials=ten"}),
            "job.yaml: budget.max_trials: expected an integer >= 1, found 'ten' "
            "(from --set budget.max_trials=ten)");
  EXPECT_EQ(error_of({"budget.max_trial=5"}),
            "job.yaml: unknown key 'max_trial' in 'budget' (expected one of: max_trials, "
            "max_seconds); did you mean 'max_trials'? (from --set budget.max_trial=5)");
  EXPECT_THAT(error_of({"stopping.monitor=[patience, emr]"}),
              HasSubstr("stopping.monitor[1]: expected one of"));
  EXPECT_THAT(error_of({"stopping.monitor=[patience, emr]"}),
              HasSubstr("(from --set stopping.monitor=[patience, emr])"));
}

TEST(JobOverrides, ProblemsCausedBelowAKeyMentionTheOverride) {
  EXPECT_EQ(error_of({"space.x.low=2"}),
            "job.yaml:5:6: space.x: needs finite low <= high (found low: 2, high: 1) "
            "(after --set space.x.low=2)");
}

}  // namespace
}  // namespace fermata
