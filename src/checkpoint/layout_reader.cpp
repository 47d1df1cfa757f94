#include "checkpoint/layout_reader.hpp"

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

std::string shape_text(const h5::Dims& dims) {
  std::string text = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) {
    text += (i > 0 ? ", " : "") + std::to_string(dims[i]);
  }
  return text + "]";
}

}  // namespace

void LayoutReader::fail(const std::string& what) const {
  throw CheckpointError("checkpoint '" + path_ + "' " + what);
}

std::string LayoutReader::where(const h5::Handle& parent, const std::string& name,
                                const char* kind) {
  const std::string base = h5::object_path(parent);
  return std::string(kind) + " '" + (base == "/" ? base : base + "/") + name + "'";
}

h5::Handle LayoutReader::group(const h5::Handle& parent, const std::string& name) const {
  if (!h5::has_child(parent, name)) fail("is missing " + where(parent, name, "group"));
  return h5::open_group(parent, name);
}

void LayoutReader::require_attribute(const h5::Handle& object, const std::string& name) const {
  if (!h5::has_attribute(object, name)) {
    fail("is missing attribute '" + name + "' of '" + h5::object_path(object) + "'");
  }
}

std::string LayoutReader::string_attribute(const h5::Handle& object,
                                           const std::string& name) const {
  require_attribute(object, name);
  return h5::read_string_attribute(object, name);
}

std::int64_t LayoutReader::int_attribute(const h5::Handle& object, const std::string& name) const {
  require_attribute(object, name);
  return h5::read_int_attribute(object, name);
}

std::uint64_t LayoutReader::uint64_attribute(const h5::Handle& object,
                                             const std::string& name) const {
  require_attribute(object, name);
  return h5::read_uint64_attribute(object, name);
}

double LayoutReader::double_attribute(const h5::Handle& object, const std::string& name) const {
  require_attribute(object, name);
  return h5::read_double_attribute(object, name);
}

void LayoutReader::require_dataset(const h5::Handle& parent, const std::string& name) const {
  if (!h5::has_child(parent, name)) fail("is missing " + where(parent, name, "dataset"));
}

void LayoutReader::require_shape(const h5::Dims& found, const h5::Handle& parent,
                                 const std::string& name, const h5::Dims& expected) const {
  if (found == expected) return;
  fail("has " + where(parent, name, "dataset") + " of shape " + shape_text(found) + ", expected " +
       shape_text(expected));
}

void LayoutReader::require_one_dimension(const h5::Dims& found, const h5::Handle& parent,
                                         const std::string& name) const {
  if (found.size() == 1) return;
  fail("has " + where(parent, name, "dataset") + " of shape " + shape_text(found) +
       ", expected one dimension");
}

}  // namespace fermata
