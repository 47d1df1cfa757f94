#pragma once

// Private to the wrapper's .cpp files: opening and creating attributes and datasets, with
// the type and shape checks that reading needs. Shared by the number and string halves.

#include <string>

#include "hdf5/hdf5_check.hpp"
#include "hdf5/hdf5_data.hpp"

namespace fermata::h5::detail {

/// @brief What a reader expects an attribute or dataset to hold.
enum class Want { kInteger, kNumber, kString };

/// @brief An open attribute or dataset with its file type, dataspace and shape.
struct Opened {
  Handle object;
  Handle type;
  Handle space;
  Dims dims;
  std::size_t count = 0;
};

/// @brief Number of values a shape holds (1 for a scalar).
std::size_t element_count(const Dims& dims);

/// @brief Opens the scalar attribute `name` of `owner`; fails unless it holds one `want`.
Opened open_attribute(const Handle& owner, const std::string& name, Want want);

/// @brief Opens the dataset `name` under `parent`; fails unless it holds `want` values.
Opened open_dataset(const Handle& parent, const std::string& name, Want want);

/// @brief Creates the scalar attribute `name` of `owner`, replacing an existing one so
/// callers can update an attribute in place.
Handle create_attribute(const Handle& owner, const std::string& name, hid_t file_type);

/// @brief Creates the dataset `name` under `parent` (contiguous, no filters: checkpoints are
/// small and written whole, so chunking and compression would only cost time).
Handle create_dataset(const Handle& parent, const std::string& name, hid_t file_type,
                      const Dims& dims);

}  // namespace fermata::h5::detail
