#pragma once

// What the fuzz targets share: a scratch file for the readers that take a path, and the one
// rule every target checks: bad input may only end in one of fermata's documented errors.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace fermata::fuzz {

/// A file of this process under /dev/shm (or TMPDIR, or /tmp) named `name`, holding the input.
inline std::string scratch_file(const std::string& name, const std::uint8_t* data,
                                std::size_t size) {
  static const std::string dir = [] {
    if (::access("/dev/shm", W_OK) == 0) return std::string("/dev/shm");
    const char* tmp = std::getenv("TMPDIR");
    return std::string(tmp != nullptr ? tmp : "/tmp");
  }();
  const std::string path = dir + "/fermata_fuzz_" + std::to_string(::getpid()) + "_" + name;
  // Removed when the process ends normally (a crash leaves it, beside the crashing input).
  struct Remover {
    std::string path;
    ~Remover() { std::remove(path.c_str()); }
  };
  static thread_local Remover remover{path};
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

inline std::string text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace fermata::fuzz
