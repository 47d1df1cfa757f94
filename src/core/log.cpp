#include <fermata/core/log.hpp>

#include <spdlog/sinks/stdout_color_sinks.h>

#include <fermata/core/error.hpp>

namespace fermata {

void init_logging(int rank, const std::string& level) {
  spdlog::drop("fermata");
  auto logger = spdlog::stderr_color_mt("fermata");
  const std::string who = rank == 0 ? "coord" : "w" + std::to_string(rank);
  logger->set_pattern("[%H:%M:%S.%e] [" + who + "] [%^%l%$] %v");
  const auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off") {
    throw JobError("--log-level: expected one of trace, debug, info, warn, error, off; found '" +
                   level + "'");
  }
  logger->set_level(parsed);
  spdlog::set_default_logger(logger);
}

}  // namespace fermata
