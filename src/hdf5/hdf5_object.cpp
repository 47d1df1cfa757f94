#include "hdf5/hdf5_object.hpp"

#include <vector>

namespace fermata::h5::detail {
namespace {

using Kind = Handle::Kind;

// Refuses values HDF5 would convert silently but wrongly (a float read as an integer) or
// cannot convert at all (strings as numbers).
void require_type(hid_t type, Want want, hid_t parent, const std::string& name) {
  const H5T_class_t found = H5Tget_class(type);
  if (found == H5T_NO_CLASS) fail("inspect the type of", parent, name);
  const bool ok = want == Want::kString    ? found == H5T_STRING
                  : want == Want::kInteger ? found == H5T_INTEGER
                                           : found == H5T_INTEGER || found == H5T_FLOAT;
  if (ok) return;
  const char* held = found == H5T_STRING    ? "strings"
                     : found == H5T_INTEGER ? "integers"
                     : found == H5T_FLOAT   ? "floating-point numbers"
                                            : "values of another HDF5 type";
  const char* expected = want == Want::kString    ? "strings"
                         : want == Want::kInteger ? "integers"
                                                  : "numbers";
  throw Hdf5Error("'" + describe(parent, name) + "' holds " + held + ", expected " + expected);
}

Handle make_space(const Dims& dims) {
  if (dims.empty()) {
    return Handle(check_id(H5Screate(H5S_SCALAR), "create a scalar dataspace", -1, ""),
                  Kind::kDataspace);
  }
  const std::vector<hsize_t> sizes(dims.begin(), dims.end());
  return Handle(check_id(H5Screate_simple(static_cast<int>(sizes.size()), sizes.data(), nullptr),
                         "create a dataspace", -1, ""),
                Kind::kDataspace);
}

Dims shape_of(hid_t space, hid_t parent, const std::string& name) {
  if (H5Sget_simple_extent_type(space) == H5S_NULL) return Dims{0};
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0) fail("get the shape of", parent, name);
  std::vector<hsize_t> sizes(static_cast<std::size_t>(rank));
  check_status(H5Sget_simple_extent_dims(space, sizes.data(), nullptr), "get the shape of", parent,
               name);
  return Dims(sizes.begin(), sizes.end());
}

}  // namespace

std::size_t element_count(const Dims& dims) {
  std::size_t count = 1;
  for (std::uint64_t d : dims) count *= static_cast<std::size_t>(d);
  return count;
}

Opened open_attribute(const Handle& owner, const std::string& name, Want want) {
  Opened a;
  a.object = Handle(
      check_id(H5Aopen(owner.id(), name.c_str(), H5P_DEFAULT), "open attribute", owner.id(), name),
      Kind::kAttribute);
  a.type =
      Handle(check_id(H5Aget_type(a.object.id()), "get the type of attribute", owner.id(), name),
             Kind::kDatatype);
  require_type(a.type.id(), want, owner.id(), name);
  a.space =
      Handle(check_id(H5Aget_space(a.object.id()), "get the shape of attribute", owner.id(), name),
             Kind::kDataspace);
  a.dims = shape_of(a.space.id(), owner.id(), name);
  a.count = element_count(a.dims);
  if (a.count != 1) {
    throw Hdf5Error("attribute '" + describe(owner.id(), name) + "' holds " +
                    std::to_string(a.count) + " values, expected 1");
  }
  return a;
}

Opened open_dataset(const Handle& parent, const std::string& name, Want want) {
  Opened d;
  d.object = Handle(
      check_id(H5Dopen2(parent.id(), name.c_str(), H5P_DEFAULT), "open dataset", parent.id(), name),
      Kind::kDataset);
  d.type = Handle(check_id(H5Dget_type(d.object.id()), "get the type of", parent.id(), name),
                  Kind::kDatatype);
  require_type(d.type.id(), want, parent.id(), name);
  d.space = Handle(check_id(H5Dget_space(d.object.id()), "get the shape of", parent.id(), name),
                   Kind::kDataspace);
  d.dims = shape_of(d.space.id(), parent.id(), name);
  d.count = element_count(d.dims);
  return d;
}

Handle create_attribute(const Handle& owner, const std::string& name, hid_t file_type) {
  if (check_tri(H5Aexists(owner.id(), name.c_str()), "look up attribute", owner.id(), name)) {
    check_status(H5Adelete(owner.id(), name.c_str()), "replace attribute", owner.id(), name);
  }
  const Handle space = make_space({});
  return Handle(check_id(H5Acreate2(owner.id(), name.c_str(), file_type, space.id(), H5P_DEFAULT,
                                    H5P_DEFAULT),
                         "create attribute", owner.id(), name),
                Kind::kAttribute);
}

Handle create_dataset(const Handle& parent, const std::string& name, hid_t file_type,
                      const Dims& dims) {
  const Handle space = make_space(dims);
  return Handle(check_id(H5Dcreate2(parent.id(), name.c_str(), file_type, space.id(), H5P_DEFAULT,
                                    H5P_DEFAULT, H5P_DEFAULT),
                         "create dataset", parent.id(), name),
                Kind::kDataset);
}

}  // namespace fermata::h5::detail
