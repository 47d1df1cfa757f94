// The last line of a training program's output: a finite error or a ModelError saying why not.
#include <cmath>
#include <cstdlib>

#include <fermata/core/error.hpp>

#include "fuzz/fuzz_support.hpp"
#include "objectives/command_output.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    if (!std::isfinite(fermata::parse_error_line(fermata::fuzz::text(data, size)))) std::abort();
  } catch (const fermata::ModelError&) {
  }
  return 0;
}
