#pragma once

#include <string>

#include <fermata/data/dataset.hpp>
#include <fermata/data/settings.hpp>

namespace fermata {

/// @brief Which datasets of an HDF5 file hold the table, and how to read them.
struct Hdf5Options {
  std::string x_dataset = "X";  ///< 2-D [rows, features], row-major, any integer or float type
  std::string y_dataset = "y";  ///< 1-D [rows]: numbers, or strings for class labels
  Task task = Task::kClassification;
  MissingPolicy missing = MissingPolicy::kError;
};

/// @brief Reads features and target from two datasets of an HDF5 file (paths inside the file,
/// e.g. "X" or "train/X"). Features are converted to float and must be finite; NaN is a
/// missing value, handled by `missing`. A classification target may be numbers or strings,
/// numbered like the table reader's (numbers ascending, strings in byte order); a regression
/// target must be numeric. Features are named f0..f{d-1}, the target after its dataset.
/// Throws DataError naming the file, the dataset and the 0-based row for: a missing or
/// non-HDF5 file, a missing dataset (listing what the file holds), a wrong rank or value
/// type, no rows or no features, a row count of y unlike X's, a NaN, infinite or missing
/// target, a NaN feature under kError, an infinite or out-of-float-range feature, and fewer
/// than two classes.
Dataset read_hdf5(const std::string& path, const Hdf5Options& options);

}  // namespace fermata
