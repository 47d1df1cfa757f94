#pragma once

#include <string>

namespace fermata {

/// @brief The whole text of `path`, gzipped or plain (zlib tells them apart by their first
/// bytes, not by the name). Throws DataError naming the file when it is missing, a directory,
/// unreadable or a truncated gzip stream.
std::string read_text_file(const std::string& path);

/// @brief Writes `text` to `path` through a temporary file beside it that is renamed over
/// `path`, so a failed write never leaves a truncated file where an older one was; gzipped
/// (level 9) when `path` ends in ".gz". Throws Error naming `what` and the file on failure.
void write_text_file(const std::string& path, const std::string& text, const std::string& what);

}  // namespace fermata
