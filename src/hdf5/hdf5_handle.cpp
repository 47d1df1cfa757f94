#include "hdf5/hdf5_handle.hpp"

#include <utility>

#include "hdf5/hdf5_check.hpp"

namespace fermata::h5 {
namespace detail {
namespace {

// The outermost (API) and innermost (where it was detected) descriptions on HDF5's stack:
// together they say what failed and why, e.g. "unable to open file: truncated file: ...".
struct StackText {
  std::string outer;
  std::string inner;
};

herr_t collect_description(unsigned n, const H5E_error2_t* error, void* data) {
  auto* text = static_cast<StackText*>(data);
  const std::string description = error->desc != nullptr ? error->desc : "";
  if (n == 0) text->outer = description;
  text->inner = description;
  return 0;
}

std::string take_error_stack() {
  StackText text;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_description, &text);
  H5Eclear2(H5E_DEFAULT);
  if (text.outer.empty()) return "HDF5 gave no reason";
  if (text.inner.empty() || text.inner == text.outer) return text.outer;
  return text.outer + ": " + text.inner;
}

std::string path_of(hid_t object) {
  const ssize_t length = H5Iget_name(object, nullptr, 0);
  if (length <= 0) return "?";
  std::string name(static_cast<std::size_t>(length) + 1, '\0');
  H5Iget_name(object, name.data(), name.size());
  name.resize(static_cast<std::size_t>(length));
  return name;
}

}  // namespace

std::string describe(hid_t parent, const std::string& name) {
  if (parent < 0) return name;
  const std::string base = path_of(parent);
  H5Eclear2(H5E_DEFAULT);
  if (name.empty()) return base;
  return (base == "/" ? base : base + "/") + name;
}

void fail(const char* action, hid_t parent, const std::string& name) {
  const std::string reason = take_error_stack();  // before describe can add to the stack
  throw Hdf5Error(std::string("cannot ") + action + " '" + describe(parent, name) + "': " + reason);
}

void silence_error_printing() {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

}  // namespace detail

using detail::check_id;
using detail::check_status;
using detail::check_tri;

Handle::~Handle() {
  release();
}

Handle::Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)), kind_(other.kind_) {}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    release();
    id_ = std::exchange(other.id_, -1);
    kind_ = other.kind_;
  }
  return *this;
}

namespace {

herr_t close_id(hid_t id, Handle::Kind kind) {
  switch (kind) {
    case Handle::Kind::kFile:
      return H5Fclose(id);
    case Handle::Kind::kGroup:
      return H5Gclose(id);
    case Handle::Kind::kDataset:
      return H5Dclose(id);
    case Handle::Kind::kAttribute:
      return H5Aclose(id);
    case Handle::Kind::kDataspace:
      return H5Sclose(id);
    case Handle::Kind::kDatatype:
      return H5Tclose(id);
    case Handle::Kind::kPropertyList:
      return H5Pclose(id);
  }
  return -1;
}

// Locking protects a file being written, but parallel filesystems often refuse locks;
// there the lock is skipped instead of failing every checkpoint.
Handle file_access_properties() {
  Handle fapl(check_id(H5Pcreate(H5P_FILE_ACCESS), "create file access properties", -1, ""),
              Handle::Kind::kPropertyList);
#if H5_VERSION_GE(1, 10, 7)
  check_status(H5Pset_file_locking(fapl.id(), true, true), "set file locking", -1, "");
#endif
  return fapl;
}

// A C callback: an exception must not unwind through HDF5, so it becomes a failed status.
herr_t append_name(hid_t /*group*/, const char* name, const H5L_info_t* /*info*/, void* data) {
  try {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  } catch (...) {
    return -1;
  }
}

std::string file_name(hid_t file) {
  const ssize_t length = H5Fget_name(file, nullptr, 0);
  if (length <= 0) return "file";
  std::string name(static_cast<std::size_t>(length) + 1, '\0');
  H5Fget_name(file, name.data(), name.size());
  name.resize(static_cast<std::size_t>(length));
  return name;
}

}  // namespace

void Handle::release() noexcept {
  if (id_ >= 0) {
    close_id(id_, kind_);
    H5Eclear2(H5E_DEFAULT);
  }
  id_ = -1;
}

void Handle::close() {
  if (id_ < 0) return;
  const hid_t id = std::exchange(id_, -1);
  // Named up front: after a failed close the identifier may no longer answer.
  const std::string name = kind_ == Kind::kFile ? file_name(id) : detail::path_of(id);
  check_status(close_id(id, kind_), "close", -1, name);
}

bool is_hdf5(const std::string& path) {
  detail::silence_error_printing();
  const htri_t answer = H5Fis_hdf5(path.c_str());
  H5Eclear2(H5E_DEFAULT);
  return answer > 0;
}

Handle create_file(const std::string& path, std::uint64_t user_block) {
  detail::silence_error_printing();
  const Handle fapl = file_access_properties();
  const Handle fcpl(check_id(H5Pcreate(H5P_FILE_CREATE), "create file creation properties", -1, ""),
                    Handle::Kind::kPropertyList);
  if (user_block > 0) {
    check_status(H5Pset_userblock(fcpl.id(), user_block), "set the user block", -1, path);
  }
  return Handle(check_id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl.id(), fapl.id()),
                         "create file", -1, path),
                Handle::Kind::kFile);
}

Handle open_file(const std::string& path, bool writable) {
  detail::silence_error_printing();
  const Handle fapl = file_access_properties();
  const unsigned mode = writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY;
  return Handle(check_id(H5Fopen(path.c_str(), mode, fapl.id()), "open file", -1, path),
                Handle::Kind::kFile);
}

void flush_file(const Handle& file) {
  check_status(H5Fflush(file.id(), H5F_SCOPE_GLOBAL), "flush file", file.id(), "");
}

Handle create_group(const Handle& parent, const std::string& name) {
  return Handle(
      check_id(H5Gcreate2(parent.id(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
               "create group", parent.id(), name),
      Handle::Kind::kGroup);
}

Handle open_group(const Handle& parent, const std::string& name) {
  return Handle(
      check_id(H5Gopen2(parent.id(), name.c_str(), H5P_DEFAULT), "open group", parent.id(), name),
      Handle::Kind::kGroup);
}

bool has_child(const Handle& parent, const std::string& name) {
  if (!is_link_name(name)) return false;
  return check_tri(H5Lexists(parent.id(), name.c_str(), H5P_DEFAULT), "look up", parent.id(), name);
}

std::vector<std::string> child_names(const Handle& group) {
  std::vector<std::string> names;
  check_status(H5Literate(group.id(), H5_INDEX_NAME, H5_ITER_INC, nullptr, append_name, &names),
               "list the members of", group.id(), "");
  return names;
}

void remove_child(const Handle& parent, const std::string& name) {
  check_status(H5Ldelete(parent.id(), name.c_str(), H5P_DEFAULT), "remove", parent.id(), name);
}

bool is_link_name(const std::string& name) {
  return !name.empty() && name != "." && name.find('/') == std::string::npos;
}

std::string object_path(const Handle& object) {
  return detail::path_of(object.id());
}

}  // namespace fermata::h5
