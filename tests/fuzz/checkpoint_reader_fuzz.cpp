// The checkpoint reader: any bytes are a Study or a CheckpointError naming the file. Inputs
// without a valid seal reach HDF5's own parser only when they carry no seal at all (a
// checkpoint from before the seal); the corpus holds both kinds.
#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/core/error.hpp>

#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fermata::fuzz::scratch_file("study.h5", data, size);
  try {
    fermata::read_checkpoint(path);
  } catch (const fermata::CheckpointError&) {
  }
  return 0;
}
