#include <fermata/core/status_line.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace fermata {
namespace {

/// Erases the terminal's current line: carriage return, then ANSI "erase to end of line".
constexpr std::string_view kEraseLine = "\r\033[K";

bool is_continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

/// The code point that starts at `s[i]` and the number of bytes it takes (1 for a byte that
/// is not valid UTF-8, which then counts as one column).
std::pair<char32_t, std::size_t> decode(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  std::size_t length = 1;
  char32_t code = lead;
  if (lead >= 0xF0) {
    length = 4;
    code = lead & 0x07;
  } else if (lead >= 0xE0) {
    length = 3;
    code = lead & 0x0F;
  } else if (lead >= 0xC0) {
    length = 2;
    code = lead & 0x1F;
  }
  if (i + length > s.size()) return {lead, 1};
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(s[i + k]);
    if (!is_continuation(byte)) return {lead, 1};
    code = (code << 6) | (byte & 0x3F);
  }
  return {code, length};
}

bool is_combining(char32_t code) {
  return code >= 0x300 && code <= 0x36F;
}

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a closed terminal: there is no one left to show progress to
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

std::size_t display_width(std::string_view utf8) {
  std::size_t columns = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto [code, length] = decode(utf8, i);
    if (!is_combining(code)) ++columns;
    i += length;
  }
  return columns;
}

std::string fit_to_width(std::string_view utf8, std::size_t columns) {
  std::size_t used = 0;
  std::size_t end = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto [code, length] = decode(utf8, i);
    if (!is_combining(code)) {
      if (used == columns) break;
      ++used;
    }
    i += length;
    end = i;
  }
  return std::string(utf8.substr(0, end));
}

int terminal_columns(int fd, int fallback) {
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) return fallback;
  return size.ws_col;
}

StatusLine::StatusLine(Writer write, Columns columns)
    : write_(std::move(write)), columns_(std::move(columns)) {}

std::shared_ptr<StatusLine> StatusLine::on_fd(int fd) {
  return std::make_shared<StatusLine>([fd](std::string_view bytes) { write_all(fd, bytes); },
                                      [fd] { return terminal_columns(fd); });
}

int StatusLine::columns() const {
  return columns_();
}

std::string StatusLine::drawing() const {
  const int columns = columns_();
  const std::size_t room = columns > 1 ? static_cast<std::size_t>(columns - 1) : 1;
  std::string out(kEraseLine);
  out += fit_to_width(text_, room);
  return out;
}

void StatusLine::show(std::string text) {
  std::lock_guard lock(mutex_);
  text_ = std::move(text);
  shown_ = true;
  write_(drawing());
}

void StatusLine::clear() {
  std::lock_guard lock(mutex_);
  if (!shown_) return;
  shown_ = false;
  write_(kEraseLine);
}

void StatusLine::write_above(std::string_view record) {
  std::lock_guard lock(mutex_);
  if (!shown_) {
    write_(record);
    return;
  }
  // One write: the record replaces the line, and the line follows on the next row.
  std::string out(kEraseLine);
  out += record;
  out += drawing();
  write_(out);
}

bool StatusLine::shown() const {
  std::lock_guard lock(mutex_);
  return shown_;
}

}  // namespace fermata
