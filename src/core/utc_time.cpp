#include <fermata/core/utc_time.hpp>

#include <algorithm>
#include <cmath>
#include <ctime>

#include <fmt/format.h>

namespace fermata {

std::string iso_utc(double unix_seconds, bool millis) {
  if (!std::isfinite(unix_seconds)) return "";
  const double whole = std::floor(unix_seconds);
  const auto seconds = static_cast<std::time_t>(whole);
  std::tm utc{};
  if (gmtime_r(&seconds, &utc) == nullptr) return "";
  char text[32];
  const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  if (length == 0) return "";
  if (!millis) return std::string(text, length) + "Z";
  const long fraction = std::min(999L, std::lround((unix_seconds - whole) * 1000.0));
  return fmt::format("{}.{:03}Z", std::string_view(text, length), fraction);
}

}  // namespace fermata
