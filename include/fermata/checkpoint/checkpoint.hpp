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

/// @brief Reads a checkpoint written by write_checkpoint. Throws CheckpointError saying what
/// is wrong (missing, not HDF5/truncated, not a fermata checkpoint, other schema, missing
/// dataset) and naming the file.
Study read_checkpoint(const std::string& path);

}  // namespace fermata
