#include <fermata/data/load.hpp>

#include <fmt/format.h>

#include <fermata/core/error.hpp>
#include <fermata/data/format.hpp>
#include <fermata/data/generate.hpp>
#include <fermata/data/hdf5_reader.hpp>
#include <fermata/data/libsvm_reader.hpp>
#include <fermata/data/table_reader.hpp>

namespace fermata {
namespace {

Dataset read_data_file(const DataSettings& settings) {
  const DataFormat format = resolve_format(settings);
  switch (format) {
    case DataFormat::kLibsvm:
      return read_libsvm(settings.path, settings.task, settings.missing);
    case DataFormat::kHdf5:
      return read_hdf5(settings.path, Hdf5Options{settings.x_dataset, settings.y_dataset,
                                                  settings.task, settings.missing});
    case DataFormat::kAuto:
    case DataFormat::kCsv:
    case DataFormat::kTsv:
      break;
  }
  TableOptions options;
  options.target = settings.target;
  options.task = settings.task;
  options.missing = settings.missing;
  // Only an explicit format forces the delimiter; by extension it is sniffed from the header.
  if (settings.format == DataFormat::kCsv) options.delimiter = ',';
  if (settings.format == DataFormat::kTsv) options.delimiter = '\t';
  return read_table(settings.path, options);
}

Task generated_task(const GenerateSettings& generate) {
  if (generate.kind == "classification") return Task::kClassification;
  if (generate.kind == "regression") return Task::kRegression;
  throw JobError(fmt::format(
      "data.generate.kind: expected classification or regression, found '{}'", generate.kind));
}

}  // namespace

Dataset load_dataset(const DataSettings& settings, std::uint64_t seed) {
  const bool has_path = !settings.path.empty();
  const bool has_generate = settings.generate.has_value();
  if (has_path == has_generate) {
    throw JobError(
        fmt::format("data: expected exactly one of data.path and data.generate, "
                    "found {}",
                    has_path ? "both" : "neither"));
  }
  if (has_path) {
    return read_data_file(settings);
  }
  const Task task = generated_task(*settings.generate);
  if (task != settings.task) {
    throw JobError(fmt::format("data.generate.kind: expected {} (as data.task), found {}",
                               to_string(settings.task), to_string(task)));
  }
  return generate_dataset(*settings.generate, seed);
}

PreparedData prepare_data(const DataSettings& data, const CvSettings& cv, std::uint64_t seed) {
  PreparedData prepared;
  prepared.data = load_dataset(data, seed);
  prepared.split = make_holdout_split(prepared.data, data.test_fraction, seed);
  prepared.folds =
      make_fold_plan(prepared.data, prepared.split.pool, cv.folds, cv.stratified, seed);
  return prepared;
}

}  // namespace fermata
