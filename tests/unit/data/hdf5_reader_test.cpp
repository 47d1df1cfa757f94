#include <fermata/data/hdf5_reader.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>

#include "hdf5/hdf5_data.hpp"
#include "hdf5/hdf5_handle.hpp"
#include "unit/data/fixtures.hpp"

namespace fermata {
namespace {

using test_support::TempDir;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// X is 3 x 2: {1.5, -2}, {0, 300}, {4.25, 7}.
const std::vector<double> kX = {1.5, -2, 0, 300, 4.25, 7};

std::string write_file(const TempDir& dir, const std::string& name, const std::vector<double>& x,
                       const h5::Dims& x_dims, const std::vector<double>& y) {
  const std::string path = (dir.path() / name).string();
  h5::Handle file = h5::create_file(path);
  h5::write_dataset(file, "X", x_dims, x);
  h5::write_dataset(file, "y", {y.size()}, y);
  file.close();
  return path;
}

Hdf5Options options(Task task = Task::kClassification,
                    MissingPolicy missing = MissingPolicy::kError) {
  Hdf5Options o;
  o.task = task;
  o.missing = missing;
  return o;
}

std::string read_error(const std::string& path, const Hdf5Options& o = options()) {
  try {
    read_hdf5(path, o);
  } catch (const DataError& e) {
    EXPECT_EQ(e.exit_code(), kExitData);
    return e.what();
  }
  ADD_FAILURE() << "reading " << path << " did not throw DataError";
  return "";
}

TEST(ReadHdf5, ReadsTheDefaultDatasetsAsFloat) {
  TempDir dir;
  const std::string path = write_file(dir, "t.h5", kX, {3, 2}, {1, 0, 1});
  const Dataset d = read_hdf5(path, options());
  Dataset::Matrix expected(3, 2);
  expected << 1.5f, -2, 0, 300, 4.25f, 7;
  EXPECT_EQ(d.X, expected);
  EXPECT_EQ(d.y, (Eigen::VectorXf(3) << 1, 0, 1).finished());
  EXPECT_EQ(d.num_classes, 2);
  EXPECT_EQ(d.class_labels, (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"f0", "f1"}));
  EXPECT_EQ(d.target_name, "y");
  EXPECT_EQ(d.source, path);
}

TEST(ReadHdf5, CustomDatasetNamesIntegerFeaturesAndStringLabels) {
  TempDir dir;
  const std::string path = (dir.path() / "t.hdf5").string();
  {
    h5::Handle file = h5::create_file(path);
    const h5::Handle group = h5::create_group(file, "train");
    h5::write_dataset<std::int32_t>(group, "features", {4, 2}, {1, 2, 3, 4, 5, 6, -7, 8});
    h5::write_string_dataset(file, "labels", {"yes", "no", "maybe", "no"});
  }
  Hdf5Options o = options();
  o.x_dataset = "train/features";
  o.y_dataset = "/labels";
  const Dataset d = read_hdf5(path, o);
  EXPECT_EQ(d.X(3, 0), -7.0f);
  EXPECT_EQ(d.X(2, 1), 6.0f);
  EXPECT_EQ(d.class_labels, (std::vector<std::string>{"maybe", "no", "yes"}));
  EXPECT_EQ(d.y, (Eigen::VectorXf(4) << 2, 1, 0, 1).finished());
  EXPECT_EQ(d.target_name, "/labels");
}

TEST(ReadHdf5, NumericClassLabelsSortByValue) {
  TempDir dir;
  const std::string path = (dir.path() / "t.h5").string();
  {
    h5::Handle file = h5::create_file(path);
    h5::write_dataset<std::int8_t>(file, "X", {4, 1}, {1, 2, 3, 4});
    h5::write_dataset<std::int64_t>(file, "y", {4}, {10, -1, 9, 10});
  }
  const Dataset d = read_hdf5(path, options());
  EXPECT_EQ(d.class_labels, (std::vector<std::string>{"-1", "9", "10"}));
  EXPECT_EQ(d.y, (Eigen::VectorXf(4) << 2, 0, 1, 2).finished());
}

TEST(ReadHdf5, RegressionTargetIsReadAsNumbers) {
  TempDir dir;
  const std::string path = write_file(dir, "t.h5", kX, {3, 2}, {2.5, -1, 1e3});
  const Dataset d = read_hdf5(path, options(Task::kRegression));
  EXPECT_EQ(d.task, Task::kRegression);
  EXPECT_EQ(d.y, (Eigen::VectorXf(3) << 2.5f, -1.0f, 1000.0f).finished());
  EXPECT_TRUE(d.class_labels.empty());
}

TEST(ReadHdf5, NanFeatureFollowsTheMissingPolicy) {
  TempDir dir;
  const std::string path = write_file(dir, "t.h5", {1, 2, 3, kNaN}, {2, 2}, {0, 1});
  EXPECT_THAT(read_error(path),
              AllOf(HasSubstr(path + ": dataset '/X', row 1 (0-based): column 'f1': missing value "
                                     "(data.missing is 'error'"),
                    HasSubstr("'allow'")));
  const Dataset d = read_hdf5(path, options(Task::kClassification, MissingPolicy::kAllow));
  EXPECT_TRUE(std::isnan(d.X(1, 1)));
  EXPECT_EQ(d.X(1, 0), 3.0f);
}

TEST(ReadHdf5Errors, MissingFileAndTextFile) {
  TempDir dir;
  const std::string absent = (dir.path() / "absent.h5").string();
  EXPECT_THAT(read_error(absent), AllOf(HasSubstr(absent), HasSubstr("found none")));
  const std::string text = dir.write("text.h5", "x,target\n1,0\n");
  EXPECT_THAT(read_error(text),
              AllOf(HasSubstr(text), HasSubstr("HDF5 signature"), HasSubstr("data.format")));
}

TEST(ReadHdf5Errors, MissingDatasetListsWhatTheFileHolds) {
  TempDir dir;
  const std::string path = write_file(dir, "t.h5", kX, {3, 2}, {0, 1, 0});
  Hdf5Options o = options();
  o.x_dataset = "features";
  EXPECT_THAT(read_error(path, o),
              AllOf(HasSubstr(path + ": data.x_dataset: expected a 2-D numeric dataset"),
                    HasSubstr("at '/features', found nothing"), HasSubstr("'X', 'y' (2 objects)")));
  o = options();
  o.y_dataset = "deep/labels";  // a missing group on the way is not an HDF5 failure
  EXPECT_THAT(read_error(path, o),
              AllOf(HasSubstr("data.y_dataset"), HasSubstr("at '/deep/labels', found nothing")));
}

TEST(ReadHdf5Errors, GroupWhereADatasetIsExpected) {
  TempDir dir;
  const std::string path = (dir.path() / "g.h5").string();
  {
    h5::Handle file = h5::create_file(path);
    h5::create_group(file, "X");
  }
  EXPECT_THAT(read_error(path), AllOf(HasSubstr("data.x_dataset"), HasSubstr("found a group")));
}

TEST(ReadHdf5Errors, WrongRankNamesTheDatasetAndShape) {
  TempDir dir;
  const std::string flat = write_file(dir, "f.h5", kX, {6}, {0, 1, 0, 1, 0, 1});
  EXPECT_THAT(read_error(flat),
              AllOf(HasSubstr(flat + ": dataset '/X' (data.x_dataset): expected 2 dimensions"),
                    HasSubstr("found 1 [6]")));
  const std::string path = (dir.path() / "y2.h5").string();
  {
    h5::Handle file = h5::create_file(path);
    h5::write_dataset(file, "X", {3, 2}, kX);
    h5::write_dataset(file, "y", {3, 1}, std::vector<double>{0, 1, 0});
  }
  EXPECT_THAT(read_error(path), AllOf(HasSubstr("dataset '/y' (data.y_dataset): expected 1 "
                                                "dimension [rows], found 2 [3, 1]")));
}

TEST(ReadHdf5Errors, RowCountMismatchNamesBothDatasets) {
  TempDir dir;
  const std::string path = write_file(dir, "t.h5", kX, {3, 2}, {0, 1});
  EXPECT_THAT(read_error(path), HasSubstr(path + ": dataset '/y' (data.y_dataset): expected 3 "
                                                 "rows (as dataset '/X'), found 2"));
}

TEST(ReadHdf5Errors, NoRowsIsRejected) {
  TempDir dir;
  const std::string path = write_file(dir, "t.h5", {}, {0, 2}, {});
  EXPECT_THAT(read_error(path), HasSubstr("expected at least one row and one feature, found "
                                          "shape [0, 2]"));
}

TEST(ReadHdf5Errors, StringFeaturesAreRejected) {
  TempDir dir;
  const std::string path = (dir.path() / "s.h5").string();
  {
    h5::Handle file = h5::create_file(path);
    h5::write_string_dataset(file, "X", {"a", "b"});
    h5::write_dataset(file, "y", {2}, std::vector<double>{0, 1});
  }
  EXPECT_THAT(read_error(path),
              HasSubstr("dataset '/X' (data.x_dataset): expected numbers, found strings"));
}

TEST(ReadHdf5Errors, NanOrMissingTargetNamesDatasetAndRow) {
  TempDir dir;
  const std::string nan = write_file(dir, "n.h5", kX, {3, 2}, {0, 1, kNaN});
  for (Task task : {Task::kClassification, Task::kRegression}) {
    EXPECT_THAT(read_error(nan, options(task, MissingPolicy::kAllow)),
                AllOf(HasSubstr(nan + ": dataset '/y', row 2 (0-based): expected a finite target"),
                      HasSubstr("always an error")));
  }
  const std::string empty = (dir.path() / "e.h5").string();
  {
    h5::Handle file = h5::create_file(empty);
    h5::write_dataset(file, "X", {3, 2}, kX);
    h5::write_string_dataset(file, "y", {"a", "", "b"});
  }
  EXPECT_THAT(read_error(empty), HasSubstr(empty + ": dataset '/y', row 1 (0-based): expected a "
                                                   "class label, found a missing value ''"));
}

TEST(ReadHdf5Errors, StringTargetInARegressionJob) {
  TempDir dir;
  const std::string path = (dir.path() / "s.h5").string();
  {
    h5::Handle file = h5::create_file(path);
    h5::write_dataset(file, "X", {3, 2}, kX);
    h5::write_string_dataset(file, "y", {"1.5", "2", "x"});
  }
  EXPECT_THAT(read_error(path, options(Task::kRegression)),
              HasSubstr("dataset '/y' (data.y_dataset): expected numbers for a regression target, "
                        "found strings"));
}

TEST(ReadHdf5Errors, FeatureOutOfFloatRange) {
  TempDir dir;
  const std::string path = write_file(dir, "t.h5", {1, 1e300}, {1, 2}, {0});
  EXPECT_THAT(read_error(path, options(Task::kRegression, MissingPolicy::kAllow)),
              HasSubstr("row 0 (0-based): column 'f1': expected a finite number within float "
                        "range, found 1e+300"));
}

TEST(ReadHdf5Errors, SingleClassIsNotClassification) {
  TempDir dir;
  const std::string path = write_file(dir, "t.h5", kX, {3, 2}, {4, 4, 4});
  EXPECT_THAT(read_error(path), HasSubstr(path + ": dataset '/y': expected at least 2 classes"));
}

}  // namespace
}  // namespace fermata
