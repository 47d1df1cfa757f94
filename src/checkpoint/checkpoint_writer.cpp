// write_checkpoint: the layout of DESIGN.md §7, written to `path.tmp` and renamed over `path`.
//
// Beyond the contract, the file holds everything else a Study has, so a resume loses
// nothing: root attributes name, folds, created_unix/updated_unix (exact seconds beside the
// ISO strings); /trials/fold_attempts int32[n,k] and /trials/message (strings [n]);
// /space/choices/<name>, one string dataset per categorical parameter, in its choice order
// (h5py: f["space/choices/booster"].asstr()[()]); /optimizer/scalars/<name> as 0-d float64
// datasets and /optimizer/vectors/<name> as 1-D float64 datasets; /data/categorical, the
// data's categorical features (see categorical_record.hpp).

#include <cmath>
#include <cstring>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/core/error.hpp>
#include <fermata/core/utc_time.hpp>

#include "checkpoint/categorical_record.hpp"
#include "checkpoint/durable_file.hpp"
#include "checkpoint/file_seal.hpp"
#include "hdf5/hdf5_data.hpp"
#include "hdf5/hdf5_handle.hpp"

namespace fermata {
namespace {

#ifdef FERMATA_VERSION
constexpr const char* kFermataVersion = FERMATA_VERSION;
#else
constexpr const char* kFermataVersion = "0.1.0";
#endif

// Map keys become HDF5 link names, which cannot hold '/' or be empty.
void require_link_name(const std::string& name, const std::string& what) {
  if (!h5::is_link_name(name)) {
    throw CheckpointError(what + " '" + name +
                          "' cannot be stored: HDF5 names must be non-empty, without '/'");
  }
}

void write_root(const h5::Handle& file, const Study& study) {
  h5::write_attribute(file, "format", std::string(kCheckpointFormat));
  h5::write_attribute(file, "schema", kCheckpointSchema);
  h5::write_attribute(file, "version", std::string(kFermataVersion));
  h5::write_attribute(file, "created_utc", iso_utc(study.created_utc));
  h5::write_attribute(file, "updated_utc", iso_utc(study.updated_utc));
  h5::write_attribute(file, "created_unix", study.created_utc);
  h5::write_attribute(file, "updated_unix", study.updated_utc);
  h5::write_attribute(file, "elapsed_seconds", study.elapsed_seconds);
  h5::write_attribute(file, "job", study.job_yaml);
  h5::write_attribute(file, "seed", study.seed);
  h5::write_attribute(file, "name", study.name);
  h5::write_attribute(file, "classes", study.classes);
  h5::write_attribute(file, "folds", study.folds);
}

void write_space(const h5::Handle& file, const Space& space) {
  const h5::Handle group = h5::create_group(file, "space");
  const h5::Handle choices = h5::create_group(group, "choices");
  std::vector<std::string> names, kinds;
  std::vector<double> low, high;
  std::vector<std::int8_t> log;
  for (const Parameter& p : space.parameters()) {
    names.push_back(p.name);
    kinds.emplace_back(to_string(p.kind));
    low.push_back(p.low);
    high.push_back(p.high);
    log.push_back(p.log ? 1 : 0);
    if (p.kind == ParamKind::kCategorical) {
      require_link_name(p.name, "parameter");
      h5::write_string_dataset(choices, p.name, p.choices);
    }
  }
  const h5::Dims d{space.size()};
  h5::write_string_dataset(group, "names", names);
  h5::write_string_dataset(group, "kinds", kinds);
  h5::write_dataset(group, "low", d, low);
  h5::write_dataset(group, "high", d, high);
  h5::write_dataset(group, "log", d, log);
}

// Every trial must have the study's shape, or the [n, d] and [n, k] arrays cannot exist.
void require_trial_shape(const Trial& t, std::size_t d, std::size_t k) {
  const std::string trial = "trial " + std::to_string(t.id);
  if (t.params.size() != d) {
    throw CheckpointError(trial + " has " + std::to_string(t.params.size()) +
                          " parameter values, the space has " + std::to_string(d));
  }
  if (t.fold_error.size() != k || t.fold_seconds.size() != k || t.fold_worker.size() != k ||
      t.fold_attempts.size() != k || t.fold_started.size() != k || t.fold_finished.size() != k) {
    throw CheckpointError(trial + " does not have one fold entry per fold (the study has " +
                          std::to_string(k) + " folds)");
  }
}

void write_trials(const h5::Handle& file, const Study& study) {
  const std::size_t n = study.trials.size();
  const std::size_t d = study.space.size();
  const auto k = static_cast<std::size_t>(study.folds);
  std::vector<std::int64_t> id;
  std::vector<std::int8_t> state;
  std::vector<double> params, fold_error, fold_seconds, fold_started, fold_finished, value,
      test_error, started, finished;
  std::vector<std::int32_t> fold_worker, fold_attempts;
  std::vector<std::string> message;
  params.reserve(n * d);
  fold_error.reserve(n * k);
  fold_seconds.reserve(n * k);
  fold_worker.reserve(n * k);
  fold_attempts.reserve(n * k);
  fold_started.reserve(n * k);
  fold_finished.reserve(n * k);
  for (const Trial& t : study.trials) {
    require_trial_shape(t, d, k);
    id.push_back(t.id);
    state.push_back(static_cast<std::int8_t>(t.state));
    params.insert(params.end(), t.params.begin(), t.params.end());
    fold_error.insert(fold_error.end(), t.fold_error.begin(), t.fold_error.end());
    fold_seconds.insert(fold_seconds.end(), t.fold_seconds.begin(), t.fold_seconds.end());
    fold_worker.insert(fold_worker.end(), t.fold_worker.begin(), t.fold_worker.end());
    fold_attempts.insert(fold_attempts.end(), t.fold_attempts.begin(), t.fold_attempts.end());
    fold_started.insert(fold_started.end(), t.fold_started.begin(), t.fold_started.end());
    fold_finished.insert(fold_finished.end(), t.fold_finished.begin(), t.fold_finished.end());
    value.push_back(t.value);
    test_error.push_back(t.test_error);
    started.push_back(t.started);
    finished.push_back(t.finished);
    message.push_back(t.message);
  }
  const h5::Handle group = h5::create_group(file, "trials");
  h5::write_dataset(group, "id", {n}, id);
  h5::write_dataset(group, "state", {n}, state);
  h5::write_dataset(group, "params", {n, d}, params);
  h5::write_dataset(group, "fold_error", {n, k}, fold_error);
  h5::write_dataset(group, "fold_seconds", {n, k}, fold_seconds);
  h5::write_dataset(group, "fold_worker", {n, k}, fold_worker);
  h5::write_dataset(group, "fold_attempts", {n, k}, fold_attempts);
  h5::write_dataset(group, "fold_started", {n, k}, fold_started);
  h5::write_dataset(group, "fold_finished", {n, k}, fold_finished);
  h5::write_dataset(group, "value", {n}, value);
  h5::write_dataset(group, "test_error", {n}, test_error);
  h5::write_dataset(group, "started", {n}, started);
  h5::write_dataset(group, "finished", {n}, finished);
  h5::write_string_dataset(group, "message", message);
}

void write_stopping(const h5::Handle& file, const StoppingRecord& stopping) {
  const h5::Handle group = h5::create_group(file, "stopping");
  h5::write_attribute(group, "criterion", stopping.criterion);
  h5::write_attribute(group, "stopped", stopping.stopped ? 1 : 0);
  h5::write_attribute(group, "reason", stopping.reason);
  const h5::Handle history = h5::create_group(group, "history");
  for (const auto& [column, values] : stopping.history) {
    require_link_name(column, "stopping history column");
    const auto& first = *stopping.history.begin();
    if (values.size() != first.second.size()) {
      throw CheckpointError("stopping history column '" + column + "' has " +
                            std::to_string(values.size()) + " rows, column '" + first.first +
                            "' has " + std::to_string(first.second.size()));
    }
    h5::write_dataset(history, column, {values.size()}, values);
  }
}

void write_optimizer(const h5::Handle& file, const OptimizerState& optimizer) {
  const h5::Handle group = h5::create_group(file, "optimizer");
  h5::write_attribute(group, "kind", optimizer.kind);
  h5::write_attribute(group, "rng", optimizer.rng);
  const h5::Handle scalars = h5::create_group(group, "scalars");
  for (const auto& [name, value] : optimizer.scalars) {
    require_link_name(name, "optimizer scalar");
    h5::write_dataset(scalars, name, {}, std::vector<double>{value});
  }
  const h5::Handle vectors = h5::create_group(group, "vectors");
  for (const auto& [name, values] : optimizer.vectors) {
    require_link_name(name, "optimizer vector");
    h5::write_dataset(vectors, name, {values.size()}, values);
  }
}

// HDF5's own report of a failed write is several lines long and buries the cause in
// "errno = 28, error message = '...'"; a full disk or quota should read as one.
std::string write_failure_cause(const std::string& what) {
  static const std::regex errno_field(R"(errno = (\d+))");
  std::smatch match;
  if (std::regex_search(what, match, errno_field)) {
    const int code = std::stoi(match[1].str());
    if (code > 0) return std::strerror(code);
  }
  std::string one_line = what;
  for (char& c : one_line) {
    if (c == '\n') c = ' ';
  }
  return one_line;
}

}  // namespace

void write_checkpoint(const Study& study, const std::string& path) {
  const std::filesystem::path target(path);
  const std::string tmp = path + ".tmp";
  std::string step = "checking the study";
  try {
    if (study.folds < 0) throw CheckpointError("folds is " + std::to_string(study.folds));
    step = "creating its directory";
    const std::filesystem::path directory = target.parent_path();
    if (!directory.empty()) std::filesystem::create_directories(directory);
    {
      step = "creating '" + tmp + "'";
      h5::Handle file = h5::create_file(tmp, checkpoint_seal::kBlockSize);
      step = "writing the root attributes";
      write_root(file, study);
      step = "writing /space";
      write_space(file, study.space);
      step = "writing /trials";
      write_trials(file, study);
      step = "writing /stopping";
      write_stopping(file, study.stopping);
      step = "writing /optimizer";
      write_optimizer(file, study.optimizer);
      step = "writing /data";
      write_categorical_record(file, study.categorical, study.folds);
      step = "flushing '" + tmp + "'";
      h5::flush_file(file);
      step = "closing '" + tmp + "'";
      file.close();
    }
    step = "sealing '" + tmp + "'";
    checkpoint_seal::seal(tmp);
    step = "syncing '" + tmp + "' to disk";
    sync_file(tmp);
    // The checkpoint being replaced stays as `path.prev` (a hard link, so no copy and no
    // moment without a checkpoint): if the new file is damaged later, the one before it
    // is still there.
    if (std::filesystem::exists(target)) {
      const std::filesystem::path previous = previous_checkpoint_path(path);
      std::error_code ignored;
      std::filesystem::remove(previous, ignored);
      std::filesystem::create_hard_link(target, previous, ignored);
    }
    step = "renaming '" + tmp + "' over it";
    std::filesystem::rename(tmp, target);
  } catch (const std::exception& e) {
    // The previous checkpoint, if any, is untouched; only the partial file goes.
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    std::string message = "cannot write checkpoint '" + path + "' while " + step + ": " +
                          write_failure_cause(e.what());
    if (std::filesystem::exists(target, ignored)) {
      message += " (the checkpoint written before, '" + path +
                 "', is intact: fix the cause and run again with --resume)";
    }
    throw CheckpointError(message);
  }
}

std::string previous_checkpoint_path(const std::string& path) {
  return path + ".prev";
}

}  // namespace fermata
