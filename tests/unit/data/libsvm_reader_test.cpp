#include <fermata/data/libsvm_reader.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>

#include "unit/data/fixtures.hpp"

namespace fermata {
namespace {

using test_support::TempDir;
using ::testing::AllOf;
using ::testing::HasSubstr;

std::string read_error(const std::string& path, Task task = Task::kClassification,
                       MissingPolicy missing = MissingPolicy::kError) {
  try {
    read_libsvm(path, task, missing);
  } catch (const DataError& e) {
    EXPECT_EQ(e.exit_code(), kExitData);
    return e.what();
  }
  ADD_FAILURE() << "reading " << path << " did not throw DataError";
  return "";
}

TEST(ReadLibsvm, OneBasedIndicesWithAbsentEntriesAsZero) {
  TempDir dir;
  const std::string path = dir.write("t.libsvm", "1 1:0.5 3:2\n-1 2:1.5\n1 3:-4\n");
  const Dataset d = read_libsvm(path, Task::kClassification);
  ASSERT_EQ(d.rows(), 3u);
  ASSERT_EQ(d.features(), 3u);
  Dataset::Matrix expected(3, 3);
  expected << 0.5f, 0, 2, 0, 1.5f, 0, 0, 0, -4;
  EXPECT_EQ(d.X, expected);
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"f1", "f2", "f3"}));
  EXPECT_EQ(d.target_name, "label");
  EXPECT_EQ(d.source, path);
}

TEST(ReadLibsvm, ZeroBasedWhenAnyIndexIsZero) {
  TempDir dir;
  // Only the last row uses index 0; every row shifts with it.
  const std::string path = dir.write("t.svm", "0 1:1 2:2\n1 2:5\n1 0:7\n");
  const Dataset d = read_libsvm(path, Task::kClassification);
  ASSERT_EQ(d.features(), 3u);
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"f0", "f1", "f2"}));
  Dataset::Matrix expected(3, 3);
  expected << 0, 1, 2, 0, 0, 5, 7, 0, 0;
  EXPECT_EQ(d.X, expected);
}

TEST(ReadLibsvm, ClassesFollowAscendingLabelValuesAndKeepTheirText) {
  TempDir dir;
  const std::string path = dir.write("t.libsvm", "+1 1:1\n-1 1:2\n3 1:3\n1.0 1:4\n-1 1:5\n");
  const Dataset d = read_libsvm(path, Task::kClassification);
  EXPECT_EQ(d.num_classes, 3);
  // "+1" and "1.0" are one class, spelt as first written.
  EXPECT_EQ(d.class_labels, (std::vector<std::string>{"-1", "+1", "3"}));
  EXPECT_EQ(d.y, (Eigen::VectorXf(5) << 1, 0, 2, 1, 0).finished());
}

TEST(ReadLibsvm, RegressionLabelsAreTheTarget) {
  TempDir dir;
  const std::string path = dir.write("t.libsvm", "2.5 1:1\n-0.25 2:1\n1e3 1:2\n");
  const Dataset d = read_libsvm(path, Task::kRegression);
  EXPECT_EQ(d.task, Task::kRegression);
  EXPECT_EQ(d.num_classes, 0);
  EXPECT_TRUE(d.class_labels.empty());
  EXPECT_EQ(d.y, (Eigen::VectorXf(3) << 2.5f, -0.25f, 1000.0f).finished());
}

TEST(ReadLibsvm, CommentsBlankLinesTabsAndQidAreIgnored) {
  TempDir dir;
  const std::string path = dir.write("t.svmlight",
                                     "# a header comment\n"
                                     "\n"
                                     "1 qid:3 1:1.5 2:2 # trailing comment\n"
                                     "   \t\n"
                                     "0\tqid:3\t2:4\r\n");
  const Dataset d = read_libsvm(path, Task::kClassification);
  ASSERT_EQ(d.rows(), 2u);
  ASSERT_EQ(d.features(), 2u);
  Dataset::Matrix expected(2, 2);
  expected << 1.5f, 2, 0, 4;
  EXPECT_EQ(d.X, expected);
  EXPECT_EQ(d.y, (Eigen::VectorXf(2) << 1, 0).finished());
}

TEST(ReadLibsvm, GzippedFileReadsLikeThePlainOne) {
  TempDir dir;
  const std::string text = "1 1:0.5 4:2\n0 2:1\n";
  const Dataset plain = read_libsvm(dir.write("t.libsvm", text), Task::kClassification);
  const Dataset gz = read_libsvm(dir.write_gz("t.libsvm.gz", text), Task::kClassification);
  EXPECT_EQ(plain.X, gz.X);
  EXPECT_EQ(plain.y, gz.y);
  EXPECT_EQ(plain.feature_names, gz.feature_names);
  EXPECT_EQ(plain.class_labels, gz.class_labels);
}

TEST(ReadLibsvm, NanValueFollowsTheMissingPolicy) {
  TempDir dir;
  const std::string path = dir.write("t.libsvm", "1 1:1 2:2\n0 1:3 2:nan\n");
  EXPECT_THAT(read_error(path),
              AllOf(HasSubstr(path + ":2: column 'f2': missing value (data.missing is 'error'"),
                    HasSubstr("set it to 'allow'")));
  const Dataset d = read_libsvm(path, Task::kClassification, MissingPolicy::kAllow);
  EXPECT_TRUE(std::isnan(d.X(1, 1)));
  EXPECT_EQ(d.X(1, 0), 3.0f);
  // An absent entry is zero, not missing.
  const Dataset sparse =
      read_libsvm(dir.write("s.libsvm", "1 1:1\n0 2:2\n"), Task::kClassification);
  EXPECT_EQ(sparse.X(0, 1), 0.0f);
}

TEST(ReadLibsvmErrors, EmptyFileAndCommentsOnly) {
  TempDir dir;
  const std::string empty = dir.write("e.libsvm", "");
  EXPECT_THAT(read_error(empty), AllOf(HasSubstr(empty + ": empty file"), HasSubstr("no text")));
  const std::string comments = dir.write("c.libsvm", "# nothing\n\n# here\n");
  EXPECT_THAT(read_error(comments),
              AllOf(HasSubstr(comments), HasSubstr("only comments and blank lines (3 lines)")));
}

TEST(ReadLibsvmErrors, MissingOrNonNumericLabelNamesTheLine) {
  TempDir dir;
  const std::string nan = dir.write("n.libsvm", "1 1:1\nnan 1:2\n");
  EXPECT_THAT(read_error(nan, Task::kRegression, MissingPolicy::kAllow),
              AllOf(HasSubstr(nan + ":2: label"), HasSubstr("missing value 'nan'"),
                    HasSubstr("always an error")));
  const std::string text = dir.write("t.libsvm", "1 1:1\n\nyes 1:2\n");
  EXPECT_THAT(read_error(text),
              AllOf(HasSubstr(text + ":3: label: expected a finite number"), HasSubstr("'yes'")));
  const std::string absent = dir.write("a.libsvm", "1 1:1\n2:5 3:1\n");
  EXPECT_THAT(read_error(absent),
              AllOf(HasSubstr(absent + ":2:"), HasSubstr("expected a numeric label first")));
}

TEST(ReadLibsvmErrors, MalformedEntriesNameTheLineAndEntry) {
  TempDir dir;
  const std::string no_colon = dir.write("a.libsvm", "1 1:1\n0 1:2 7\n");
  EXPECT_THAT(read_error(no_colon),
              AllOf(HasSubstr(no_colon + ":2:"), HasSubstr("expected index:value, found '7'")));
  const std::string bad_index = dir.write("b.libsvm", "1 x:1\n");
  EXPECT_THAT(read_error(bad_index),
              AllOf(HasSubstr(bad_index + ":1:"), HasSubstr("non-negative integer index")));
  const std::string negative = dir.write("n.libsvm", "1 -1:1\n");
  EXPECT_THAT(read_error(negative), HasSubstr("found index '-1'"));
  const std::string huge = dir.write("h.libsvm", "1 99999999999:1\n");
  EXPECT_THAT(read_error(huge), HasSubstr(":1: entry '99999999999:1': expected a feature index"));
  const std::string text = dir.write("t.libsvm", "1 1:1\n0 1:abc\n");
  EXPECT_THAT(read_error(text),
              AllOf(HasSubstr(text + ":2: entry '1:abc'"), HasSubstr("found text 'abc'")));
  const std::string empty_value = dir.write("e.libsvm", "1 1:\n");
  EXPECT_THAT(read_error(empty_value, Task::kClassification, MissingPolicy::kAllow),
              HasSubstr(":1: entry '1:'"));
  const std::string inf = dir.write("i.libsvm", "1 1:inf\n");
  EXPECT_THAT(read_error(inf), AllOf(HasSubstr(":1:"), HasSubstr("an infinite value")));
}

TEST(ReadLibsvmErrors, IndexTwiceInARowIsRejected) {
  TempDir dir;
  const std::string path = dir.write("d.libsvm", "1 1:1 2:2\n0 3:1 1:2 3:4\n");
  EXPECT_THAT(read_error(path),
              AllOf(HasSubstr(path + ":2: feature index 3"), HasSubstr("found two")));
}

TEST(ReadLibsvmErrors, LabelsWithoutAnyFeatureAndSingleClass) {
  TempDir dir;
  const std::string labels = dir.write("l.libsvm", "1\n0\n");
  EXPECT_THAT(read_error(labels), AllOf(HasSubstr(labels), HasSubstr("found only labels")));
  const std::string one = dir.write("o.libsvm", "1 1:1\n1.0 1:2\n");
  EXPECT_THAT(read_error(one),
              AllOf(HasSubstr(one + ": label: expected at least 2 classes"), HasSubstr("'1'")));
}

TEST(ReadLibsvmErrors, MissingFileNamesThePath) {
  TempDir dir;
  const std::string path = (dir.path() / "absent.libsvm").string();
  EXPECT_THAT(read_error(path), AllOf(HasSubstr(path), HasSubstr("found none")));
}

}  // namespace
}  // namespace fermata
