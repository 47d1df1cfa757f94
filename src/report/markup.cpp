#include "report/markup.hpp"

#include <cmath>
#include <ctime>

#include <fmt/format.h>

namespace fermata::markup {

namespace {
constexpr const char* kMissing = "–";
}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string number(double value) {
  return std::isfinite(value) ? fmt::format("{:.6g}", value) : kMissing;
}

std::string short_number(double value) {
  return std::isfinite(value) ? fmt::format("{:.3g}", value) : kMissing;
}

std::string duration(double seconds) {
  if (!std::isfinite(seconds)) return kMissing;
  if (seconds < 120) return fmt::format("{:.1f} s", seconds);
  if (seconds < 7200) return fmt::format("{:.1f} min", seconds / 60);
  return fmt::format("{:.2f} h", seconds / 3600);
}

std::string utc(double unix_seconds) {
  if (!std::isfinite(unix_seconds)) return kMissing;
  const auto t = static_cast<std::time_t>(std::floor(unix_seconds));
  std::tm parts{};
  if (gmtime_r(&t, &parts) == nullptr) return kMissing;
  char text[32];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &parts);
  return n > 0 ? std::string(text, n) : kMissing;
}

std::string value_text(const ReportValue& value) {
  struct Visitor {
    std::string operator()(std::monostate) const { return kMissing; }
    std::string operator()(std::int64_t v) const { return std::to_string(v); }
    std::string operator()(double v) const { return number(v); }
    std::string operator()(const std::string& v) const { return v; }
  };
  return std::visit(Visitor{}, value);
}

}  // namespace fermata::markup
