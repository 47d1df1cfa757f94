// data.missing in text tables: missing features are an error or NaN; missing targets are
// always an error. Also the forced delimiter of an explicit data.format.
#include <fermata/data/table_reader.hpp>

#include <cmath>
#include <string>

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

TableOptions with(MissingPolicy missing, Task task = Task::kClassification) {
  TableOptions o;
  o.task = task;
  o.missing = missing;
  return o;
}

TEST(MissingValues, ErrorPolicyNamesFileLineColumnAndTheWayOut) {
  TempDir dir;
  for (const char* cell : {"", "NA", "NaN", "nan", "?"}) {
    const std::string path =
        dir.write("m.csv", std::string("x,y,target\n1,2,0\n\n3,") + cell + ",1\n");
    EXPECT_EQ(read_error(path, with(MissingPolicy::kError)),
              path +
                  ":4: column 'y': missing value (data.missing is 'error'; set it to 'allow' "
                  "to keep NaN for models that accept it)")
        << "cell '" << cell << "'";
  }
}

TEST(MissingValues, AllowPolicyStoresNaNAndKeepsTheRest) {
  TempDir dir;
  for (const char* cell : {"", "NA", "NaN", "nan", "?"}) {
    const std::string path =
        dir.write("m.tsv", std::string("x\ty\ttarget\n1\t2\t0\n") + cell + "\t4\t1\n");
    const Dataset d = read_table(path, with(MissingPolicy::kAllow));
    ASSERT_EQ(d.rows(), 2u) << "cell '" << cell << "'";
    EXPECT_TRUE(std::isnan(d.X(1, 0))) << "cell '" << cell << "'";
    EXPECT_EQ(d.X(1, 1), 4.0f);
    EXPECT_EQ(d.X(0, 0), 1.0f);
    EXPECT_EQ(d.y, (Eigen::VectorXf(2) << 0, 1).finished());
  }
}

TEST(MissingValues, AllowPolicyStillRejectsInfinity) {
  TempDir dir;
  const std::string inf = dir.write("i.csv", "x,target\n-inf,0\n");
  EXPECT_THAT(read_error(inf, with(MissingPolicy::kAllow)), HasSubstr(inf + ":2: column 'x'"));
}

TEST(MissingValues, MissingTargetIsAnErrorUnderEitherPolicy) {
  TempDir dir;
  const std::string label = dir.write("c.csv", "x,target\n1,a\n2,NA\n");
  const std::string number = dir.write("r.csv", "x,target\n1,2.5\n2,\n");
  for (MissingPolicy missing : {MissingPolicy::kError, MissingPolicy::kAllow}) {
    EXPECT_THAT(read_error(label, with(missing)),
                AllOf(HasSubstr(label + ":3: target column 'target'"),
                      HasSubstr("found a missing value 'NA'")));
    EXPECT_THAT(read_error(number, with(missing, Task::kRegression)),
                AllOf(HasSubstr(number + ":3: target column 'target'"),
                      HasSubstr("found a missing value ''")));
  }
}

TEST(MissingValues, RaggedRowIsStillRaggedWhenMissingIsAllowed) {
  TempDir dir;
  const std::string path = dir.write("r.csv", "a,b,target\n1,,0\n1,1\n");
  EXPECT_THAT(read_error(path, with(MissingPolicy::kAllow)),
              AllOf(HasSubstr(path + ":3:"), HasSubstr("expected 3 fields")));
}

TEST(TableDelimiter, AnExplicitDelimiterIsNotSniffed) {
  TempDir dir;
  // A comma-separated file with a tab inside a quoted header name.
  const std::string path = dir.write("t.txt", "\"a\tb\",target\n1,0\n2,1\n");
  TableOptions csv;
  csv.delimiter = ',';
  const Dataset d = read_table(path, csv);
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"a\tb"}));
  // Sniffing sees the tab and splits there, leaving one malformed header.
  EXPECT_THROW(read_table(path, TableOptions{}), DataError);
  TableOptions tsv;
  tsv.delimiter = '\t';
  EXPECT_THAT(read_error(dir.write("c.csv", "x,target\n1,0\n"), tsv),
              HasSubstr("expected at least 2 tab- or comma-separated columns"));
}

}  // namespace
}  // namespace fermata
