// The bad-input cases of the command line: each exits with its documented code and a
// message naming the file, the key or line, and what was expected and found.

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "e2e/e2e.hpp"

namespace fermata::testing {
namespace {

using ::testing::HasSubstr;

TEST(BadJob, UnknownKeyExits2NamingFileKeyAndLine) {
  TempDir dir;
  dir.write("job.yaml", small_job("budgett: {max_trials: 3}\n"));
  const auto r = fermata({"run", "job.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("job.yaml:20"));
  EXPECT_THAT(r.output, HasSubstr("budgett"));
  EXPECT_THAT(r.output, HasSubstr("budget"));  // the suggestion
}

TEST(BadJob, WrongTypeExits2NamingKeyExpectedAndFound) {
  TempDir dir;
  std::string job = small_job();
  job.replace(job.find("max_trials: 4"), 13, "max_trials: many");
  dir.write("job.yaml", job);
  const auto r = fermata({"validate", "job.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("budget.max_trials"));
  EXPECT_THAT(r.output, HasSubstr("many"));
  EXPECT_THAT(r.output, HasSubstr("job.yaml:17"));
}

TEST(BadJob, MissingRequiredKeyExits2) {
  TempDir dir;
  std::string job = small_job();
  job.erase(job.find("space:"), job.find("optimizer:") - job.find("space:"));
  dir.write("job.yaml", job);
  const auto r = fermata({"run", "job.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("space"));
  EXPECT_THAT(r.output, HasSubstr("job.yaml"));
}

std::string job_on_file(const std::string& file, const std::string& target = "label") {
  std::string job = small_job();
  const auto from = job.find("  generate:");
  const auto to = job.find("  test_fraction");
  job.replace(from, to - from, "  path: " + file + "\n  target: " + target + "\n");
  return job;
}

TEST(BadData, MissingFileExits3NamingIt) {
  TempDir dir;
  dir.write("job.yaml", job_on_file("nowhere.csv"));
  const auto r = fermata({"run", "job.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_THAT(r.output, HasSubstr("nowhere.csv"));
}

std::string table(int rows) {
  std::string csv = "a,b,label\n";
  for (int i = 0; i < rows; ++i) {
    csv += std::to_string(i % 7) + "," + std::to_string((i * 3) % 11) + "," +
           std::to_string(i % 2) + "\n";
  }
  return csv;
}

TEST(BadData, MissingTargetColumnExits3) {
  TempDir dir;
  dir.write("data.csv", table(60));
  dir.write("job.yaml", job_on_file("data.csv", "class"));
  const auto r = fermata({"run", "job.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_THAT(r.output, HasSubstr("data.csv:1"));
  EXPECT_THAT(r.output, HasSubstr("'class' not found"));
}

TEST(BadData, RaggedRowExits3NamingTheLine) {
  TempDir dir;
  std::string csv = table(60);
  csv += "1,2\n";  // line 62
  dir.write("data.csv", csv);
  dir.write("job.yaml", job_on_file("data.csv"));
  const auto r = fermata({"run", "job.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_THAT(r.output, HasSubstr("data.csv:62"));
  EXPECT_THAT(r.output, HasSubstr("expected 3 fields"));
}

// Text makes a column categorical; one with more distinct texts than a model can learn from
// (an identifier) is refused, naming the column and where its text starts.
TEST(BadData, IdentifierTextColumnExits3NamingIt) {
  TempDir dir;
  std::string csv = "a,b,label\n";
  for (int i = 0; i < 1100; ++i) {
    csv += "id" + std::to_string(i) + "," + std::to_string(i % 11) + "," + std::to_string(i % 2) +
           "\n";
  }
  dir.write("data.csv", csv);
  dir.write("job.yaml", job_on_file("data.csv"));
  const auto r = fermata({"run", "job.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_THAT(r.output, HasSubstr("data.csv: column 'a' (text from line 2: 'id0')"));
  EXPECT_THAT(r.output, HasSubstr("at most 1000 distinct"));
}

TEST(ExistingCheckpoint, RunWithoutResumeExits2AndLeavesTheFileUntouched) {
  TempDir dir;
  dir.write("job.yaml", small_job());
  const std::string checkpoint = dir.write("small.h5", "previous run's bytes");
  const auto r = fermata({"run", "job.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("--resume"));
  EXPECT_THAT(r.output, HasSubstr("remove"));
  std::ifstream in(checkpoint);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "previous run's bytes");
}

}  // namespace
}  // namespace fermata::testing

namespace fermata::testing {
namespace {

TEST(BadDataUnderMpi, MpirunExits3AndTheErrorIsPrintedOnce) {
  TempDir dir;
  std::string csv = "a,b,label\n";
  for (int i = 0; i < 40; ++i) csv += std::to_string(i) + ",1," + std::to_string(i % 2) + "\n";
  csv += "1,2\n";
  dir.write("data.csv", csv);
  dir.write("job.yaml",
            "name: t\ndata: {path: data.csv, target: label}\n"
            "space: {max_depth: {type: int, low: 1, high: 3}}\n");
  const auto r =
      run_process({FERMATA_MPIRUN, "-n", "3", FERMATA_BINARY, "run", "job.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 3) << r.output;
  // Rank 0 checks the data and tells the workers; only it prints the error.
  const auto first = r.output.find("data.csv:42");
  ASSERT_NE(first, std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("data.csv:42", first + 1), std::string::npos) << r.output;
}

}  // namespace
}  // namespace fermata::testing
