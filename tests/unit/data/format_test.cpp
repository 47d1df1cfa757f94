#include <fermata/data/format.hpp>

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(FormatFromExtension, KnownExtensionsWithOrWithoutGz) {
  EXPECT_EQ(format_from_extension("a/b.csv"), DataFormat::kCsv);
  EXPECT_EQ(format_from_extension("b.csv.gz"), DataFormat::kCsv);
  EXPECT_EQ(format_from_extension("b.tsv"), DataFormat::kTsv);
  EXPECT_EQ(format_from_extension("b.TSV.GZ"), DataFormat::kTsv);
  EXPECT_EQ(format_from_extension("b.tab"), DataFormat::kTsv);
  EXPECT_EQ(format_from_extension("b.txt.gz"), DataFormat::kTsv);
  EXPECT_EQ(format_from_extension("b.libsvm"), DataFormat::kLibsvm);
  EXPECT_EQ(format_from_extension("b.svm.gz"), DataFormat::kLibsvm);
  EXPECT_EQ(format_from_extension("b.svmlight"), DataFormat::kLibsvm);
  EXPECT_EQ(format_from_extension("b.h5"), DataFormat::kHdf5);
  EXPECT_EQ(format_from_extension("runs.d/b.HDF5"), DataFormat::kHdf5);
}

std::string extension_error(const std::string& path) {
  try {
    format_from_extension(path);
  } catch (const DataError& e) {
    return e.what();
  }
  ADD_FAILURE() << path << " was accepted";
  return "";
}

TEST(FormatFromExtension, UnknownExtensionNamesFileExtensionsAndTheKey) {
  EXPECT_THAT(extension_error("data/x.parquet"),
              AllOf(HasSubstr("data/x.parquet: data.path"), HasSubstr("found '.parquet'"),
                    HasSubstr(".csv, .tsv, .tab, .txt, .libsvm, .svm, .svmlight, .h5, .hdf5"),
                    HasSubstr("set data.format")));
  EXPECT_THAT(extension_error("x.dat.gz"), HasSubstr("found '.dat.gz'"));
  EXPECT_THAT(extension_error("dir.v2/table"), HasSubstr("found no extension"));
  EXPECT_THAT(extension_error(".hidden"), HasSubstr("found no extension"));
}

TEST(ResolveFormat, AnExplicitFormatWinsOverTheExtension) {
  DataSettings s;
  s.path = "table.dat";
  s.format = DataFormat::kLibsvm;
  EXPECT_EQ(resolve_format(s), DataFormat::kLibsvm);
  s.path = "table.csv";
  s.format = DataFormat::kHdf5;
  EXPECT_EQ(resolve_format(s), DataFormat::kHdf5);
  s.format = DataFormat::kAuto;
  EXPECT_EQ(resolve_format(s), DataFormat::kCsv);
}

TEST(DataSettingsNames, EveryFormatAndPolicyHasItsJobFileSpelling) {
  std::string names;
  for (DataFormat f : kDataFormats) names += std::string(to_string(f)) + " ";
  EXPECT_EQ(names, "auto csv tsv libsvm hdf5 ");
  EXPECT_STREQ(to_string(MissingPolicy::kError), "error");
  EXPECT_STREQ(to_string(MissingPolicy::kAllow), "allow");
  EXPECT_EQ(DataSettings{}.format, DataFormat::kAuto);
  EXPECT_EQ(DataSettings{}.missing, MissingPolicy::kError);
  EXPECT_EQ(DataSettings{}.x_dataset, "X");
  EXPECT_EQ(DataSettings{}.y_dataset, "y");
}

}  // namespace
}  // namespace fermata
