#include <fermata/core/log.hpp>

#include <utility>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <fermata/core/error.hpp>
#include <fermata/core/status_line_sink.hpp>

namespace fermata {
namespace {

constexpr const char* kLoggerName = "fermata";

spdlog::level::level_enum parse_level(const std::string& level) {
  const auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off") {
    throw JobError("--log-level: expected one of trace, debug, info, warn, error, off; found '" +
                   level + "'");
  }
  return parsed;
}

void install(std::shared_ptr<spdlog::logger> logger, int rank, spdlog::level::level_enum level) {
  const std::string who = rank == 0 ? "coord" : "w" + std::to_string(rank);
  logger->set_pattern("[%H:%M:%S.%e] [" + who + "] [%^%l%$] %v");
  logger->set_level(level);
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace

void init_logging(int rank, const std::string& level, LogColor color) {
  const auto parsed = parse_level(level);
  spdlog::drop(kLoggerName);
  auto logger = color == LogColor::kAuto ? spdlog::stderr_color_mt(kLoggerName)
                                         : spdlog::stderr_logger_mt(kLoggerName);
  install(std::move(logger), rank, parsed);
}

void init_logging(int rank, const std::string& level, std::shared_ptr<StatusLine> status_line) {
  const auto parsed = parse_level(level);
  spdlog::drop(kLoggerName);
  auto sink = std::make_shared<StatusLineSink>(std::move(status_line), true);
  auto logger = std::make_shared<spdlog::logger>(kLoggerName, std::move(sink));
  spdlog::register_logger(logger);
  install(std::move(logger), rank, parsed);
}

}  // namespace fermata
