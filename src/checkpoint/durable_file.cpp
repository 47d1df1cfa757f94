#include "checkpoint/durable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

[[noreturn]] void fail(const char* action, const std::filesystem::path& path, int error) {
  throw CheckpointError(std::string("cannot ") + action + " '" + path.string() +
                        "': " + std::strerror(error));
}

}  // namespace

// Read-only is enough for fsync on Linux; every step is checked.
void sync_file(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("open", file, errno);
  int error = 0;
  if (::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error != 0) fail("sync", file, error);
}

}  // namespace fermata
