// Text feature columns of a table are categorical: which columns, their sorted categories,
// the codes in X, missing cells, the target's unchanged handling, and the cap on categories.
#include <fermata/data/table_reader.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>

#include "unit/data/fixtures.hpp"

namespace fermata {
namespace {

using test_support::read_error;
using test_support::TempDir;
using ::testing::AllOf;
using ::testing::HasSubstr;

using Categories = std::vector<std::string>;

TableOptions allowing_missing(Task task = Task::kClassification) {
  TableOptions o;
  o.task = task;
  o.missing = MissingPolicy::kAllow;
  return o;
}

TEST(CategoricalColumns, TextColumnIsCategoricalWithSortedCodes) {
  TempDir dir;
  const std::string path =
      dir.write("t.csv", "color,size,target\nred,1.5,0\nblue,2,1\nred,3,0\ngreen,4,1\n");
  const Dataset d = read_table(path, "target", Task::kClassification);
  ASSERT_EQ(d.categories.size(), 2u);
  EXPECT_TRUE(d.is_categorical(0));
  EXPECT_FALSE(d.is_categorical(1));
  EXPECT_TRUE(d.has_categorical());
  EXPECT_EQ(d.categories[0], (Categories{"blue", "green", "red"}));
  EXPECT_TRUE(d.categories[1].empty());
  EXPECT_EQ(d.X.col(0), (Eigen::VectorXf(4) << 2, 0, 2, 1).finished());
  EXPECT_EQ(d.X.col(1), (Eigen::VectorXf(4) << 1.5f, 2, 3, 4).finished());
}

TEST(CategoricalColumns, NumericTableHasNoCategories) {
  TempDir dir;
  const Dataset d =
      read_table(dir.write("n.csv", "a,b,target\n1,2,0\n3,4,1\n"), "target", Task::kRegression);
  EXPECT_FALSE(d.has_categorical());
  EXPECT_FALSE(d.is_categorical(0));
}

// Numbers before and after the first text are categories too, as written.
TEST(CategoricalColumns, NumbersInATextColumnAreCategoriesAsWritten) {
  TempDir dir;
  const std::string path = dir.write("m.tsv", "grade\ttarget\n1\t0\n1.0\t1\nA\t0\n10\t1\n1\t0\n");
  const Dataset d = read_table(path, "target", Task::kClassification);
  EXPECT_EQ(d.categories[0], (Categories{"1", "1.0", "10", "A"}));
  EXPECT_EQ(d.X.col(0), (Eigen::VectorXf(5) << 0, 1, 3, 2, 0).finished());
}

TEST(CategoricalColumns, MissingCellsStayMissing) {
  TempDir dir;
  const std::string path = dir.write("x.csv", "c,target\nyes,0\nNA,1\nno,0\n,1\n");
  const Dataset d = read_table(path, allowing_missing());
  EXPECT_EQ(d.categories[0], (Categories{"no", "yes"}));
  EXPECT_EQ(d.X(0, 0), 1.0f);
  EXPECT_TRUE(std::isnan(d.X(1, 0)));
  EXPECT_EQ(d.X(2, 0), 0.0f);
  EXPECT_TRUE(std::isnan(d.X(3, 0)));
  // data.missing: error applies to text columns as to numeric ones.
  TableOptions strict = allowing_missing();
  strict.missing = MissingPolicy::kError;
  EXPECT_THAT(read_error(path, strict),
              AllOf(HasSubstr(path + ":3: column 'c'"), HasSubstr("missing value")));
}

TEST(CategoricalColumns, TargetKeepsItsHandling) {
  TempDir dir;
  // A text classification target is class labels, not a categorical feature.
  const Dataset c =
      read_table(dir.write("c.csv", "x,label\n1,no\n2,yes\n"), "label", Task::kClassification);
  EXPECT_FALSE(c.has_categorical());
  EXPECT_EQ(c.class_labels, (Categories{"no", "yes"}));
  // A text regression target is still an error.
  const std::string r = dir.write("r.csv", "x,y\n1,2.5\n2,high\n");
  TableOptions regression = allowing_missing(Task::kRegression);
  regression.target = "y";
  EXPECT_THAT(read_error(r, regression),
              AllOf(HasSubstr(r + ":3: target column 'y'"), HasSubstr("found text 'high'")));
}

TEST(CategoricalColumns, TextColumnAfterTheTargetAndGzipped) {
  TempDir dir;
  const std::string path =
      dir.write_gz("g.csv.gz", "a,target,\"b, quoted\"\n1,0,\"x, y\"\n2,1,z\n3,0,z\n");
  const Dataset d = read_table(path, "target", Task::kClassification);
  EXPECT_EQ(d.feature_names, (Categories{"a", "b, quoted"}));
  EXPECT_FALSE(d.is_categorical(0));
  EXPECT_EQ(d.categories[1], (Categories{"x, y", "z"}));
  EXPECT_EQ(d.X.col(1), (Eigen::VectorXf(3) << 0, 1, 1).finished());
  EXPECT_EQ(d.X.col(0), (Eigen::VectorXf(3) << 1, 2, 3).finished());
}

// An identifier column is refused: more distinct texts than any model learns from.
TEST(CategoricalColumns, TooManyCategoriesNamesFileAndColumn) {
  TempDir dir;
  std::string csv = "x,id,target\n";
  for (int i = 0; i <= 1000; ++i) csv += std::to_string(i) + ",user" + std::to_string(i) + ",0\n";
  csv += "0,user0,1\n";
  const std::string path = dir.write("ids.csv", csv);
  EXPECT_THAT(read_error(path, allowing_missing()),
              AllOf(HasSubstr(path + ": column 'id'"), HasSubstr("line 2: 'user0'"),
                    HasSubstr("at most 1000 distinct"), HasSubstr("drop it")));
  // 1000 distinct texts are fine.
  std::string fine = "id,target\n";
  for (int i = 0; i < 1000; ++i)
    fine += "user" + std::to_string(i) + "," + (i % 2 ? "1" : "0") + "\n";
  EXPECT_EQ(
      read_table(dir.write("fine.csv", fine), "target", Task::kClassification).categories[0].size(),
      1000u);
}

}  // namespace
}  // namespace fermata
