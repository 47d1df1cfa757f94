#include <fermata/core/error.hpp>
#include <fermata/job/job.hpp>

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fermata {
namespace {

using ::testing::HasSubstr;

class LoadJob : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() /
        ("fermata_load_job_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const std::filesystem::path path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  std::filesystem::path dir_;
};

TEST_F(LoadJob, ReadsTheFileAndNamesTheJobAfterIt) {
  const std::string path = write("knn-iris.yaml", R"(
data: {path: iris.csv}
space: {k: {type: int, low: 1, high: 30}}
budget: {max_trials: 40}
)");
  const Job job = load_job(path);
  EXPECT_EQ(job.file, path);
  EXPECT_EQ(job.name, "knn-iris");
  EXPECT_EQ(job.checkpoint.path, "runs/knn-iris.h5");
  EXPECT_EQ(job.budget.max_trials, 40);
}

TEST_F(LoadJob, AppliesOverrides) {
  const std::string path = write("job.yaml", R"(
data: {path: iris.csv}
space: {k: {type: int, low: 1, high: 30}}
)");
  const Job job = load_job(path, {"budget.max_trials=7"});
  EXPECT_EQ(job.budget.max_trials, 7);
}

TEST_F(LoadJob, MissingFileIsAJobErrorNamingIt) {
  const std::string path = (dir_ / "no-such-job.yaml").string();
  try {
    load_job(path);
    FAIL() << "expected JobError";
  } catch (const JobError& e) {
    EXPECT_THAT(e.what(), HasSubstr(path));
    EXPECT_THAT(e.what(), HasSubstr("No such file"));
    EXPECT_EQ(e.exit_code(), kExitUsage);
  }
}

TEST_F(LoadJob, DirectoryIsAJobError) {
  EXPECT_THROW(load_job(dir_.string()), JobError);
}

TEST_F(LoadJob, ErrorsNameTheFileAndLine) {
  const std::string path = write("typo.yaml",
                                 "data: {path: a.csv}\nspace: {k: {type: int, low: 1, "
                                 "high: 3}}\nbudget:\n  max_trial: 3\n");
  try {
    load_job(path);
    FAIL() << "expected JobError";
  } catch (const JobError& e) {
    EXPECT_THAT(e.what(), HasSubstr(path + ":4:3: unknown key 'max_trial' in 'budget'"));
  }
}

}  // namespace
}  // namespace fermata
