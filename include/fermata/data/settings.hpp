#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include <fermata/data/dataset.hpp>

namespace fermata {

/// @brief `data.generate`: a synthetic table made from the job seed.
struct GenerateSettings {
  std::string kind = "classification";  ///< classification | regression
  int rows = 2000;
  int features = 20;
  int informative = 8;        ///< features that carry signal; the rest are noise
  int classes = 2;            ///< classification only
  double label_noise = 0.05;  ///< classification: fraction of flipped labels
  double noise = 0.1;         ///< regression: std of additive noise relative to signal std
};

/// @brief `data.format`: how `data.path` is read. kAuto picks by extension (see
/// format_from_extension) and sniffs the delimiter of text tables; kCsv and kTsv force it.
enum class DataFormat { kAuto, kCsv, kTsv, kLibsvm, kHdf5 };

/// @brief Every DataFormat, in the order the job file documents them.
inline constexpr std::array<DataFormat, 5> kDataFormats = {
    DataFormat::kAuto, DataFormat::kCsv, DataFormat::kTsv, DataFormat::kLibsvm, DataFormat::kHdf5};

/// @brief "auto", "csv", "tsv", "libsvm" or "hdf5", as written in the job file.
const char* to_string(DataFormat format);

/// @brief `data.missing`: what a missing feature value does. kError rejects it with its file
/// and line; kAllow stores NaN (XGBoost treats NaN as missing). Missing targets are always
/// an error.
enum class MissingPolicy { kError, kAllow };

/// @brief Every MissingPolicy, in the order the job file documents them.
inline constexpr std::array<MissingPolicy, 2> kMissingPolicies = {MissingPolicy::kError,
                                                                  MissingPolicy::kAllow};

/// @brief "error" or "allow", as written in the job file.
const char* to_string(MissingPolicy policy);

/// @brief The job's `data` block.
struct DataSettings {
  std::string path;  ///< empty when `generate` is set
  /// Column name, or a 0-based index written as a number. Text tables only: LibSVM files
  /// hold the label first on every line and HDF5 files name it by `y_dataset`.
  std::string target = "target";
  Task task = Task::kClassification;
  double test_fraction = 0.2;
  DataFormat format = DataFormat::kAuto;
  MissingPolicy missing = MissingPolicy::kError;
  std::string x_dataset = "X";  ///< HDF5: the 2-D feature dataset (a path inside the file)
  std::string y_dataset = "y";  ///< HDF5: the 1-D target dataset, numbers or strings
  std::optional<GenerateSettings> generate;
};

/// @brief The job's `cv` block.
struct CvSettings {
  int folds = 5;
  bool stratified = true;  ///< only meaningful for classification
};

}  // namespace fermata
