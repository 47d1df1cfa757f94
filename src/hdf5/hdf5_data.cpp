// The number half of hdf5_data.hpp: attributes and datasets of float64 and integers.

#include "hdf5/hdf5_data.hpp"

#include <string>
#include <vector>

#include "hdf5/hdf5_object.hpp"

namespace fermata::h5 {

using detail::check_status;
using detail::check_tri;
using detail::create_attribute;
using detail::create_dataset;
using detail::describe;
using detail::element_count;
using detail::open_attribute;
using detail::open_dataset;
using detail::Opened;
using detail::Want;

namespace {

// File types are fixed little-endian so a checkpoint reads the same on any machine.
template <class T>
struct Native;
template <>
struct Native<double> {
  static hid_t file() { return H5T_IEEE_F64LE; }
  static hid_t memory() { return H5T_NATIVE_DOUBLE; }
  static constexpr bool kInteger = false;
};
template <>
struct Native<std::int64_t> {
  static hid_t file() { return H5T_STD_I64LE; }
  static hid_t memory() { return H5T_NATIVE_INT64; }
  static constexpr bool kInteger = true;
};
template <>
struct Native<std::int32_t> {
  static hid_t file() { return H5T_STD_I32LE; }
  static hid_t memory() { return H5T_NATIVE_INT32; }
  static constexpr bool kInteger = true;
};
template <>
struct Native<std::int8_t> {
  static hid_t file() { return H5T_STD_I8LE; }
  static hid_t memory() { return H5T_NATIVE_INT8; }
  static constexpr bool kInteger = true;
};
template <>
struct Native<std::uint64_t> {
  static hid_t file() { return H5T_STD_U64LE; }
  static hid_t memory() { return H5T_NATIVE_UINT64; }
  static constexpr bool kInteger = true;
};

template <class T>
void write_number_attribute(const Handle& owner, const std::string& name, T value) {
  const Handle attribute = create_attribute(owner, name, Native<T>::file());
  check_status(H5Awrite(attribute.id(), Native<T>::memory(), &value), "write attribute", owner.id(),
               name);
}

template <class T>
T read_number_attribute(const Handle& owner, const std::string& name) {
  const Opened a =
      open_attribute(owner, name, Native<T>::kInteger ? Want::kInteger : Want::kNumber);
  T value{};
  check_status(H5Aread(a.object.id(), Native<T>::memory(), &value), "read attribute", owner.id(),
               name);
  return value;
}

}  // namespace

void write_attribute(const Handle& object, const std::string& name, double value) {
  write_number_attribute(object, name, value);
}

void write_attribute(const Handle& object, const std::string& name, int value) {
  write_number_attribute<std::int32_t>(object, name, value);
}

void write_attribute(const Handle& object, const std::string& name, std::uint64_t value) {
  write_number_attribute(object, name, value);
}

bool has_attribute(const Handle& object, const std::string& name) {
  return check_tri(H5Aexists(object.id(), name.c_str()), "look up attribute", object.id(), name);
}

double read_double_attribute(const Handle& object, const std::string& name) {
  return read_number_attribute<double>(object, name);
}

std::int64_t read_int_attribute(const Handle& object, const std::string& name) {
  return read_number_attribute<std::int64_t>(object, name);
}

std::uint64_t read_uint64_attribute(const Handle& object, const std::string& name) {
  return read_number_attribute<std::uint64_t>(object, name);
}

template <class T>
void write_dataset(const Handle& parent, const std::string& name, const Dims& dims,
                   const std::vector<T>& values) {
  if (values.size() != element_count(dims)) {
    throw Hdf5Error("cannot write dataset '" + describe(parent.id(), name) +
                    "': " + std::to_string(values.size()) + " values for a shape of " +
                    std::to_string(element_count(dims)));
  }
  const Handle set = create_dataset(parent, name, Native<T>::file(), dims);
  // HDF5 rejects a null buffer even for zero elements, and there is nothing to write.
  if (values.empty()) return;
  check_status(
      H5Dwrite(set.id(), Native<T>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
      "write dataset", parent.id(), name);
}

template <class T>
Array<T> read_dataset(const Handle& parent, const std::string& name) {
  const Opened d = open_dataset(parent, name, Native<T>::kInteger ? Want::kInteger : Want::kNumber);
  Array<T> out{d.dims, std::vector<T>(d.count)};
  if (d.count == 0) return out;
  check_status(
      H5Dread(d.object.id(), Native<T>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.values.data()),
      "read dataset", parent.id(), name);
  return out;
}

template void write_dataset(const Handle&, const std::string&, const Dims&,
                            const std::vector<double>&);
template void write_dataset(const Handle&, const std::string&, const Dims&,
                            const std::vector<std::int64_t>&);
template void write_dataset(const Handle&, const std::string&, const Dims&,
                            const std::vector<std::int32_t>&);
template void write_dataset(const Handle&, const std::string&, const Dims&,
                            const std::vector<std::int8_t>&);
template Array<double> read_dataset(const Handle&, const std::string&);
template Array<std::int64_t> read_dataset(const Handle&, const std::string&);
template Array<std::int32_t> read_dataset(const Handle&, const std::string&);
template Array<std::int8_t> read_dataset(const Handle&, const std::string&);

}  // namespace fermata::h5
