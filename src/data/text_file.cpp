#include <fermata/data/text_file.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <zlib.h>

#include <fermata/core/error.hpp>

#include "data/line_reader.hpp"

namespace fermata {
namespace {

bool ends_with_gz(const std::string& path) {
  return path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
}

/// Writes the bytes of `text` to `path`, compressed when `gzip`; false on any failure.
bool write_bytes(const std::string& path, const std::string& text, bool gzip) {
  if (!gzip) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    return static_cast<bool>(out);
  }
  gzFile file = gzopen(path.c_str(), "wb9");
  if (file == nullptr) return false;
  const bool written =
      text.empty() || gzwrite(file, text.data(), static_cast<unsigned>(text.size())) ==
                          static_cast<int>(text.size());
  return gzclose(file) == Z_OK && written;
}

}  // namespace

std::string read_text_file(const std::string& path) {
  data_detail::LineReader reader(path);
  std::string text, line;
  while (reader.next(line)) {
    text += line;
    text += '\n';
  }
  return text;
}

void write_text_file(const std::string& path, const std::string& text, const std::string& what) {
  const std::string temporary = path + ".tmp";
  std::error_code ec;
  if (!write_bytes(temporary, text, ends_with_gz(path))) {
    std::filesystem::remove(temporary, ec);
    throw Error("cannot write the " + what + " to " + path + ": writing " + temporary +
                " failed (is the directory there and writable?)");
  }
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw Error("cannot write the " + what + " to " + path + ": " + ec.message());
  }
}

}  // namespace fermata
