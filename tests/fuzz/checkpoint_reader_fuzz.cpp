// The checkpoint reader: any bytes are a Study or a CheckpointError naming the file. HDF5
// parses only inputs with a valid seal, which the fuzzer's mutations never keep (the CRC);
// unsealed inputs are refused before HDF5 opens them. (When fermata still read unsealed
// files, this target found heap overflows in H5HG_read, hangs in HDF5's metadata cache and
// leaks in HDF5's error paths within minutes: corpus/checkpoint_reader holds those inputs.)
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
