#pragma once

// The HDF5 reads the data set reader needs beyond hdf5_handle.hpp and hdf5_data.hpp: finding
// an object by path, its value class and shape, and whole reads into float or double.
// Every C call is checked once in hdf5_arrays.cpp; failures are h5::Hdf5Error (callers turn
// them into DataError with the file name).

#include <string>

#include "hdf5/hdf5_data.hpp"
#include "hdf5/hdf5_handle.hpp"

namespace fermata::data_detail {

/// @brief What a path inside an HDF5 file leads to.
enum class H5Found { kNothing, kDataset, kGroup, kOther };

/// @brief What an HDF5 dataset's values are.
enum class H5Values { kInteger, kFloat, kString, kOther };

/// @brief An open dataset with what a reader checks before reading it.
struct H5Array {
  h5::Handle dataset;
  std::string path;  ///< absolute, "/X"
  H5Values values = H5Values::kOther;
  h5::Dims dims;  ///< empty for a scalar dataset
};

/// @brief "/X" for "X"; paths inside the file are always shown from the root.
std::string absolute_h5_path(const std::string& path);

/// @brief What `path` (relative to the root; may hold '/' to reach into groups) names.
H5Found find_object(const h5::Handle& file, const std::string& path);

/// @brief Opens the dataset at `path`; find_object must have answered kDataset.
H5Array open_array(const h5::Handle& file, const std::string& path);

/// @brief "strings", "integers", "floating-point numbers" or "values of another type".
const char* describe_values(H5Values values);

/// @brief Reads every value of `array`, converted by HDF5 to double, into `out` (room for all).
void read_all(const H5Array& array, double* out);

/// @brief Reads rows [first, first + count) of a 1-D or 2-D `array` (every column), converted
/// to double, into `out` (room for count · columns values), row-major.
void read_rows(const H5Array& array, std::uint64_t first, std::uint64_t count, double* out);

}  // namespace fermata::data_detail
