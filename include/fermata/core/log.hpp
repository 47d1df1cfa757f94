#pragma once

#include <string>

#include <spdlog/spdlog.h>

namespace fermata {

/// @brief Sets up the process-wide logger with a rank-aware pattern ("[coord]" or "[w 3]").
/// `level` is one of trace, debug, info, warn, error, off.
void init_logging(int rank, const std::string& level = "info");

}  // namespace fermata
