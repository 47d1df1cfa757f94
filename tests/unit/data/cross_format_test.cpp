// The same table in every format gives the same Dataset: the readers agree on values,
// row order, class numbering and the class count.
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <fermata/data/dataset.hpp>
#include <fermata/data/load.hpp>

#include "hdf5/hdf5_data.hpp"
#include "hdf5/hdf5_handle.hpp"
#include "unit/data/fixtures.hpp"

namespace fermata {
namespace {

using test_support::TempDir;

// 6 rows, 3 features, classes 0..2; zeros are left out of the LibSVM file.
const std::vector<double> kFeatures = {1.5, -2, 0,      0,  300, 0.001, 4.25, 7, -1,
                                       0,   0,  2.5e-8, -3, 0.5, 12,    6,    0, 8};
const std::vector<std::int64_t> kClasses = {1, 0, 2, 1, 0, 2};

// Labels as strings in the second of four columns; quoted names, labels and numbers.
const char* const kCsv =
    "\"feat a\",label,\"b, c\",d\n"
    "1.5,\"class_b\",-2,0\n"
    "0,class_a,\"300\",1e-3\n"
    "4.25,class_c,7,-1\n"
    "0,\"class_b\",0,2.5e-8\n"
    "-3,class_a,0.5,\"12\"\n"
    "6,class_c,0,8\n";

// Numeric labels first; spelled differently on purpose ("1.0" is class "1").
const char* const kTsv =
    "target\ta\tb\tc\n"
    "1\t1.5\t-2\t0\n"
    "0\t0\t300\t0.001\n"
    "2\t4.25\t7\t-1\n"
    "1.0\t0\t0\t2.5e-8\n"
    "0\t-3\t0.5\t12\n"
    "2\t6\t0\t8\n";

const char* const kLibsvm =
    "# the same six rows, 1-based\n"
    "1 1:1.5 2:-2\n"
    "0 2:300 3:0.001\n"
    "2 1:4.25 2:7 3:-1\n"
    "1 3:2.5e-8\n"
    "0 1:-3 2:0.5 3:12\n"
    "2 3:8 1:6\n";

Dataset load(const std::string& path, const std::string& target = "target") {
  DataSettings s;
  s.path = path;
  s.target = target;
  return load_dataset(s, 1);
}

TEST(CrossFormat, CsvTsvGzLibsvmAndHdf5GiveTheSameDataset) {
  TempDir dir;
  const std::string h5 = (dir.path() / "t.h5").string();
  {
    h5::Handle file = h5::create_file(h5);
    h5::write_dataset(file, "X", {6, 3}, kFeatures);
    h5::write_dataset(file, "y", {6}, kClasses);
    file.close();
  }
  const Dataset csv = load(dir.write("t.csv", kCsv), "label");
  const std::vector<Dataset> others = {load(dir.write_gz("t.tsv.gz", kTsv)),
                                       load(dir.write("t.libsvm", kLibsvm)), load(h5)};

  ASSERT_EQ(csv.rows(), 6u);
  ASSERT_EQ(csv.features(), 3u);
  for (Eigen::Index r = 0; r < 6; ++r) {
    for (Eigen::Index c = 0; c < 3; ++c) {
      EXPECT_EQ(csv.X(r, c), static_cast<float>(kFeatures[static_cast<std::size_t>(r * 3 + c)]));
    }
    EXPECT_EQ(csv.y[r], static_cast<float>(kClasses[static_cast<std::size_t>(r)]));
  }
  EXPECT_EQ(csv.feature_names, (std::vector<std::string>{"feat a", "b, c", "d"}));
  EXPECT_EQ(csv.class_labels, (std::vector<std::string>{"class_a", "class_b", "class_c"}));
  for (const Dataset& other : others) {
    SCOPED_TRACE(other.source);
    EXPECT_EQ(other.X, csv.X);
    EXPECT_EQ(other.y, csv.y);
    EXPECT_EQ(other.num_classes, 3);
    EXPECT_EQ(other.class_labels, (std::vector<std::string>{"0", "1", "2"}));
  }
}

TEST(DescribeClasses, ListsLabelsWithRowCounts) {
  TempDir dir;
  const Dataset d = load(dir.write("t.csv", kCsv), "label");
  EXPECT_EQ(describe_classes(d),
            "3 classes: 0='class_a' (2 rows), 1='class_b' (2 rows), 2='class_c' (2 rows)");
  Dataset regression;
  regression.task = Task::kRegression;
  EXPECT_EQ(describe_classes(regression), "regression (no classes)");
}

TEST(DescribeClasses, SummarizesManyClasses) {
  Dataset d = test_support::with_classes(std::vector<int>(12, 1));
  for (int c = 0; c < 12; ++c) d.class_labels.push_back("c" + std::to_string(c));
  const std::string text = describe_classes(d);
  EXPECT_EQ(text.rfind("12 classes: 0='c0' (1 row), 1='c1' (1 row)", 0), 0u) << text;
  EXPECT_NE(text.find("9='c9' (1 row), and 2 more"), std::string::npos) << text;
  EXPECT_EQ(text.find("c10"), std::string::npos) << text;
}

}  // namespace
}  // namespace fermata
