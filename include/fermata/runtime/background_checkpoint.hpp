#pragma once

#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <fermata/study/study.hpp>

namespace fermata {

/// @brief Writes checkpoints on a thread of its own, so that the MPI loop hands out work
/// while a checkpoint (about 10 ms at 1000 trials × 10 folds) is written.
///
/// The coordinator hands over a snapshot only when the writer is idle and something changed,
/// so a burst of results becomes one write and a snapshot is at most one write old. Only this
/// thread calls HDF5 while it runs.
class BackgroundCheckpoint {
 public:
  explicit BackgroundCheckpoint(std::string path);
  /// Finishes the write in progress, then stops the thread.
  ~BackgroundCheckpoint();

  BackgroundCheckpoint(const BackgroundCheckpoint&) = delete;
  BackgroundCheckpoint& operator=(const BackgroundCheckpoint&) = delete;

  /// Whether no write is queued or in progress. Rethrows the error of a failed write.
  bool idle() const;
  /// Queues `snapshot` for writing; call only when idle().
  void write(Study snapshot);
  /// Waits until the queued write is on disk; rethrows its error.
  void flush();
  /// Writes checkpoints so far.
  long writes() const;
  /// How long the latest write took, in seconds (0 before the first).
  double last_write_seconds() const;

 private:
  void loop();
  void rethrow_locked() const;

  std::string path_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::optional<Study> queued_;
  bool writing_ = false;
  long writes_ = 0;
  double last_write_seconds_ = 0.0;
  mutable std::exception_ptr error_;  ///< cleared once rethrown
  bool stop_ = false;
  std::thread thread_;  ///< last: starts after every other member is built
};

}  // namespace fermata
