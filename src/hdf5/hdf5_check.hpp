#pragma once

// Private to the hdf5 module's .cpp files: the checks every HDF5 C call goes through.

#include <hdf5.h>

#include <string>
#include <type_traits>

#include "hdf5/hdf5_handle.hpp"

namespace fermata::h5::detail {

static_assert(std::is_same_v<hid_t, Hid>, "fermata::h5::Hid must be HDF5's hid_t");

/// @brief The path of `name` under the open object `parent` ("/trials/params"); `name` as
/// is when parent < 0, the parent's own path when `name` is empty.
std::string describe(hid_t parent, const std::string& name);

/// @brief Throws Hdf5Error "cannot <action> '<object>': <HDF5's reason>" and clears HDF5's
/// error stack; `object` is describe(parent, name).
[[noreturn]] void fail(const char* action, hid_t parent, const std::string& name);

/// @brief Returns `id`, or fails when the call that produced it failed (id < 0).
inline hid_t check_id(hid_t id, const char* action, hid_t parent, const std::string& name) {
  if (id < 0) fail(action, parent, name);
  return id;
}

/// @brief Fails when an herr_t status is negative.
inline void check_status(herr_t status, const char* action, hid_t parent, const std::string& name) {
  if (status < 0) fail(action, parent, name);
}

/// @brief Returns a tri-state answer as bool, failing on a negative (error) answer.
inline bool check_tri(htri_t answer, const char* action, hid_t parent, const std::string& name) {
  if (answer < 0) fail(action, parent, name);
  return answer > 0;
}

/// @brief Stops HDF5 printing its error stack to stderr; errors become exceptions instead.
/// Per thread in thread-safe builds, so every entry point (opening a file) calls it.
void silence_error_printing();

}  // namespace fermata::h5::detail
