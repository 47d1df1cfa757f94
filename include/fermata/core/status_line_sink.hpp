#pragma once

#include <memory>
#include <mutex>

#include <spdlog/sinks/base_sink.h>

#include <fermata/core/status_line.hpp>

namespace fermata {

/// @brief A spdlog sink that writes each record above a StatusLine: the line is erased, the
/// record written, and the line drawn again, so that warnings and errors logged during a run
/// (from any thread) never garble the status line.
///
/// Records are colored by level, as spdlog's terminal sink colors them, when `color` is set:
/// a status line is only shown on a terminal, where color is wanted.
class StatusLineSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  /// @brief Writes records through `line`, shared with the code that shows the status.
  StatusLineSink(std::shared_ptr<StatusLine> line, bool color);

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}  // StatusLine writes are unbuffered

 private:
  std::shared_ptr<StatusLine> line_;
  bool color_;
};

}  // namespace fermata
