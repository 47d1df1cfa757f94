#pragma once

#include <memory>
#include <string>

#include <spdlog/spdlog.h>

#include <fermata/core/status_line.hpp>

namespace fermata {

/// @brief Whether log records carry ANSI colors.
enum class LogColor {
  kAuto,   ///< colored when stderr is a color terminal (spdlog's own detection)
  kNever,  ///< plain text, for logs read by programs or kept in files
};

/// @brief Sets up the process-wide logger on stderr with a rank-aware pattern ("[coord]" or
/// "[w3]"). `level` is one of trace, debug, info, warn, error, off.
void init_logging(int rank, const std::string& level = "info", LogColor color = LogColor::kAuto);

/// @brief The same logger, but every record is written above `status_line` (erased before,
/// redrawn after), in color: a status line is only shown on a terminal.
void init_logging(int rank, const std::string& level, std::shared_ptr<StatusLine> status_line);

}  // namespace fermata
