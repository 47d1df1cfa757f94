#pragma once

// fsync for the atomic checkpoint write: the new file's bytes must be on disk before the
// rename makes it the checkpoint, or a crash could leave a renamed but empty file. The
// directory is not synced: after a crash the rename is either there or not, and both
// leave a complete checkpoint, which is all the contract asks.

#include <filesystem>

namespace fermata {

/// @brief Flushes the file's data and metadata to stable storage (fsync). Throws
/// CheckpointError naming the file and the system's reason.
void sync_file(const std::filesystem::path& file);

}  // namespace fermata
