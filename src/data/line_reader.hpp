#pragma once

#include <cstddef>
#include <string>
#include <vector>

struct gzFile_s;  // zlib's handle; zlib.h stays inside line_reader.cpp

namespace fermata::data_detail {

/// @brief Reads a text file line by line through zlib, which reads gzipped and plain files
/// alike, so callers never look at the extension.
class LineReader {
 public:
  /// @brief Opens `path`; throws DataError when it is missing, a directory, or unreadable.
  explicit LineReader(std::string path);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  /// @brief The next line without its line break ("\n" or "\r\n"); false at end of file.
  /// Throws DataError on a read error or a truncated gzip stream.
  bool next(std::string& line);

  /// @brief 1-based number of the line last returned by next().
  std::size_t line_number() const { return line_number_; }

  const std::string& path() const { return path_; }

 private:
  bool fill();

  std::string path_;
  gzFile_s* file_ = nullptr;
  std::vector<char> buffer_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::size_t line_number_ = 0;
};

}  // namespace fermata::data_detail
