// Every data format through the real binary: the same data set gives the same fold errors
// whatever file it comes from, and bad data exits 3 naming the file and line.

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/data/table_reader.hpp>

#include "e2e/e2e.hpp"
#include "hdf5/hdf5_data.hpp"
#include "hdf5/hdf5_handle.hpp"

namespace fermata::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

const std::string kCreditG =
    std::string(FERMATA_SOURCE_DIR) + "/../shared/data/credit_g/credit_g.tsv.gz";

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

std::string job_on(const std::string& path, const std::string& target,
                   const std::string& extra = "") {
  return fmt::format(R"(name: formats
seed: 11
data:
  path: "{}"
  target: {}
  test_fraction: 0.2
{}cv:
  folds: 5
model:
  kind: xgboost
  fixed: {{n_estimators: 8}}
space:
  max_depth: {{type: int, low: 1, high: 4}}
  learning_rate: {{type: float, low: 0.01, high: 1.0, log: true}}
optimizer:
  kind: random
budget:
  max_trials: 3
checkpoint:
  path: run.h5
)",
                     path, target, extra);
}

// Credit-g with its label as strings in the first column.
void write_csv(const Dataset& d, const std::string& path) {
  std::string text = "label";
  for (const std::string& name : d.feature_names) text += "," + name;
  text += "\n";
  for (Eigen::Index r = 0; r < d.X.rows(); ++r) {
    text += d.y[r] == 0.0f ? "class_a" : "\"class_b\"";
    for (Eigen::Index c = 0; c < d.X.cols(); ++c) text += fmt::format(",{}", d.X(r, c));
    text += "\n";
  }
  write_file(path, text);
}

// 1-based, zeros left out as LibSVM writers do.
void write_libsvm(const Dataset& d, const std::string& path) {
  std::string text;
  for (Eigen::Index r = 0; r < d.X.rows(); ++r) {
    text += d.class_labels[static_cast<std::size_t>(d.y[r])];
    for (Eigen::Index c = 0; c < d.X.cols(); ++c) {
      if (d.X(r, c) != 0.0f) text += fmt::format(" {}:{}", c + 1, d.X(r, c));
    }
    text += "\n";
  }
  write_file(path, text);
}

void write_hdf5(const Dataset& d, const std::string& path) {
  std::vector<double> x(d.X.data(), d.X.data() + d.X.size());  // row-major, as stored
  std::vector<std::int64_t> y;
  for (Eigen::Index r = 0; r < d.y.size(); ++r) {
    y.push_back(std::stoll(d.class_labels[static_cast<std::size_t>(d.y[r])]));
  }
  h5::Handle file = h5::create_file(path);
  h5::write_dataset(file, "X", {d.rows(), d.features()}, x);
  h5::write_dataset(file, "y", {d.rows()}, y);
  file.close();
}

Study run_job(const TempDir& dir, const std::string& name, const std::string& job) {
  const std::string folder = dir.path() + "/" + name;
  std::filesystem::create_directories(folder);
  write_file(folder + "/job.yaml", job);
  const auto r = fermata({"run", "job.yaml", "--local-workers", "2", "--quiet"}, folder);
  EXPECT_EQ(r.exit_code, 0) << name << ":\n" << r.output;
  return read_checkpoint(folder + "/run.h5");
}

TEST(DataFormats, CreditGGivesTheSameFoldErrorsInEveryFormat) {
  if (!std::filesystem::exists(kCreditG)) {
    GTEST_SKIP() << "credit-g is not at " << kCreditG << " (the shared data sets are missing)";
  }
  const Dataset credit = read_table(kCreditG, "target", Task::kClassification);
  ASSERT_EQ(credit.class_labels, (std::vector<std::string>{"0", "1"}));
  TempDir dir;
  write_csv(credit, dir.path() + "/credit.csv");
  write_libsvm(credit, dir.path() + "/credit.libsvm");
  write_hdf5(credit, dir.path() + "/credit.h5");

  const Study original = run_job(dir, "tsv", job_on(kCreditG, "target"));
  const std::vector<Study> converted = {
      run_job(dir, "csv", job_on(dir.path() + "/credit.csv", "label")),
      run_job(dir, "libsvm", job_on(dir.path() + "/credit.libsvm", "ignored")),
      run_job(dir, "hdf5", job_on(dir.path() + "/credit.h5", "ignored"))};
  ASSERT_EQ(original.trials.size(), 3u);
  for (const Trial& t : original.trials) {
    ASSERT_EQ(t.fold_error.size(), 5u);
    for (double e : t.fold_error) EXPECT_TRUE(std::isfinite(e) && e > 0.0 && e < 1.0) << e;
  }
  for (std::size_t f = 0; f < converted.size(); ++f) {
    SCOPED_TRACE(f == 0 ? "csv" : f == 1 ? "libsvm" : "hdf5");
    ASSERT_EQ(converted[f].trials.size(), original.trials.size());
    for (std::size_t i = 0; i < original.trials.size(); ++i) {
      EXPECT_EQ(converted[f].trials[i].params, original.trials[i].params);
      EXPECT_EQ(converted[f].trials[i].fold_error, original.trials[i].fold_error);
    }
  }
}

// A 60-row table: a, b, label; `edit` changes it before it is written.
std::string small_table() {
  std::string csv = "a,b,label\n";
  for (int i = 0; i < 60; ++i) {
    csv += fmt::format("{},{},{}\n", i % 7, (i * 3) % 11, i % 2);
  }
  return csv;
}

// Replaces the text of data line `line` (1-based, counting the header).
std::string with_line(std::string csv, int line, const std::string& text) {
  std::size_t begin = 0;
  for (int l = 1; l < line; ++l) begin = csv.find('\n', begin) + 1;
  return csv.replace(begin, csv.find('\n', begin) - begin, text);
}

struct BadCase {
  const char* name;
  std::string csv;
  const char* target;
  const char* expected;  ///< besides the file name
};

TEST(DataFormats, BadDataExits3NamingTheFileAndLine) {
  const std::vector<BadCase> cases = {
      {"empty", "", "label", "data.csv: empty file: expected a header line"},
      {"ragged", with_line(small_table(), 9, "1,2"), "label", "data.csv:9: expected 3 fields"},
      {"infinite feature", with_line(small_table(), 5, "inf,9,1"), "label",
       "data.csv:5: column 'a'"},
      {"no target column", small_table(), "class", "data.csv:1: target column 'class'"},
      {"NaN target", with_line(small_table(), 12, "1,2,NaN"), "label",
       "data.csv:12: target column 'label'"},
      {"empty target", with_line(small_table(), 30, "1,2,"), "label",
       "data.csv:30: target column 'label'"},
      {"NaN feature", with_line(small_table(), 7, "1,NaN,0"), "label",
       "data.csv:7: column 'b': missing value (data.missing is 'error'"},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    dir.write("data.csv", c.csv);
    dir.write("job.yaml", job_on("data.csv", c.target));
    const auto r = fermata({"run", "job.yaml"}, dir.path());
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_THAT(r.output, HasSubstr(c.expected));
  }
}

TEST(DataFormats, MissingFeaturesRunWhenAllowed) {
  TempDir dir;
  std::string csv = with_line(small_table(), 7, "1,NaN,0");
  csv = with_line(csv, 20, ",4,1");
  csv = with_line(csv, 33, "?,,1");
  dir.write("data.csv", csv);
  dir.write("job.yaml", job_on("data.csv", "label", "  missing: allow\n"));
  const auto r = fermata({"run", "job.yaml", "--local-workers", "2"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const Study study = read_checkpoint(dir.path() + "/run.h5");
  EXPECT_EQ(study.count(TrialState::kComplete), 3u);
}

TEST(DataFormats, BadHdf5AndUnknownExtensionExit3) {
  TempDir dir;
  {
    h5::Handle file = h5::create_file(dir.path() + "/d.h5");
    h5::write_dataset(file, "X", {2, 1}, std::vector<double>{1, 2});
    file.close();
  }
  dir.write("job.yaml", job_on("d.h5", "ignored"));
  auto r = fermata({"run", "job.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_THAT(r.output, AllOf(HasSubstr("d.h5: data.y_dataset"), HasSubstr("'/y'")));

  dir.write("d.parquet", "PAR1");
  dir.write("job.yaml", job_on("d.parquet", "label"));
  r = fermata({"run", "job.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_THAT(r.output, AllOf(HasSubstr("d.parquet"), HasSubstr("data.format")));
}

}  // namespace
}  // namespace fermata::testing
