#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace fermata {

/// @brief The terminal columns a UTF-8 string takes: its code points, not counting
/// combining marks (U+0300..U+036F), so "r̄" (r + U+0304) takes one column.
std::size_t display_width(std::string_view utf8);

/// @brief The longest prefix of `utf8` that takes at most `columns` columns. Never cuts a
/// code point apart, nor a character from its combining marks.
std::string fit_to_width(std::string_view utf8, std::size_t columns);

/// @brief The width of the terminal on `fd` (ioctl TIOCGWINSZ), or `fallback` when `fd` is
/// not a terminal or reports no width.
int terminal_columns(int fd, int fallback = 100);

/// @brief One line at the bottom of a terminal that is redrawn in place ("\r\033[K" then
/// the text, never a newline) while log records scroll above it.
///
/// Every write goes through one Writer call per update, under one mutex, so a record logged
/// from another thread never lands in the middle of the line. The text is cut to one column
/// less than the terminal's width: a line that fills the last column would wrap on some
/// terminals, and "\r" would then redraw only its second half.
class StatusLine {
 public:
  /// Receives the bytes to write, in order.
  using Writer = std::function<void(std::string_view)>;
  /// Returns the terminal's current width in columns.
  using Columns = std::function<int()>;

  /// @brief A status line written through `write`, fitted to `columns()` at every draw.
  StatusLine(Writer write, Columns columns);

  /// @brief A status line on the terminal `fd` (usually STDERR_FILENO), its width queried at
  /// every draw so a resized window is followed.
  static std::shared_ptr<StatusLine> on_fd(int fd);

  /// @brief The terminal's width now.
  int columns() const;
  /// @brief Shows `text` (one line, no newline) in place of what the line showed before.
  void show(std::string text);
  /// @brief Erases the line; it stays hidden until the next show().
  void clear();
  /// @brief Writes `record` (complete lines, ending in "\n") above the line: erases the
  /// line, writes the record, and draws the line again below it.
  void write_above(std::string_view record);
  /// @brief Whether a text is on screen.
  bool shown() const;

 private:
  /// "\r\033[K" and the text fitted to the width.
  std::string drawing() const;

  mutable std::mutex mutex_;
  Writer write_;
  Columns columns_;
  std::string text_;
  bool shown_ = false;
};

}  // namespace fermata
