#pragma once

#include <cstdint>
#include <string>

namespace fermata {

/// @brief Appends one line per event of a fold evaluation to a file shared by every worker
/// process: "<event> <trial> <fold> <unix seconds> <pid>". Each line is written with one
/// O_APPEND write(), so lines of concurrent processes never interleave. It counts
/// evaluations from the workers' side, which is how a test proves that an interrupted and
/// resumed run evaluated no finished fold twice.
class EvaluationLog {
 public:
  /// An empty path logs nothing.
  explicit EvaluationLog(std::string path) : path_(std::move(path)) {}

  /// Throws ModelError when the file cannot be opened or written.
  void append(const char* event, std::int64_t trial, int fold) const;

  bool enabled() const { return !path_.empty(); }

 private:
  std::string path_;
};

}  // namespace fermata
