#pragma once

// A checksum of the whole checkpoint, kept where the reader looks before HDF5 parses a byte:
// HDF5 trusts its file, and a damaged global heap or B-tree can crash it (a SIGSEGV in
// H5HG_read, seen on randomly damaged files). The checkpoint is created with a 512-byte HDF5
// user block, which HDF5 reserves for the application and never reads; once the file is
// complete, its first line there holds the length and the CRC-32 (zlib's) of everything
// after the block. A checkpoint written before the seal has no user block: it is read as
// before, and h5py and older fermata read sealed files unchanged.

#include <cstdint>
#include <string>

namespace fermata::checkpoint_seal {

/// The user block size the checkpoint is created with (HDF5 needs a power of two >= 512).
inline constexpr std::uint64_t kBlockSize = 512;

/// Writes the seal of the complete (closed) HDF5 file at `path`. Throws CheckpointError.
void seal(const std::string& path);

/// What the seal says about a file.
struct Verdict {
  bool sealed = false;  ///< the file starts with a seal (false: an older checkpoint)
  std::string damage;   ///< empty, or what does not match, for the error message
};

/// Checks the seal of `path`, reading the whole file once. Throws CheckpointError when the
/// file cannot be read.
Verdict check(const std::string& path);

}  // namespace fermata::checkpoint_seal
