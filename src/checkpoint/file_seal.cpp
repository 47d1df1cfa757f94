#include "checkpoint/file_seal.hpp"

#include <zlib.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <fermata/core/error.hpp>

namespace fermata::checkpoint_seal {
namespace {

constexpr std::string_view kMagic = "fermata-checkpoint-seal 1 ";

struct Sum {
  std::uint64_t length = 0;
  std::uint32_t crc = 0;
};

/// Length and CRC-32 of the bytes of `in` from kBlockSize to the end.
Sum sum_after_block(std::istream& in, const std::string& path) {
  Sum sum;
  sum.crc = static_cast<std::uint32_t>(crc32_z(0L, Z_NULL, 0));
  in.seekg(static_cast<std::streamoff>(kBlockSize));
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    sum.crc = static_cast<std::uint32_t>(
        crc32_z(sum.crc, reinterpret_cast<const Bytef*>(buffer.data()), got));
    sum.length += got;
  }
  if (in.bad()) {
    throw CheckpointError(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  }
  return sum;
}

std::string seal_line(const Sum& sum) {
  return fmt::format("{}length={} crc32={:08x}\n", kMagic, sum.length, sum.crc);
}

}  // namespace

void seal(const std::string& path) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  if (!file) throw CheckpointError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  const Sum sum = sum_after_block(file, path);
  const std::string line = seal_line(sum);
  file.clear();
  file.seekp(0);
  file.write(line.data(), static_cast<std::streamsize>(line.size()));
  file.flush();
  if (!file) throw CheckpointError(fmt::format("{}: cannot write its seal", path));
}

Verdict check(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw CheckpointError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  std::array<char, kBlockSize> block{};
  file.read(block.data(), block.size());
  const std::string_view head(block.data(), static_cast<std::size_t>(file.gcount()));
  Verdict verdict;
  if (!head.starts_with(kMagic)) return verdict;  // written before the seal, or not fermata's
  verdict.sealed = true;
  const auto end = head.find('\n');
  const std::string_view stated = head.substr(0, end == std::string_view::npos ? 0 : end + 1);
  file.clear();
  const Sum sum = sum_after_block(file, path);
  if (stated != seal_line(sum)) {
    // What the seal says, printable characters only (the damage may have hit it too).
    std::string said;
    for (const char c : head.substr(kMagic.size(), 40)) {
      if (c == '\n' || c == '\0') break;
      said.push_back(c >= ' ' && c <= '~' ? c : '?');
    }
    verdict.damage = fmt::format(
        "its seal says '{}' but the file has length={} crc32={:08x}: it was damaged or cut "
        "short after it was written",
        said, sum.length, sum.crc);
  }
  return verdict;
}

}  // namespace fermata::checkpoint_seal
