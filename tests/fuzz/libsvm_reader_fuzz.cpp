// The LibSVM reader: any bytes are a Dataset or a DataError naming the file. The first byte
// picks the task and the missing-value policy.
#include <fermata/core/error.hpp>
#include <fermata/data/libsvm_reader.hpp>

#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto task = (data[0] & 1) ? fermata::Task::kRegression : fermata::Task::kClassification;
  const auto missing =
      (data[0] & 2) ? fermata::MissingPolicy::kAllow : fermata::MissingPolicy::kError;
  const std::string path = fermata::fuzz::scratch_file("table.libsvm", data + 1, size - 1);
  try {
    const fermata::Dataset d = fermata::read_libsvm(path, task, missing);
    if (d.X.size() != static_cast<long>(d.rows() * d.features())) std::abort();
  } catch (const fermata::DataError&) {
  }
  return 0;
}
