#include "data/line_reader.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <zlib.h>

#include <fermata/core/error.hpp>

namespace fermata::data_detail {
namespace {

// Large reads amortize zlib's per-call cost; the biggest tables are a few megabytes.
constexpr std::size_t kChunkBytes = 1 << 20;

}  // namespace

LineReader::LineReader(std::string path) : path_(std::move(path)), buffer_(kChunkBytes) {
  std::error_code ec;
  const auto status = std::filesystem::status(path_, ec);
  if (!std::filesystem::exists(status)) {
    throw DataError(path_ + ": cannot open data file: expected an existing file, found none");
  }
  if (std::filesystem::is_directory(status)) {
    throw DataError(path_ + ": cannot open data file: expected a file, found a directory");
  }
  errno = 0;
  file_ = gzopen(path_.c_str(), "rb");
  if (file_ == nullptr) {
    const std::string reason = errno != 0 ? std::strerror(errno) : "out of memory";
    throw DataError(path_ + ": cannot open data file: " + reason);
  }
  gzbuffer(file_, static_cast<unsigned>(kChunkBytes));
}

LineReader::~LineReader() {
  if (file_ != nullptr) gzclose(file_);
}

bool LineReader::fill() {
  const int got = gzread(file_, buffer_.data(), static_cast<unsigned>(buffer_.size()));
  int code = Z_OK;
  const char* message = gzerror(file_, &code);
  if (got < 0 || (code != Z_OK && code != Z_BUF_ERROR)) {
    throw DataError(path_ + ": cannot read data file: " + (message ? message : "read error"));
  }
  if (got == 0 && code == Z_BUF_ERROR) {
    throw DataError(path_ + ": cannot read data file: expected a complete gzip stream, found " +
                    "a truncated one after line " + std::to_string(line_number_));
  }
  pos_ = 0;
  end_ = static_cast<std::size_t>(got);
  return got > 0;
}

bool LineReader::next(std::string& line) {
  line.clear();
  bool read_any = false;
  while (true) {
    if (pos_ == end_ && !fill()) {
      if (!read_any) return false;
      break;
    }
    const char* begin = buffer_.data() + pos_;
    const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', end_ - pos_));
    if (newline != nullptr) {
      line.append(begin, newline);
      pos_ += static_cast<std::size_t>(newline - begin) + 1;
      break;
    }
    line.append(begin, end_ - pos_);
    pos_ = end_;
    read_any = true;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  ++line_number_;
  return true;
}

}  // namespace fermata::data_detail
