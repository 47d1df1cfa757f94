#pragma once

// Checked access to a checkpoint being read: every missing group, dataset or attribute and
// every wrong shape becomes a CheckpointError naming the file and the object.

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "hdf5/hdf5_data.hpp"
#include "hdf5/hdf5_handle.hpp"

namespace fermata {

/// @brief Reads the parts of one checkpoint file, failing with messages that name it.
class LayoutReader {
 public:
  explicit LayoutReader(std::string path) : path_(std::move(path)) {}

  /// @brief Throws CheckpointError "checkpoint '<path>' <what>".
  [[noreturn]] void fail(const std::string& what) const;

  /// @brief The group `name` under `parent`; fails naming it if it is missing.
  h5::Handle group(const h5::Handle& parent, const std::string& name) const;

  /// @brief Fails unless `object` has the attribute `name`.
  void require_attribute(const h5::Handle& object, const std::string& name) const;
  std::string string_attribute(const h5::Handle& object, const std::string& name) const;
  std::int64_t int_attribute(const h5::Handle& object, const std::string& name) const;
  std::uint64_t uint64_attribute(const h5::Handle& object, const std::string& name) const;
  double double_attribute(const h5::Handle& object, const std::string& name) const;

  /// @brief The dataset `name` under `parent`, which must have the shape `expected`.
  /// T is std::string or a number type of h5::read_dataset.
  template <class T>
  std::vector<T> array(const h5::Handle& parent, const std::string& name,
                       const h5::Dims& expected) const {
    h5::Array<T> found = read<T>(parent, name);
    require_shape(found.dims, parent, name, expected);
    return std::move(found.values);
  }

  /// @brief The 1-D dataset `name` under `parent`, of any length.
  template <class T>
  std::vector<T> vector(const h5::Handle& parent, const std::string& name) const {
    h5::Array<T> found = read<T>(parent, name);
    require_one_dimension(found.dims, parent, name);
    return std::move(found.values);
  }

  /// @brief "dataset '/trials/params'" for messages.
  static std::string where(const h5::Handle& parent, const std::string& name, const char* kind);

 private:
  template <class T>
  h5::Array<T> read(const h5::Handle& parent, const std::string& name) const {
    require_dataset(parent, name);
    if constexpr (std::is_same_v<T, std::string>) {
      return h5::read_string_dataset(parent, name);
    } else {
      return h5::read_dataset<T>(parent, name);
    }
  }

  void require_dataset(const h5::Handle& parent, const std::string& name) const;
  void require_shape(const h5::Dims& found, const h5::Handle& parent, const std::string& name,
                     const h5::Dims& expected) const;
  void require_one_dimension(const h5::Dims& found, const h5::Handle& parent,
                             const std::string& name) const;

  std::string path_;
};

}  // namespace fermata
