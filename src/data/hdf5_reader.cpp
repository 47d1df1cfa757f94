#include <fermata/data/hdf5_reader.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include <fermata/core/error.hpp>

#include "data/cell.hpp"
#include "data/label_encoder.hpp"
#include "hdf5/hdf5_arrays.hpp"
#include "hdf5/hdf5_data.hpp"
#include "hdf5/hdf5_handle.hpp"

namespace fermata {
namespace {

using data_detail::H5Array;
using data_detail::H5Found;
using data_detail::H5Values;

// Features are read in blocks of rows as double, so every source type converts exactly once
// and out-of-float-range values are caught, without a double copy of the whole matrix.
constexpr std::size_t kBlockValues = std::size_t{1} << 16;
constexpr std::size_t kListedChildren = 8;
constexpr double kFloatMax = std::numeric_limits<float>::max();

std::string shape_text(const h5::Dims& dims) {
  std::string text = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) text += (i ? ", " : "") + std::to_string(dims[i]);
  return text + "]";
}

std::string root_contents(const h5::Handle& file) {
  const std::vector<std::string> names = h5::child_names(file);
  if (names.empty()) return "the file's root group is empty";
  std::string list;
  for (std::size_t i = 0; i < names.size() && i < kListedChildren; ++i) {
    list += (i ? ", " : "") + data_detail::show_cell(names[i]);
  }
  if (names.size() > kListedChildren) list += ", ...";
  return fmt::format("the file's root group holds {} ({} objects)", list, names.size());
}

// `key` is the job key that names the dataset, for the message.
H5Array open_named(const std::string& path, const h5::Handle& file, const std::string& name,
                   const char* key, const char* expected) {
  const std::string shown = data_detail::absolute_h5_path(name);
  switch (data_detail::find_object(file, name)) {
    case H5Found::kDataset:
      return data_detail::open_array(file, name);
    case H5Found::kNothing:
      throw DataError(fmt::format("{}: {}: expected {} at '{}', found nothing there; {}", path, key,
                                  expected, shown, root_contents(file)));
    case H5Found::kGroup:
    case H5Found::kOther:
      break;
  }
  throw DataError(fmt::format("{}: {}: expected {} at '{}', found a group or named type", path, key,
                              expected, shown));
}

void require_shape(const std::string& path, const H5Array& array, const char* key, std::size_t rank,
                   const char* meaning) {
  if (array.dims.size() == rank) return;
  throw DataError(fmt::format("{}: dataset '{}' ({}): expected {} dimension{} {}, found {} {}",
                              path, array.path, key, rank, rank == 1 ? "" : "s", meaning,
                              array.dims.size(), shape_text(array.dims)));
}

void read_features(const std::string& path, const H5Array& x, MissingPolicy missing,
                   Dataset& data) {
  const std::uint64_t rows = x.dims[0];
  const std::uint64_t cols = x.dims[1];
  data.X.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
  const std::uint64_t block_rows = std::max<std::uint64_t>(1, kBlockValues / cols);
  std::vector<double> buffer(block_rows * cols);
  float* out = data.X.data();
  for (std::uint64_t first = 0; first < rows; first += block_rows) {
    const std::uint64_t count = std::min(block_rows, rows - first);
    data_detail::read_rows(x, first, count, buffer.data());
    for (std::size_t i = 0; i < count * cols; ++i) {
      const double v = buffer[i];
      if (std::abs(v) <= kFloatMax) {
        *out++ = static_cast<float>(v);
        continue;
      }
      const std::uint64_t row = first + i / cols;
      const std::uint64_t col = i % cols;
      if (std::isnan(v) && missing == MissingPolicy::kAllow) {
        *out++ = std::numeric_limits<float>::quiet_NaN();
        continue;
      }
      const std::string what = std::isnan(v) ? std::string(data_detail::kMissingFeatureAdvice)
                                             : fmt::format(
                                                   "expected a finite number within "
                                                   "float range, found {}",
                                                   v);
      throw DataError(fmt::format("{}: dataset '{}', row {} (0-based): column 'f{}': {}", path,
                                  x.path, row, col, what));
    }
  }
}

void read_string_target(const std::string& path, const h5::Handle& file, const H5Array& y,
                        Dataset& data) {
  if (data.task == Task::kRegression) {
    throw DataError(
        fmt::format("{}: dataset '{}' (data.y_dataset): expected numbers for a "
                    "regression target, found strings",
                    path, y.path));
  }
  const std::vector<std::string> texts = h5::read_string_dataset(file, y.path).values;
  data_detail::LabelEncoder labels;
  for (std::size_t row = 0; row < texts.size(); ++row) {
    if (data_detail::is_missing_token(texts[row])) {
      throw DataError(
          fmt::format("{}: dataset '{}', row {} (0-based): expected a class label, "
                      "found a missing value {}",
                      path, y.path, row, data_detail::show_cell(texts[row])));
    }
    labels.add(texts[row]);
  }
  data_detail::assign_classes(labels, "dataset '" + y.path + "'", data);
}

void read_numeric_target(const std::string& path, const H5Array& y, Dataset& data) {
  std::vector<double> values(y.dims[0]);
  data_detail::read_all(y, values.data());
  data_detail::LabelEncoder labels;
  if (data.task == Task::kRegression) data.y.resize(static_cast<Eigen::Index>(values.size()));
  for (std::size_t row = 0; row < values.size(); ++row) {
    const double v = values[row];
    const bool in_range =
        data.task == Task::kRegression ? std::abs(v) <= kFloatMax : std::isfinite(v);
    if (!in_range) {
      throw DataError(fmt::format(
          "{}: dataset '{}', row {} (0-based): expected a finite target{}, "
          "found {}{}",
          path, y.path, row, data.task == Task::kRegression ? " within float range" : "", v,
          std::isnan(v) ? " (a missing target is always an error)" : ""));
    }
    if (data.task == Task::kRegression) {
      data.y[static_cast<Eigen::Index>(row)] = static_cast<float>(v);
    } else {
      labels.add(fmt::format("{}", v));  // shortest round-trip text: 1.0 -> "1"
    }
  }
  if (data.task == Task::kClassification) {
    data_detail::assign_classes(labels, "dataset '" + y.path + "'", data);
  }
}

Dataset read_open_file(const std::string& path, const h5::Handle& file,
                       const Hdf5Options& options) {
  const H5Array x = open_named(path, file, options.x_dataset, "data.x_dataset",
                               "a 2-D numeric dataset [rows, features]");
  if (x.values != H5Values::kInteger && x.values != H5Values::kFloat) {
    throw DataError(fmt::format("{}: dataset '{}' (data.x_dataset): expected numbers, found {}",
                                path, x.path, data_detail::describe_values(x.values)));
  }
  require_shape(path, x, "data.x_dataset", 2, "[rows, features]");
  if (x.dims[0] == 0 || x.dims[1] == 0) {
    throw DataError(
        fmt::format("{}: dataset '{}' (data.x_dataset): expected at least one row "
                    "and one feature, found shape {}",
                    path, x.path, shape_text(x.dims)));
  }
  const H5Array y = open_named(path, file, options.y_dataset, "data.y_dataset",
                               "a 1-D dataset [rows] of numbers or strings");
  require_shape(path, y, "data.y_dataset", 1, "[rows]");
  if (y.dims[0] != x.dims[0]) {
    throw DataError(
        fmt::format("{}: dataset '{}' (data.y_dataset): expected {} rows (as dataset "
                    "'{}'), found {}",
                    path, y.path, x.dims[0], x.path, y.dims[0]));
  }

  Dataset data;
  data.task = options.task;
  data.source = path;
  data.target_name = options.y_dataset;
  for (std::uint64_t j = 0; j < x.dims[1]; ++j) data.feature_names.push_back(fmt::format("f{}", j));
  read_features(path, x, options.missing, data);
  if (y.values == H5Values::kString) {
    read_string_target(path, file, y, data);
  } else if (y.values == H5Values::kInteger || y.values == H5Values::kFloat) {
    read_numeric_target(path, y, data);
  } else {
    throw DataError(
        fmt::format("{}: dataset '{}' (data.y_dataset): expected numbers or "
                    "strings, found {}",
                    path, y.path, data_detail::describe_values(y.values)));
  }
  return data;
}

}  // namespace

Dataset read_hdf5(const std::string& path, const Hdf5Options& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw DataError(path + ": cannot open data file: expected an existing file, found " +
                    (std::filesystem::exists(path, ec) ? "something else" : "none"));
  }
  if (!h5::is_hdf5(path)) {
    throw DataError(path + ": expected an HDF5 file, found a file without the HDF5 signature (if " +
                    "it is a text table, set data.format to csv or tsv)");
  }
  try {
    const h5::Handle file = h5::open_file(path, false);
    return read_open_file(path, file, options);
  } catch (const h5::Hdf5Error& e) {
    throw DataError(path + ": " + e.what());  // HDF5's own reason, as a data problem (exit 3)
  }
}

}  // namespace fermata
