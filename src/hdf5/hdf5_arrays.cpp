#include "hdf5/hdf5_arrays.hpp"

#include <vector>

#include "hdf5/hdf5_check.hpp"

namespace fermata::data_detail {

using h5::Handle;
using h5::detail::check_id;
using h5::detail::check_status;
using h5::detail::check_tri;

std::string absolute_h5_path(const std::string& path) {
  return !path.empty() && path.front() == '/' ? path : "/" + path;
}

H5Found find_object(const Handle& file, const std::string& path) {
  const std::string full = absolute_h5_path(path);
  // H5Lexists fails (rather than answering false) when a group on the way is missing, so
  // every prefix is checked in turn, from the root down.
  for (std::size_t end = 1; end <= full.size(); ++end) {
    if (end < full.size() && full[end] != '/') continue;
    const std::string prefix = full.substr(0, end);
    if (prefix.back() == '/') continue;  // "//" or a trailing '/'
    if (!check_tri(H5Lexists(file.id(), prefix.c_str(), H5P_DEFAULT), "look up", -1, prefix)) {
      return H5Found::kNothing;
    }
  }
  const hid_t object = check_id(H5Oopen(file.id(), full.c_str(), H5P_DEFAULT), "open", -1, full);
  const H5I_type_t type = H5Iget_type(object);
  check_status(H5Oclose(object), "close", -1, full);
  switch (type) {
    case H5I_DATASET:
      return H5Found::kDataset;
    case H5I_GROUP:
      return H5Found::kGroup;
    default:
      return H5Found::kOther;
  }
}

H5Array open_array(const Handle& file, const std::string& path) {
  H5Array array;
  array.path = absolute_h5_path(path);
  const std::string& name = array.path;
  array.dataset =
      Handle(check_id(H5Dopen2(file.id(), name.c_str(), H5P_DEFAULT), "open dataset", -1, name),
             Handle::Kind::kDataset);
  const Handle type(check_id(H5Dget_type(array.dataset.id()), "get the type of", -1, name),
                    Handle::Kind::kDatatype);
  switch (H5Tget_class(type.id())) {
    case H5T_INTEGER:
      array.values = H5Values::kInteger;
      break;
    case H5T_FLOAT:
      array.values = H5Values::kFloat;
      break;
    case H5T_STRING:
      array.values = H5Values::kString;
      break;
    case H5T_NO_CLASS:
      h5::detail::fail("inspect the type of", -1, name);
    default:
      array.values = H5Values::kOther;
      break;
  }
  const Handle space(check_id(H5Dget_space(array.dataset.id()), "get the shape of", -1, name),
                     Handle::Kind::kDataspace);
  if (H5Sget_simple_extent_type(space.id()) == H5S_NULL) {
    array.dims = {0};
    return array;
  }
  const int rank = H5Sget_simple_extent_ndims(space.id());
  if (rank < 0) h5::detail::fail("get the shape of", -1, name);
  std::vector<hsize_t> sizes(static_cast<std::size_t>(rank));
  check_status(H5Sget_simple_extent_dims(space.id(), sizes.data(), nullptr), "get the shape of", -1,
               name);
  array.dims.assign(sizes.begin(), sizes.end());
  return array;
}

const char* describe_values(H5Values values) {
  switch (values) {
    case H5Values::kInteger:
      return "integers";
    case H5Values::kFloat:
      return "floating-point numbers";
    case H5Values::kString:
      return "strings";
    case H5Values::kOther:
      break;
  }
  return "values of another HDF5 type";
}

void read_all(const H5Array& array, double* out) {
  check_status(H5Dread(array.dataset.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out),
               "read dataset", -1, array.path);
}

void read_rows(const H5Array& array, std::uint64_t first, std::uint64_t count, double* out) {
  const std::string& name = array.path;
  std::vector<hsize_t> start(array.dims.size(), 0);
  std::vector<hsize_t> block(array.dims.begin(), array.dims.end());
  start.front() = first;
  block.front() = count;
  const Handle file_space(check_id(H5Dget_space(array.dataset.id()), "get the shape of", -1, name),
                          Handle::Kind::kDataspace);
  check_status(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, start.data(), nullptr,
                                   block.data(), nullptr),
               "select rows of", -1, name);
  const Handle memory_space(
      check_id(H5Screate_simple(static_cast<int>(block.size()), block.data(), nullptr),
               "create a dataspace for", -1, name),
      Handle::Kind::kDataspace);
  check_status(H5Dread(array.dataset.id(), H5T_NATIVE_DOUBLE, memory_space.id(), file_space.id(),
                       H5P_DEFAULT, out),
               "read dataset", -1, name);
}

}  // namespace fermata::data_detail
