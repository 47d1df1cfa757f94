#include <fermata/data/table_reader.hpp>

#include <string>

#include <gtest/gtest.h>

#include "unit/data/fixtures.hpp"

namespace fermata {
namespace {

using test_support::TempDir;

const char* const kSmallCsv =
    "a,b,target\n"
    "1.5,-2,yes\n"
    "0,3e2,no\n"
    "4.25,7,yes\n";

void expect_same(const Dataset& a, const Dataset& b) {
  EXPECT_EQ(a.X, b.X);
  EXPECT_EQ(a.y, b.y);
  EXPECT_EQ(a.feature_names, b.feature_names);
  EXPECT_EQ(a.target_name, b.target_name);
  EXPECT_EQ(a.num_classes, b.num_classes);
  EXPECT_EQ(a.class_labels, b.class_labels);
}

TEST(ReadTable, CsvTsvAndGzippedFilesGiveIdenticalDatasets) {
  TempDir dir;
  const std::string tsv = "a\tb\ttarget\n1.5\t-2\tyes\n0\t3e2\tno\n4.25\t7\tyes\n";
  const Dataset csv = read_table(dir.write("t.csv", kSmallCsv), "target", Task::kClassification);
  expect_same(csv, read_table(dir.write("t.tsv", tsv), "target", Task::kClassification));
  expect_same(csv,
              read_table(dir.write_gz("t.csv.gz", kSmallCsv), "target", Task::kClassification));
  expect_same(csv, read_table(dir.write_gz("t.tsv.gz", tsv), "target", Task::kClassification));

  ASSERT_EQ(csv.rows(), 3u);
  ASSERT_EQ(csv.features(), 2u);
  EXPECT_FLOAT_EQ(csv.X(0, 0), 1.5f);
  EXPECT_FLOAT_EQ(csv.X(0, 1), -2.0f);
  EXPECT_FLOAT_EQ(csv.X(1, 1), 300.0f);
  EXPECT_EQ(csv.feature_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(csv.source, (dir.path() / "t.csv").string());
}

TEST(ReadTable, StringLabelsAreNumberedInSortedOrder) {
  TempDir dir;
  const std::string file = dir.write("t.csv", "x,label\n1,yes\n2,no\n3,maybe\n4,no\n");
  const Dataset d = read_table(file, "label", Task::kClassification);
  EXPECT_EQ(d.class_labels, (std::vector<std::string>{"maybe", "no", "yes"}));
  EXPECT_EQ(d.num_classes, 3);
  EXPECT_EQ(d.y, (Eigen::VectorXf(4) << 2, 1, 0, 1).finished());
  EXPECT_EQ(d.task, Task::kClassification);
}

TEST(ReadTable, NumericLabelsSortByValueAndKeepTheirSpelling) {
  TempDir dir;
  // As text "10" < "2" < "9"; by value 2 < 9 < 10. "2.0" is the same class as "2".
  const std::string file = dir.write("t.csv", "x,y\n1,10\n2,9\n3,2\n4,2.0\n");
  const Dataset d = read_table(file, "y", Task::kClassification);
  EXPECT_EQ(d.class_labels, (std::vector<std::string>{"2", "9", "10"}));
  EXPECT_EQ(d.y, (Eigen::VectorXf(4) << 2, 1, 0, 0).finished());
}

TEST(ReadTable, TargetMayBeGivenAsZeroBasedIndex) {
  TempDir dir;
  const std::string file = dir.write("t.csv", kSmallCsv);
  const Dataset by_index = read_table(file, "2", Task::kClassification);
  expect_same(by_index, read_table(file, "target", Task::kClassification));

  const std::string numeric = dir.write("n.csv", "a,b,c\n1,2,3\n4,5,6\n");
  const Dataset first = read_table(numeric, "0", Task::kRegression);
  EXPECT_EQ(first.target_name, "a");
  EXPECT_EQ(first.feature_names, (std::vector<std::string>{"b", "c"}));
  EXPECT_FLOAT_EQ(first.y[1], 4.0f);
}

TEST(ReadTable, ColumnNamedLikeAnIndexIsMatchedByName) {
  TempDir dir;
  const std::string file = dir.write("t.csv", "1,0,2\n5,0,7\n6,1,8\n");
  // "0" names the middle column, not column index 0.
  const Dataset d = read_table(file, "0", Task::kClassification);
  EXPECT_EQ(d.target_name, "0");
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"1", "2"}));
  EXPECT_FLOAT_EQ(d.X(1, 1), 8.0f);
}

TEST(ReadTable, LabelColumnNeedNotBeLast) {
  TempDir dir;
  const std::string file = dir.write("t.csv", "class,f1,f2\nUP,1,2\nDOWN,3,4\nUP,5,6\n");
  const Dataset d = read_table(file, "class", Task::kClassification);
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"f1", "f2"}));
  EXPECT_EQ(d.class_labels, (std::vector<std::string>{"DOWN", "UP"}));
  EXPECT_EQ(d.y, (Eigen::VectorXf(3) << 1, 0, 1).finished());
  EXPECT_EQ(d.X, (Dataset::Matrix(3, 2) << 1, 2, 3, 4, 5, 6).finished());
}

TEST(ReadTable, QuotedFieldsMayHoldCommasQuotesAndLineBreaks) {
  TempDir dir;
  const std::string file = dir.write("t.csv",
                                     "\"size, cm\",\"say \"\"hi\"\"\",label\n"
                                     "\"15\",2,\"a, b\"\n"
                                     "3,\"4\",\"two\nlines\"\n"
                                     "5,6,\"a, b\"\n");
  const Dataset d = read_table(file, "label", Task::kClassification);
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"size, cm", "say \"hi\""}));
  EXPECT_EQ(d.class_labels, (std::vector<std::string>{"a, b", "two\nlines"}));
  EXPECT_EQ(d.y, (Eigen::VectorXf(3) << 0, 1, 0).finished());
  EXPECT_FLOAT_EQ(d.X(1, 1), 4.0f);
  EXPECT_FLOAT_EQ(d.X(2, 0), 5.0f);
}

TEST(ReadTable, AcceptsCrlfBlankLinesByteOrderMarkSpacesAndNoFinalNewline) {
  TempDir dir;
  const std::string file =
      dir.write("t.csv", "\xEF\xBB\xBFx, y ,t\r\n\r\n +1.5 , 2 ,a\r\n\r\n-3,4e-1,b");
  const Dataset d = read_table(file, "t", Task::kClassification);
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"x", "y"}));
  ASSERT_EQ(d.rows(), 2u);
  EXPECT_FLOAT_EQ(d.X(0, 0), 1.5f);
  EXPECT_FLOAT_EQ(d.X(1, 1), 0.4f);
  EXPECT_EQ(d.class_labels, (std::vector<std::string>{"a", "b"}));
}

TEST(ReadTable, RegressionTargetIsReadAsNumbers) {
  TempDir dir;
  const std::string file = dir.write("t.tsv", "x\ttarget\n1\t0.25\n2\t-1e3\n");
  const Dataset d = read_table(file, "target", Task::kRegression);
  EXPECT_EQ(d.task, Task::kRegression);
  EXPECT_EQ(d.num_classes, 0);
  EXPECT_TRUE(d.class_labels.empty());
  EXPECT_EQ(d.y, (Eigen::VectorXf(2) << 0.25f, -1000.0f).finished());
}

TEST(ReadTable, LargeGzippedFileIsReadAcrossBufferBoundaries) {
  // Well past the reader's 1 MiB chunk, so some lines straddle two reads.
  constexpr int kRows = 70000;
  std::string text = "id,half,third,target\n";
  for (int r = 0; r < kRows; ++r) {
    text += std::to_string(r) + "," + std::to_string(r / 2) + ".5," + std::to_string(r % 3) + "," +
            std::to_string(r % 7) + "\n";
  }
  ASSERT_GT(text.size(), 1u << 20);
  TempDir dir;
  const Dataset plain = read_table(dir.write("big.csv", text), "target", Task::kClassification);
  const Dataset gz = read_table(dir.write_gz("big.csv.gz", text), "target", Task::kClassification);
  expect_same(plain, gz);
  ASSERT_EQ(gz.rows(), static_cast<std::size_t>(kRows));
  EXPECT_EQ(gz.num_classes, 7);
  for (int r = 0; r < kRows; ++r) {
    ASSERT_EQ(gz.X(r, 0), static_cast<float>(r)) << "row " << r;
    ASSERT_EQ(gz.X(r, 1), static_cast<float>(r / 2) + 0.5f) << "row " << r;
    ASSERT_EQ(gz.y[r], static_cast<float>(r % 7)) << "row " << r;
  }
}

}  // namespace
}  // namespace fermata
