#include <fermata/core/status_line_sink.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace fermata {
namespace {

/// The ANSI colors spdlog's terminal sink gives each level, so that a run looks the same with
/// and without a status line.
std::string_view level_color(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
      return "\033[37m";
    case spdlog::level::debug:
      return "\033[36m";
    case spdlog::level::info:
      return "\033[32m";
    case spdlog::level::warn:
      return "\033[33m\033[1m";
    case spdlog::level::err:
      return "\033[31m\033[1m";
    case spdlog::level::critical:
      return "\033[1m\033[41m";
    default:
      return "";
  }
}

constexpr std::string_view kColorReset = "\033[m";

}  // namespace

StatusLineSink::StatusLineSink(std::shared_ptr<StatusLine> line, bool color)
    : line_(std::move(line)), color_(color) {}

void StatusLineSink::sink_it_(const spdlog::details::log_msg& msg) {
  spdlog::memory_buf_t formatted;
  formatter_->format(msg, formatted);
  const std::string_view text(formatted.data(), formatted.size());
  const std::size_t start = msg.color_range_start;
  const std::size_t end = msg.color_range_end;
  if (!color_ || end <= start || end > text.size()) {
    line_->write_above(text);
    return;
  }
  std::string colored(text.substr(0, start));
  colored += level_color(msg.level);
  colored += text.substr(start, end - start);
  colored += kColorReset;
  colored += text.substr(end);
  line_->write_above(colored);
}

}  // namespace fermata
