// Resuming safely: a job whose data changed is refused, and a damaged checkpoint says which
// earlier file is intact.

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <fermata/checkpoint/checkpoint.hpp>

#include "e2e/e2e.hpp"

namespace fermata::testing {
namespace {

using ::testing::HasSubstr;

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(Resume, AJobWhoseDataChangedIsRefusedWithExit4NamingTheKey) {
  TempDir dir;
  dir.write("job.yaml", small_job());
  ASSERT_EQ(fermata({"run", "job.yaml"}, dir.path()).exit_code, 0);
  const std::string before = file_bytes(dir.path() + "/small.h5");
  const auto r = fermata(
      {"run", "job.yaml", "--resume", "--max-trials", "6", "--set", "data.generate.rows=400"},
      dir.path());
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_THAT(r.output, HasSubstr("data.generate.rows is '400' in the job but '300'"));
  EXPECT_EQ(file_bytes(dir.path() + "/small.h5"), before);
}

TEST(Resume, EveryWriteKeepsTheCheckpointBeforeItAsPrev) {
  TempDir dir;
  dir.write("job.yaml", small_job());
  ASSERT_EQ(fermata({"run", "job.yaml"}, dir.path()).exit_code, 0);
  const Study previous = read_checkpoint(dir.path() + "/small.h5.prev");
  const Study last = read_checkpoint(dir.path() + "/small.h5");
  EXPECT_LT(previous.updated_utc, last.updated_utc);
  EXPECT_LE(previous.count(TrialState::kComplete), last.count(TrialState::kComplete));
}

TEST(Resume, ATruncatedCheckpointExits4AndNamesTheIntactPreviousOne) {
  TempDir dir;
  dir.write("job.yaml", small_job());
  ASSERT_EQ(fermata({"run", "job.yaml"}, dir.path()).exit_code, 0);
  const std::string path = dir.path() + "/small.h5";
  std::filesystem::resize_file(path, 2000);
  const auto r = fermata({"run", "job.yaml", "--resume", "--max-trials", "6"}, dir.path());
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_THAT(r.output, HasSubstr("truncated"));
  EXPECT_THAT(r.output, HasSubstr("small.h5.prev, is intact"));
  // Following the advice resumes the study.
  std::filesystem::copy_file(path + ".prev", path,
                             std::filesystem::copy_options::overwrite_existing);
  const auto resumed = fermata({"run", "job.yaml", "--resume", "--max-trials", "6"}, dir.path());
  EXPECT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(read_checkpoint(path).count(TrialState::kComplete), 6u);
}

TEST(Resume, ACheckpointOfAnotherJobExits4NamingTheDifference) {
  TempDir dir;
  dir.write("job.yaml", small_job());
  ASSERT_EQ(fermata({"run", "job.yaml"}, dir.path()).exit_code, 0);
  const auto r = fermata({"run", "job.yaml", "--resume", "--seed", "8"}, dir.path());
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_THAT(r.output, HasSubstr("seed is 8 in the job but 7 in the checkpoint"));
}

}  // namespace
}  // namespace fermata::testing
