#pragma once

// The one thin layer over the HDF5 C API (files, groups, links). Every C call is checked
// once, here, and a failure becomes an h5::Hdf5Error carrying HDF5's own description.
// This header stays free of <hdf5.h> so only the wrapper's .cpp files see the C API.

#include <cstdint>
#include <string>
#include <vector>

#include <fermata/core/error.hpp>

namespace fermata::h5 {

/// @brief HDF5 1.10's `hid_t` (a static_assert in the .cpp keeps the two equal).
using Hid = std::int64_t;

/// @brief A failed HDF5 call: what was attempted, on which object, and HDF5's reason. The
/// message does not name the file; callers add it.
class Hdf5Error : public CheckpointError {
 public:
  explicit Hdf5Error(const std::string& message) : CheckpointError(message) {}
};

/// @brief Owns one HDF5 identifier and releases it with the close function of its kind.
class Handle {
 public:
  enum class Kind { kFile, kGroup, kDataset, kAttribute, kDataspace, kDatatype, kPropertyList };

  Handle() = default;
  Handle(Hid id, Kind kind) : id_(id), kind_(kind) {}
  ~Handle();
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept;
  Handle& operator=(Handle&& other) noexcept;

  Hid id() const { return id_; }
  bool valid() const { return id_ >= 0; }

  /// @brief Closes now and throws Hdf5Error if HDF5 reports a failure. For a file, closing is
  /// where buffered data reaches the disk, so writers call this instead of relying on the
  /// destructor (which has to swallow errors).
  void close();

 private:
  void release() noexcept;

  Hid id_ = -1;
  Kind kind_ = Kind::kFile;
};

/// @brief Whether `path` is a file that starts with an HDF5 signature. False for missing,
/// empty or foreign files; a truncated HDF5 file still answers true (opening it fails).
bool is_hdf5(const std::string& path);

/// @brief Creates `path` as a new, empty HDF5 file, replacing any file of that name, with a
/// user block of `user_block` bytes (0, or a power of two >= 512) that HDF5 leaves alone.
Handle create_file(const std::string& path, std::uint64_t user_block = 0);

/// @brief Opens the existing HDF5 file `path`, read-only unless `writable`.
Handle open_file(const std::string& path, bool writable);

/// @brief Pushes the file's buffered metadata and data to the operating system.
void flush_file(const Handle& file);

/// @brief Creates the group `name` (one path component) under `parent`.
Handle create_group(const Handle& parent, const std::string& name);

/// @brief Opens the existing group `name` under `parent`.
Handle open_group(const Handle& parent, const std::string& name);

/// @brief Whether `parent` has a link (group or dataset) called `name` (one path component).
bool has_child(const Handle& parent, const std::string& name);

/// @brief Names of the links in `group`, in byte-wise name order.
std::vector<std::string> child_names(const Handle& group);

/// @brief Removes the link `name` from `parent`.
void remove_child(const Handle& parent, const std::string& name);

/// @brief Whether `name` can be a single HDF5 link name: non-empty, no '/', not ".".
bool is_link_name(const std::string& name);

/// @brief The absolute path of an open object inside its file ("/trials"), for messages.
std::string object_path(const Handle& object);

}  // namespace fermata::h5
