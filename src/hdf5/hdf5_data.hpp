#pragma once

// Attributes and datasets over the HDF5 C API, whole arrays at a time. Numbers are stored
// little-endian (float64, int64, int32, int8, uint64); strings as variable-length UTF-8,
// which h5dump and h5py read directly. Reading also accepts fixed-length strings and any
// integer or float width HDF5 can convert, so files edited with h5py still load.

#include <cstdint>
#include <string>
#include <vector>

#include "hdf5/hdf5_handle.hpp"

namespace fermata::h5 {

/// @brief A dataset's shape; empty for a scalar (0-d) dataset.
using Dims = std::vector<std::uint64_t>;

/// @brief A dataset read whole: its shape and its values in row-major order.
template <class T>
struct Array {
  Dims dims;
  std::vector<T> values;
};

/// @brief Writes (or replaces) the scalar attribute `name` of `object`.
void write_attribute(const Handle& object, const std::string& name, const std::string& value);
void write_attribute(const Handle& object, const std::string& name, double value);
void write_attribute(const Handle& object, const std::string& name, int value);
void write_attribute(const Handle& object, const std::string& name, std::uint64_t value);

/// @brief Whether `object` has an attribute called `name`.
bool has_attribute(const Handle& object, const std::string& name);

/// @brief Reads a scalar attribute; throws Hdf5Error if it is missing or of another kind.
std::string read_string_attribute(const Handle& object, const std::string& name);
double read_double_attribute(const Handle& object, const std::string& name);
std::int64_t read_int_attribute(const Handle& object, const std::string& name);
std::uint64_t read_uint64_attribute(const Handle& object, const std::string& name);

/// @brief Creates the dataset `name` under `parent` with shape `dims` (contiguous, no
/// filters) and writes `values` (row-major, as many as the shape holds) in one call.
/// T is double, std::int64_t, std::int32_t or std::int8_t.
template <class T>
void write_dataset(const Handle& parent, const std::string& name, const Dims& dims,
                   const std::vector<T>& values);

/// @brief Reads the whole numeric dataset `name` under `parent`, converting to T.
template <class T>
Array<T> read_dataset(const Handle& parent, const std::string& name);

/// @brief Writes a 1-D dataset of variable-length UTF-8 strings.
void write_string_dataset(const Handle& parent, const std::string& name,
                          const std::vector<std::string>& values);

/// @brief Reads a whole string dataset (variable or fixed length).
Array<std::string> read_string_dataset(const Handle& parent, const std::string& name);

}  // namespace fermata::h5
