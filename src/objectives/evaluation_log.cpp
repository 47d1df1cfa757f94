#include "objectives/evaluation_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include <fmt/format.h>

#include <fermata/core/error.hpp>

namespace fermata {

void EvaluationLog::append(const char* event, std::int64_t trial, int fold) const {
  if (path_.empty()) return;
  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  const std::string line =
      fmt::format("{} {} {} {:.6f} {}\n", event, trial, fold, now, static_cast<long>(::getpid()));
  const int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw ModelError("evaluation_log " + path_ + ": cannot open: " + std::strerror(errno));
  }
  const ssize_t written = ::write(fd, line.data(), line.size());
  const int saved = errno;
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size())) {
    throw ModelError("evaluation_log " + path_ + ": cannot write: " + std::strerror(saved));
  }
}

}  // namespace fermata
