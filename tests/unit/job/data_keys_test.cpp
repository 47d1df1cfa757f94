// The data block's format, missing-value policy and HDF5 dataset names.
#include <fermata/core/error.hpp>
#include <fermata/job/job.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fermata {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kSpace = "space: {x: {type: float, low: 0, high: 1}}\n";

Job parse_data_block(const std::string& data, const std::vector<std::string>& sets = {}) {
  return parse_job("data: " + data + "\n" + kSpace, "job.yaml", sets);
}

std::string error_of(const std::string& data) {
  try {
    parse_data_block(data);
  } catch (const JobError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no JobError for data: " << data;
  return "";
}

TEST(JobDataKeys, DefaultsAreAutoErrorXAndY) {
  const Job job = parse_data_block("{path: d.csv}");
  EXPECT_EQ(job.data.format, DataFormat::kAuto);
  EXPECT_EQ(job.data.missing, MissingPolicy::kError);
  EXPECT_EQ(job.data.x_dataset, "X");
  EXPECT_EQ(job.data.y_dataset, "y");
}

TEST(JobDataKeys, ReadsEveryFormatPolicyAndDatasetNames) {
  const Job job = parse_data_block(
      "{path: d.bin, format: hdf5, missing: allow, x_dataset: train/X, y_dataset: /labels}");
  EXPECT_EQ(job.data.format, DataFormat::kHdf5);
  EXPECT_EQ(job.data.missing, MissingPolicy::kAllow);
  EXPECT_EQ(job.data.x_dataset, "train/X");
  EXPECT_EQ(job.data.y_dataset, "/labels");
  for (DataFormat format : kDataFormats) {
    const std::string name = to_string(format);
    EXPECT_EQ(parse_data_block("{path: d, format: " + name + "}").data.format, format) << name;
  }
}

TEST(JobDataKeys, OverridesSetTheNewKeys) {
  const Job job = parse_data_block("{path: d.csv}", {"data.missing=allow", "data.format=tsv"});
  EXPECT_EQ(job.data.missing, MissingPolicy::kAllow);
  EXPECT_EQ(job.data.format, DataFormat::kTsv);
}

TEST(JobDataKeys, UnknownFormatOrPolicyNamesKeyLineAndChoices) {
  EXPECT_THAT(error_of("{path: d.csv, format: parquet}"),
              StartsWith("job.yaml:1:29: data.format: expected one of auto, csv, tsv, libsvm, "
                         "hdf5, found 'parquet'"));
  EXPECT_THAT(error_of("{path: d.csv, format: libsv}"), HasSubstr("did you mean 'libsvm'?"));
  EXPECT_THAT(error_of("{path: d.csv, missing: ignore}"),
              HasSubstr("data.missing: expected one of error, allow, found 'ignore'"));
  EXPECT_THAT(error_of("{path: d.h5, x_dataset: [a, b]}"),
              HasSubstr("data.x_dataset: expected a string, found a list"));
  EXPECT_THAT(error_of("{path: d.h5, y_dataset: ''}"),
              HasSubstr("data.y_dataset: expected a non-empty string"));
}

TEST(JobDataKeys, ValidatePrintsTheResolvedKeys) {
  const std::string yaml = to_yaml(parse_data_block("{path: d.libsvm, missing: allow}"));
  EXPECT_NE(yaml.find("format: auto\n"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("missing: allow\n"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("x_dataset: X\n"), std::string::npos) << yaml;
  const Job again = parse_job(yaml, "resolved.yaml");
  EXPECT_EQ(again.data.missing, MissingPolicy::kAllow);
  EXPECT_EQ(again.data.y_dataset, "y");
}

}  // namespace
}  // namespace fermata
