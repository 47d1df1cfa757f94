#include <fermata/data/table_reader.hpp>

#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>

#include "unit/data/fixtures.hpp"

namespace fermata {
namespace {

using test_support::TempDir;
using ::testing::AllOf;
using ::testing::HasSubstr;

// The message of the DataError that reading `path` must throw.
std::string read_error(const std::string& path, const std::string& target = "target",
                       Task task = Task::kClassification) {
  try {
    read_table(path, target, task);
  } catch (const DataError& e) {
    EXPECT_EQ(e.exit_code(), kExitData);
    return e.what();
  }
  ADD_FAILURE() << "reading " << path << " did not throw DataError";
  return "";
}

TEST(ReadTableErrors, MissingFileNamesThePath) {
  TempDir dir;
  const std::string path = (dir.path() / "absent.csv").string();
  EXPECT_THAT(read_error(path), AllOf(HasSubstr(path), HasSubstr("found none")));
}

TEST(ReadTableErrors, DirectoryIsNotAFile) {
  TempDir dir;
  EXPECT_THAT(read_error(dir.path().string()), HasSubstr("found a directory"));
}

TEST(ReadTableErrors, EmptyFileHasNoHeader) {
  TempDir dir;
  const std::string path = dir.write("empty.csv", "");
  EXPECT_THAT(read_error(path), AllOf(HasSubstr(path), HasSubstr("empty file")));
  EXPECT_THAT(read_error(dir.write("blank.csv", "\n\r\n\n")), HasSubstr("empty file"));
  EXPECT_THAT(read_error(dir.write_gz("empty.csv.gz", "")), HasSubstr("empty file"));
}

TEST(ReadTableErrors, HeaderWithoutRowsNamesTheHeaderLine) {
  TempDir dir;
  const std::string path = dir.write("h.csv", "\na,target\n\n");
  EXPECT_THAT(read_error(path), AllOf(HasSubstr(path + ":2:"), HasSubstr("found none")));
}

TEST(ReadTableErrors, MissingTargetColumnListsTheAvailableColumns) {
  TempDir dir;
  const std::string path = dir.write("t.csv", "age,income,label\n1,2,3\n");
  EXPECT_THAT(read_error(path, "class"),
              AllOf(HasSubstr(path + ":1:"), HasSubstr("'class' not found"),
                    HasSubstr("'age', 'income', 'label' (3 columns)")));
  // An index past the last column is not a column either.
  EXPECT_THAT(read_error(path, "3"), HasSubstr("'3' not found"));
  EXPECT_THAT(read_error(path, "-1"), HasSubstr("'-1' not found"));
}

TEST(ReadTableErrors, AmbiguousTargetNameIsRejected) {
  TempDir dir;
  const std::string path = dir.write("t.csv", "target,x,target\n1,2,3\n");
  EXPECT_THAT(read_error(path), HasSubstr("found columns 0 and 2"));
}

TEST(ReadTableErrors, RaggedRowNamesLineAndFieldCounts) {
  TempDir dir;
  const std::string path = dir.write("r.csv", "a,b,target\n1,2,0\n\n3,4,1\n5,6\n");
  EXPECT_THAT(read_error(path),
              AllOf(HasSubstr(path + ":5:"), HasSubstr("expected 3 fields"), HasSubstr("found 2")));
  const std::string longer = dir.write("l.tsv", "a\ttarget\n1\t0\n2\t1\t9\n");
  EXPECT_THAT(read_error(longer), AllOf(HasSubstr(longer + ":3:"), HasSubstr("found 3")));
}

// Text makes a feature column categorical (categorical_columns_test.cpp); a number beyond
// float range is still an error naming the line, column and cell.
TEST(ReadTableErrors, OutOfRangeFeatureNamesLineColumnAndCell) {
  TempDir dir;
  const std::string path = dir.write("f.csv", "age,target\n30,0\n1e300,1\n");
  EXPECT_THAT(read_error(path), AllOf(HasSubstr(path + ":3:"), HasSubstr("column 'age'"),
                                      HasSubstr("expected a finite number"), HasSubstr("'1e300'")));
}

TEST(ReadTableErrors, MissingOrInfiniteFeatureIsRejected) {
  TempDir dir;
  for (const char* cell : {"", "NA", "nan", "NaN", "?"}) {
    const std::string path =
        dir.write("m.csv", std::string("x,y,target\n1,2,0\n3,") + cell + ",1\n");
    EXPECT_THAT(read_error(path),
                AllOf(HasSubstr(":3: column 'y'"), HasSubstr("missing value (data.missing")))
        << "cell '" << cell << "'";
  }
  const std::string inf = dir.write("i.csv", "x,target\ninf,0\n");
  EXPECT_THAT(read_error(inf), HasSubstr(":2: column 'x': expected a finite number"));
  const std::string huge = dir.write("h.csv", "x,target\n1e300,0\n");
  EXPECT_THAT(read_error(huge), HasSubstr("out of float range"));
}

TEST(ReadTableErrors, MissingClassLabelNamesLine) {
  TempDir dir;
  const std::string path = dir.write("t.csv", "x,target\n1,a\n2,\n");
  EXPECT_THAT(read_error(path), AllOf(HasSubstr(path + ":3: target column 'target'"),
                                      HasSubstr("expected a class label")));
}

TEST(ReadTableErrors, RegressionTargetMustBeAFiniteNumber) {
  TempDir dir;
  const std::string text = dir.write("t.csv", "x,target\n1,2.5\n2,high\n");
  EXPECT_THAT(
      read_error(text, "target", Task::kRegression),
      AllOf(HasSubstr(text + ":3: target column 'target'"), HasSubstr("found text 'high'")));
  const std::string nan = dir.write("n.csv", "x,target\n1,NaN\n");
  EXPECT_THAT(read_error(nan, "target", Task::kRegression),
              AllOf(HasSubstr(nan + ":2:"), HasSubstr("found a missing value 'NaN'")));
  const std::string inf = dir.write("i.csv", "x,target\n1,-inf\n");
  EXPECT_THAT(read_error(inf, "target", Task::kRegression), HasSubstr(inf + ":2:"));
}

TEST(ReadTableErrors, SingleClassIsNotAClassificationTask) {
  TempDir dir;
  const std::string path = dir.write("t.csv", "x,target\n1,yes\n2,yes\n");
  EXPECT_THAT(read_error(path), AllOf(HasSubstr(path), HasSubstr("expected at least 2 classes"),
                                      HasSubstr("found 1 ('yes')")));
}

TEST(ReadTableErrors, SingleColumnHeaderSuggestsTheDelimiter) {
  TempDir dir;
  const std::string path = dir.write("t.csv", "x;target\n1;0\n");
  EXPECT_THAT(read_error(path), AllOf(HasSubstr(path + ":1:"), HasSubstr("tab- or comma")));
}

TEST(ReadTableErrors, UnterminatedQuoteNamesTheLineWhereItOpened) {
  TempDir dir;
  const std::string path = dir.write("q.csv", "x,target\n1,0\n2,\"open\n3,1\n");
  EXPECT_THAT(read_error(path), AllOf(HasSubstr(path + ":3:"), HasSubstr("closing double quote")));
}

TEST(ReadTableErrors, TextAfterClosingQuoteIsMalformed) {
  TempDir dir;
  const std::string path = dir.write("q.csv", "x,target\n1,\"a\"b\n");
  EXPECT_THAT(read_error(path), AllOf(HasSubstr(path + ":2:"), HasSubstr("malformed quoted")));
}

TEST(ReadTableErrors, LineNumbersCountLinesInsideQuotedFields) {
  TempDir dir;
  // The record on lines 2-3 holds a line break; the bad row starts on line 4.
  const std::string path = dir.write("q.csv", "x,target\n1,\"a\nb\"\ninf,c\n");
  EXPECT_THAT(read_error(path), HasSubstr(path + ":4: column 'x'"));
}

TEST(ReadTableErrors, TruncatedGzipIsUnreadable) {
  TempDir dir;
  std::string text = "x,target\n";
  for (int r = 0; r < 5000; ++r)
    text += std::to_string(r * 7919 % 10007) + "," + std::to_string(r % 2) + "\n";
  const std::string whole = dir.write_gz("t.csv.gz", text);
  std::ifstream in(whole, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string cut = dir.write("cut.csv.gz", bytes.substr(0, bytes.size() / 2));
  EXPECT_THAT(read_error(cut), AllOf(HasSubstr(cut), HasSubstr("cannot read data file")));
}

}  // namespace
}  // namespace fermata
