// The string half of hdf5_data.hpp: variable-length UTF-8 attributes and datasets.

#include <cstring>
#include <string>
#include <vector>

#include "hdf5/hdf5_data.hpp"
#include "hdf5/hdf5_object.hpp"

namespace fermata::h5 {

using detail::check_id;
using detail::check_status;
using detail::check_tri;
using detail::create_attribute;
using detail::create_dataset;
using detail::open_attribute;
using detail::open_dataset;
using detail::Opened;
using detail::Want;
using Kind = Handle::Kind;

namespace {

Handle utf8_string_type() {
  Handle type(check_id(H5Tcopy(H5T_C_S1), "copy the string type", -1, ""), Kind::kDatatype);
  check_status(H5Tset_size(type.id(), H5T_VARIABLE), "size the string type", -1, "");
  check_status(H5Tset_cset(type.id(), H5T_CSET_UTF8), "set UTF-8 on the string type", -1, "");
  return type;
}

// Returns the strings HDF5 allocated for a variable-length read, whatever happens next.
struct VlenRelease {
  hid_t type;
  hid_t space;
  void* buffer;
  ~VlenRelease() { H5Dvlen_reclaim(type, space, H5P_DEFAULT, buffer); }
};

// Reads `count` strings through `read(memory_type, buffer)`. The memory type is a copy of
// the file type, so no character-set conversion is ever asked of HDF5.
template <class Read>
std::vector<std::string> read_strings(hid_t type, hid_t space, std::size_t count, Read read) {
  std::vector<std::string> out;
  out.reserve(count);
  if (count == 0) return out;
  const Handle memory(check_id(H5Tcopy(type), "copy a string type", -1, ""), Kind::kDatatype);
  if (check_tri(H5Tis_variable_str(type), "inspect a string type", -1, "")) {
    std::vector<char*> pointers(count, nullptr);
    read(memory.id(), pointers.data());
    const VlenRelease release{memory.id(), space, pointers.data()};
    for (const char* p : pointers) out.emplace_back(p != nullptr ? p : "");
    return out;
  }
  const std::size_t width = H5Tget_size(type);
  std::vector<char> buffer(count * width);
  read(memory.id(), buffer.data());
  const bool space_padded = H5Tget_strpad(type) == H5T_STR_SPACEPAD;
  for (std::size_t i = 0; i < count; ++i) {
    const char* begin = buffer.data() + i * width;
    std::string text(begin, strnlen(begin, width));
    if (space_padded) text.erase(text.find_last_not_of(' ') + 1);
    out.push_back(std::move(text));
  }
  return out;
}

}  // namespace

void write_attribute(const Handle& object, const std::string& name, const std::string& value) {
  const Handle type = utf8_string_type();
  const Handle attribute = create_attribute(object, name, type.id());
  const char* text = value.c_str();
  check_status(H5Awrite(attribute.id(), type.id(), &text), "write attribute", object.id(), name);
}

std::string read_string_attribute(const Handle& object, const std::string& name) {
  const Opened a = open_attribute(object, name, Want::kString);
  return read_strings(a.type.id(), a.space.id(), 1, [&](hid_t memory, void* buffer) {
    check_status(H5Aread(a.object.id(), memory, buffer), "read attribute", object.id(), name);
  })[0];
}

void write_string_dataset(const Handle& parent, const std::string& name,
                          const std::vector<std::string>& values) {
  const Handle type = utf8_string_type();
  const Handle set = create_dataset(parent, name, type.id(), {values.size()});
  if (values.empty()) return;
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::string& v : values) pointers.push_back(v.c_str());
  check_status(H5Dwrite(set.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
               "write dataset", parent.id(), name);
}

Array<std::string> read_string_dataset(const Handle& parent, const std::string& name) {
  const Opened d = open_dataset(parent, name, Want::kString);
  Array<std::string> out{d.dims, {}};
  out.values = read_strings(d.type.id(), d.space.id(), d.count, [&](hid_t memory, void* buffer) {
    check_status(H5Dread(d.object.id(), memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer),
                 "read dataset", parent.id(), name);
  });
  return out;
}

}  // namespace fermata::h5
