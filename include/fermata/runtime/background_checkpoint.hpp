#pragma once

#include <optional>
#include <string>

#include <fermata/runtime/handoff.hpp>
#include <fermata/study/study.hpp>

namespace fermata {

/// @brief Writes checkpoints on a thread of its own, so that the MPI loop hands out work
/// while a checkpoint (about 10 ms at 1000 trials × 10 folds) is written.
///
/// The coordinator hands over a snapshot only when the writer is idle and something changed,
/// so a burst of results becomes one write and a snapshot is at most one write old. Only this
/// thread calls HDF5 while it runs. A failed write is reported once (by idle() or flush());
/// the writer then takes the next snapshot.
class BackgroundCheckpoint {
 public:
  explicit BackgroundCheckpoint(std::string path);
  /// Finishes the write in progress, then stops the thread.
  ~BackgroundCheckpoint();

  BackgroundCheckpoint(const BackgroundCheckpoint&) = delete;
  BackgroundCheckpoint& operator=(const BackgroundCheckpoint&) = delete;

  /// Whether no write is queued or in progress. Rethrows the error of a failed write.
  bool idle() const;
  /// Queues `snapshot` for writing; call only when idle() (or before flush(): a snapshot
  /// queued and not yet taken is replaced).
  void write(Study snapshot);
  /// Waits until the queued write is on disk; rethrows its error.
  void flush();
  /// Writes checkpoints so far.
  long writes() const;
  /// How long the latest write took, in seconds (0 before the first).
  double last_write_seconds() const;

 private:
  void write_queued(std::unique_lock<std::mutex>& lock);

  std::string path_;
  Handoff handoff_;  ///< guards the members below
  std::optional<Study> queued_;
  long writes_ = 0;
  double last_write_seconds_ = 0.0;
};

}  // namespace fermata
