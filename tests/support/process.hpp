#pragma once

#include <string>
#include <vector>

namespace fermata::testing {

/// @brief What a finished child process left behind.
struct ProcessResult {
  int exit_code = -1;  ///< the exit status, or 128+signal
  std::string output;  ///< stdout and stderr, interleaved
};

/// @brief Runs `argv` (no shell) in `cwd` with stdout and stderr captured, and waits.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd = ".");

/// @brief A fresh empty directory under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  /// Writes `text` to path()/name and returns the full path.
  std::string write(const std::string& name, const std::string& text) const;

 private:
  std::string path_;
};

/// @brief How much longer than usual a timed step may take: FERMATA_TEST_TIME_SCALE (set by
/// cluster/sanitize.sh for instrumented builds), 1 when unset or not a positive number.
double time_scale();

}  // namespace fermata::testing
