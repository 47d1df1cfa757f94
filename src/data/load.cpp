#include <fermata/data/load.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include <fmt/format.h>

#include <fermata/core/error.hpp>
#include <fermata/data/generate.hpp>
#include <fermata/data/table_reader.hpp>

namespace fermata {
namespace {

// Binary or sparse formats that the text reader would misread as garbage rows.
constexpr std::array<std::string_view, 7> kNotDelimitedText = {
    ".h5", ".hdf5", ".libsvm", ".svm", ".parquet", ".xlsx", ".xls"};

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  return std::equal(
      suffix.begin(), suffix.end(), text.end() - suffix.size(),
      [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); });
}

void check_table_format(const std::string& path) {
  std::string_view name = path;
  if (ends_with_ignoring_case(name, ".gz")) name.remove_suffix(3);
  for (std::string_view extension : kNotDelimitedText) {
    if (ends_with_ignoring_case(name, extension)) {
      throw DataError(
          fmt::format("{}: data.path: expected a .csv or .tsv table (optionally "
                      ".gz), found a {} file",
                      path, extension));
    }
  }
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
    check_table_format(settings.path);
    return read_table(settings.path, settings.target, settings.task);
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
