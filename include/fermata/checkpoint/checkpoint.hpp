#pragma once

#include <string>

#include <fermata/study/study.hpp>

namespace fermata {

/// Root attributes `format` and `schema` (contract).
inline constexpr const char* kCheckpointFormat = "fermata.checkpoint";
inline constexpr int kCheckpointSchema = 1;

/// @brief Writes `study` to `path` in the layout of DESIGN.md §7: to `path.tmp` first, then
/// renamed over `path`, so a crash at any moment leaves the previous complete file. The file
/// it replaces is kept as previous_checkpoint_path(path). Throws CheckpointError.
void write_checkpoint(const Study& study, const std::string& path);

/// @brief Where write_checkpoint keeps the checkpoint it replaced: `path.prev`.
std::string previous_checkpoint_path(const std::string& path);

/// What read_checkpoint does with a file that has no seal (a checkpoint written before
/// fermata sealed them, or an HDF5 file from elsewhere).
enum class UnsealedCheckpoint {
  /// Refuse it: its bytes cannot be checked before HDF5 parses them, and HDF5 can crash or
  /// hang on damaged ones (fuzzing found both, inside H5HG_read and the metadata cache).
  kRefuse,
  /// Read it anyway: the caller trusts the file (seal_checkpoint).
  kTrust,
};

/// @brief Reads a checkpoint written by write_checkpoint. Throws CheckpointError saying what
/// is wrong (missing, damaged, without a seal, not HDF5/truncated, not a fermata
/// checkpoint, other schema, missing dataset) and naming the file.
Study read_checkpoint(const std::string& path,
                      UnsealedCheckpoint unsealed = UnsealedCheckpoint::kRefuse);

/// @brief Gives a trusted checkpoint written without a seal one: reads it (HDF5 parses it
/// unchecked) and writes it again through write_checkpoint, which seals it and keeps the
/// original as previous_checkpoint_path(path). False, and nothing written, if it is sealed
/// already. Throws CheckpointError.
bool seal_checkpoint(const std::string& path);

}  // namespace fermata
