// read_checkpoint: the layout written by checkpoint_writer.cpp (see the list of extensions
// there), checked piece by piece so a bad file is reported by what is wrong with it.

#include <climits>
#include <cmath>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/core/error.hpp>

#include "checkpoint/categorical_record.hpp"
#include "checkpoint/file_seal.hpp"
#include "checkpoint/layout_reader.hpp"
#include "hdf5/hdf5_data.hpp"
#include "hdf5/hdf5_handle.hpp"

namespace fermata {
namespace {

void check_identity(const LayoutReader& in, const h5::Handle& file) {
  if (!h5::has_attribute(file, "format")) {
    in.fail("is not a fermata checkpoint (it has no root attribute 'format')");
  }
  const std::string format = h5::read_string_attribute(file, "format");
  if (format != kCheckpointFormat) {
    in.fail("is not a fermata checkpoint (root attribute 'format' is '" + format + "', expected '" +
            kCheckpointFormat + "')");
  }
  const std::int64_t schema = in.int_attribute(file, "schema");
  if (schema != kCheckpointSchema) {
    in.fail("has schema " + std::to_string(schema) + ", this fermata reads schema " +
            std::to_string(kCheckpointSchema));
  }
}

Space read_space(const LayoutReader& in, const h5::Handle& file) {
  const h5::Handle group = in.group(file, "space");
  const auto names = in.vector<std::string>(group, "names");
  const h5::Dims d{names.size()};
  const auto kinds = in.array<std::string>(group, "kinds", d);
  const auto low = in.array<double>(group, "low", d);
  const auto high = in.array<double>(group, "high", d);
  const auto log = in.array<std::int8_t>(group, "log", d);
  const h5::Handle choices = in.group(group, "choices");
  std::vector<Parameter> parameters(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    Parameter& p = parameters[i];
    p.name = names[i];
    if (kinds[i] == "float") {
      p.kind = ParamKind::kFloat;
    } else if (kinds[i] == "int") {
      p.kind = ParamKind::kInt;
    } else if (kinds[i] == "categorical") {
      p.kind = ParamKind::kCategorical;
      p.choices = in.vector<std::string>(choices, p.name);
    } else {
      in.fail("has kind '" + kinds[i] + "' for parameter '" + p.name +
              "' in /space/kinds, expected float, int or categorical");
    }
    p.low = low[i];
    p.high = high[i];
    p.log = log[i] != 0;
  }
  try {
    return Space(std::move(parameters));
  } catch (const std::invalid_argument& e) {
    in.fail(std::string("has an invalid /space: ") + e.what());
  }
}

/// An [n, k] array of unix seconds that checkpoints from earlier versions do not have:
/// NaN (no time known) where it is missing, checked like any other dataset where present.
std::vector<double> optional_times(const LayoutReader& in, const h5::Handle& group,
                                   const std::string& name, const h5::Dims& dims) {
  if (!h5::has_child(group, name)) {
    return std::vector<double>(dims[0] * dims[1], std::numeric_limits<double>::quiet_NaN());
  }
  return in.array<double>(group, name, dims);
}

template <class T>
std::vector<T> row(const std::vector<T>& matrix, std::size_t i, std::size_t width) {
  const auto begin = matrix.begin() + static_cast<std::ptrdiff_t>(i * width);
  return std::vector<T>(begin, begin + static_cast<std::ptrdiff_t>(width));
}

std::vector<Trial> read_trials(const LayoutReader& in, const h5::Handle& file, std::size_t d,
                               std::size_t k) {
  const h5::Handle group = in.group(file, "trials");
  const auto id = in.vector<std::int64_t>(group, "id");
  const std::size_t n = id.size();
  const auto state = in.array<std::int8_t>(group, "state", {n});
  const auto params = in.array<double>(group, "params", {n, d});
  const auto fold_error = in.array<double>(group, "fold_error", {n, k});
  const auto fold_seconds = in.array<double>(group, "fold_seconds", {n, k});
  const auto fold_worker = in.array<std::int32_t>(group, "fold_worker", {n, k});
  const auto fold_attempts = in.array<std::int32_t>(group, "fold_attempts", {n, k});
  // Checkpoints written before fold times were recorded lack these two: their folds simply
  // have no place on a timeline.
  const auto fold_started = optional_times(in, group, "fold_started", {n, k});
  const auto fold_finished = optional_times(in, group, "fold_finished", {n, k});
  const auto value = in.array<double>(group, "value", {n});
  const auto test_error = in.array<double>(group, "test_error", {n});
  const auto started = in.array<double>(group, "started", {n});
  const auto finished = in.array<double>(group, "finished", {n});
  const auto message = in.array<std::string>(group, "message", {n});
  std::vector<Trial> trials(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (state[i] < static_cast<std::int8_t>(TrialState::kPending) ||
        state[i] > static_cast<std::int8_t>(TrialState::kPruned)) {
      in.fail("has state " + std::to_string(state[i]) + " for trial " + std::to_string(id[i]) +
              " in /trials/state, expected 0 (pending) to 4 (pruned)");
    }
    Trial& t = trials[i];
    t.id = id[i];
    t.state = static_cast<TrialState>(state[i]);
    t.params = row(params, i, d);
    t.fold_error = row(fold_error, i, k);
    t.fold_seconds = row(fold_seconds, i, k);
    t.fold_worker = row(fold_worker, i, k);
    t.fold_attempts = row(fold_attempts, i, k);
    t.fold_started = row(fold_started, i, k);
    t.fold_finished = row(fold_finished, i, k);
    t.value = value[i];
    t.test_error = test_error[i];
    t.started = started[i];
    t.finished = finished[i];
    t.message = message[i];
  }
  return trials;
}

StoppingRecord read_stopping(const LayoutReader& in, const h5::Handle& file) {
  const h5::Handle group = in.group(file, "stopping");
  StoppingRecord record;
  record.criterion = in.string_attribute(group, "criterion");
  record.stopped = in.int_attribute(group, "stopped") != 0;
  record.reason = in.string_attribute(group, "reason");
  const h5::Handle history = in.group(group, "history");
  for (const std::string& column : h5::child_names(history)) {
    std::vector<double> values = in.vector<double>(history, column);
    const auto* first = record.history.empty() ? nullptr : &*record.history.begin();
    if (first != nullptr && values.size() != first->second.size()) {
      in.fail("has stopping history columns of different lengths: /stopping/history/" + column +
              " has " + std::to_string(values.size()) + " rows, /stopping/history/" + first->first +
              " has " + std::to_string(first->second.size()));
    }
    record.history.emplace(column, std::move(values));
  }
  return record;
}

OptimizerState read_optimizer(const LayoutReader& in, const h5::Handle& file) {
  const h5::Handle group = in.group(file, "optimizer");
  OptimizerState state;
  state.kind = in.string_attribute(group, "kind");
  state.rng = in.string_attribute(group, "rng");
  const h5::Handle scalars = in.group(group, "scalars");
  for (const std::string& name : h5::child_names(scalars)) {
    state.scalars.emplace(name, in.array<double>(scalars, name, {}).front());
  }
  const h5::Handle vectors = in.group(group, "vectors");
  for (const std::string& name : h5::child_names(vectors)) {
    state.vectors.emplace(name, in.vector<double>(vectors, name));
  }
  return state;
}

Study read_study(const LayoutReader& in, const h5::Handle& file) {
  check_identity(in, file);
  Study study;
  study.name = in.string_attribute(file, "name");
  study.job_yaml = in.string_attribute(file, "job");
  // Written since the class mapping was recorded; older checkpoints have none.
  if (h5::has_attribute(file, "classes")) study.classes = in.string_attribute(file, "classes");
  study.seed = in.uint64_attribute(file, "seed");
  const std::int64_t folds = in.int_attribute(file, "folds");
  if (folds < 0 || folds > INT_MAX) {
    in.fail("has root attribute folds = " + std::to_string(folds) + ", expected 0 or more");
  }
  study.folds = static_cast<int>(folds);
  study.created_utc = in.double_attribute(file, "created_unix");
  study.updated_utc = in.double_attribute(file, "updated_unix");
  // Written since budget.max_seconds counts across resumes; older checkpoints start at 0.
  if (h5::has_attribute(file, "elapsed_seconds")) {
    study.elapsed_seconds = in.double_attribute(file, "elapsed_seconds");
    if (!(study.elapsed_seconds >= 0) || !std::isfinite(study.elapsed_seconds)) {
      in.fail("has root attribute elapsed_seconds = " + std::to_string(study.elapsed_seconds) +
              ", expected a finite number >= 0");
    }
  }
  study.space = read_space(in, file);
  study.trials = read_trials(in, file, study.space.size(), static_cast<std::size_t>(folds));
  study.stopping = read_stopping(in, file);
  study.optimizer = read_optimizer(in, file);
  // Written since categorical features were recorded; older checkpoints have none.
  study.categorical = read_categorical_record(in, file, study.folds);
  return study;
}

}  // namespace

Study read_checkpoint(const std::string& path, UnsealedCheckpoint unsealed) {
  const LayoutReader in(path);
  std::error_code error;
  const bool exists = std::filesystem::exists(path, error);
  if (error) in.fail("cannot be accessed: " + error.message());
  if (!exists) in.fail("does not exist");
  // Before HDF5 reads a byte: it trusts the file, and some damage crashes it.
  const checkpoint_seal::Verdict seal = checkpoint_seal::check(path);
  if (!seal.damage.empty()) in.fail("is damaged: " + seal.damage);
  const std::string unreadable = "is not a readable HDF5 file (truncated or corrupt?)";
  // HDF5's signature test reads a few fixed bytes only, so it runs on unsealed files too.
  if (!h5::is_hdf5(path)) in.fail(unreadable);
  if (!seal.sealed && unsealed == UnsealedCheckpoint::kRefuse) {
    in.fail(
        "has no seal (a checksum fermata checks before HDF5 parses the file; checkpoints "
        "written before fermata sealed them have none, other HDF5 files neither): a damaged "
        "file without one can crash HDF5, so it is not read. If it is a fermata checkpoint you "
        "trust, run `fermata seal " +
        path + "` once, then again what you ran");
  }
  h5::Handle file;
  try {
    file = h5::open_file(path, false);
  } catch (const h5::Hdf5Error& e) {
    in.fail(unreadable + ": " + e.what());
  }
  try {
    return read_study(in, file);
  } catch (const h5::Hdf5Error& e) {
    // Every part is where it belongs, yet HDF5 cannot read it: damaged, or of a wrong type.
    in.fail(std::string("cannot be read: ") + e.what());
  }
}

bool seal_checkpoint(const std::string& path) {
  // A sealed, intact file needs nothing: one pass over its bytes, no HDF5 read. Anything
  // else (missing, damaged, unsealed) goes through the reader, which says what is wrong.
  std::error_code error;
  if (std::filesystem::exists(path, error)) {
    const checkpoint_seal::Verdict seal = checkpoint_seal::check(path);
    if (seal.sealed && seal.damage.empty()) return false;
  }
  write_checkpoint(read_checkpoint(path, UnsealedCheckpoint::kTrust), path);
  return true;
}

}  // namespace fermata
