// The CSV/TSV reader: any bytes are a Dataset or a DataError naming the file. The first byte
// picks the task, the missing-value policy and the target (by name or by index).
#include <fermata/core/error.hpp>
#include <fermata/data/table_reader.hpp>

#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  fermata::TableOptions options;
  options.task = (data[0] & 1) ? fermata::Task::kRegression : fermata::Task::kClassification;
  options.missing = (data[0] & 2) ? fermata::MissingPolicy::kAllow : fermata::MissingPolicy::kError;
  options.target = (data[0] & 4) ? "1" : "target";
  const std::string path = fermata::fuzz::scratch_file("table.csv", data + 1, size - 1);
  try {
    const fermata::Dataset d = fermata::read_table(path, options);
    if (d.X.size() != static_cast<long>(d.rows() * d.features())) std::abort();
  } catch (const fermata::DataError&) {
  }
  return 0;
}
