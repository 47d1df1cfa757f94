#include <fermata/data/load.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>
#include <fermata/data/generate.hpp>

#include "unit/data/fixtures.hpp"

namespace fermata {
namespace {

using test_support::TempDir;
using ::testing::AllOf;
using ::testing::HasSubstr;

DataSettings generated(const std::string& kind, Task task) {
  DataSettings s;
  s.task = task;
  s.generate = GenerateSettings{};
  s.generate->kind = kind;
  s.generate->rows = 200;
  return s;
}

std::string job_error(const DataSettings& s) {
  try {
    load_dataset(s, 1);
  } catch (const JobError& e) {
    EXPECT_EQ(e.exit_code(), kExitUsage);
    return e.what();
  }
  ADD_FAILURE() << "load_dataset did not throw JobError";
  return "";
}

TEST(LoadDataset, NeedsExactlyOneOfPathAndGenerate) {
  DataSettings neither;
  EXPECT_THAT(job_error(neither), HasSubstr("found neither"));
  DataSettings both = generated("classification", Task::kClassification);
  both.path = "x.csv";
  EXPECT_THAT(job_error(both), HasSubstr("found both"));
}

TEST(LoadDataset, GeneratedKindMustMatchTheTask) {
  EXPECT_THAT(job_error(generated("regression", Task::kClassification)),
              HasSubstr("data.generate.kind: expected classification (as data.task), found "
                        "regression"));
  EXPECT_THAT(job_error(generated("classification", Task::kRegression)),
              HasSubstr("data.generate.kind"));
  EXPECT_THAT(job_error(generated("images", Task::kClassification)),
              HasSubstr("data.generate.kind"));
}

TEST(LoadDataset, GeneratesFromTheSeed) {
  const DataSettings s = generated("regression", Task::kRegression);
  const Dataset d = load_dataset(s, 3);
  EXPECT_EQ(d.task, Task::kRegression);
  EXPECT_EQ(d.rows(), 200u);
  EXPECT_EQ(d.X, generate_dataset(*s.generate, 3).X);
}

TEST(LoadDataset, ReadsThePathWithTargetAndTask) {
  TempDir dir;
  DataSettings s;
  s.path = dir.write("t.csv", "y,x\n1.5,2\n2.5,3\n");
  s.target = "y";
  s.task = Task::kRegression;
  const Dataset d = load_dataset(s, 1);
  EXPECT_EQ(d.target_name, "y");
  EXPECT_EQ(d.y, (Eigen::VectorXf(2) << 1.5f, 2.5f).finished());
}

std::string data_error(const DataSettings& s) {
  try {
    load_dataset(s, 1);
  } catch (const DataError& e) {
    return e.what();
  }
  ADD_FAILURE() << "load_dataset(" << s.path << ") did not throw DataError";
  return "";
}

TEST(LoadDataset, TextInAnH5FileIsNotReadAsATable) {
  TempDir dir;
  DataSettings s;
  s.path = dir.write("t.h5", "x,target\n1,0\n2,1\n");
  EXPECT_THAT(data_error(s), AllOf(HasSubstr(s.path), HasSubstr("HDF5 signature")));
  // Saying what it is reads it.
  s.format = DataFormat::kCsv;
  EXPECT_EQ(load_dataset(s, 1).rows(), 2u);
}

TEST(LoadDataset, UnknownExtensionSuggestsDataFormat) {
  TempDir dir;
  DataSettings s;
  s.path = dir.write("t.dat", "x,target\n1,0\n2,1\n");
  EXPECT_THAT(data_error(s), AllOf(HasSubstr(s.path), HasSubstr("found '.dat'"), HasSubstr(".csv"),
                                   HasSubstr("data.format")));
}

TEST(LoadDataset, ExplicitFormatsChooseTheReaderAndDelimiter) {
  TempDir dir;
  DataSettings s;
  s.path = dir.write("t.dat", "1 1:2\n0 2:3\n");
  s.format = DataFormat::kLibsvm;
  s.target = "ignored";  // LibSVM has no target column to look for
  const Dataset libsvm = load_dataset(s, 1);
  EXPECT_EQ(libsvm.feature_names, (std::vector<std::string>{"f1", "f2"}));
  // tsv forces the tab, so a comma file has a single column.
  s.path = dir.write("c.tsv", "x,target\n1,0\n2,1\n");
  s.format = DataFormat::kTsv;
  s.target = "target";
  EXPECT_THAT(data_error(s), HasSubstr("tab- or comma-separated"));
  s.format = DataFormat::kCsv;
  EXPECT_EQ(load_dataset(s, 1).rows(), 2u);
}

TEST(LoadDataset, PassesTheMissingPolicyToTheReader) {
  TempDir dir;
  DataSettings s;
  s.path = dir.write("m.csv", "x,target\n,0\n2,1\n");
  EXPECT_THAT(data_error(s), HasSubstr(":2: column 'x': missing value"));
  s.missing = MissingPolicy::kAllow;
  EXPECT_TRUE(std::isnan(load_dataset(s, 1).X(0, 0)));
}

TEST(PrepareData, HoldsOutTestRowsAndFoldsTheRest) {
  DataSettings s = generated("classification", Task::kClassification);
  s.test_fraction = 0.25;
  CvSettings cv;
  cv.folds = 4;
  const PreparedData p = prepare_data(s, cv, 5);
  EXPECT_EQ(p.split.test.size(), 50u);
  EXPECT_EQ(p.split.pool.size(), 150u);
  ASSERT_EQ(p.folds.size(), 4u);
  for (const Fold& fold : p.folds) {
    EXPECT_EQ(fold.train.size() + fold.validation.size(), 150u);
    for (std::size_t row : fold.validation) {
      EXPECT_FALSE(std::binary_search(p.split.test.begin(), p.split.test.end(), row));
    }
  }
  // Another process given the same job and seed rebuilds the same plan.
  const PreparedData again = prepare_data(s, cv, 5);
  EXPECT_EQ(again.split.test, p.split.test);
  EXPECT_EQ(again.folds[2].validation, p.folds[2].validation);
}

}  // namespace
}  // namespace fermata
