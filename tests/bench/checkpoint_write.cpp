// How long does write_checkpoint take for a realistic study, and how much of that is HDF5
// rather than the disk? Builds studies of 100, 1000 and 5000 trials (10 folds, 9
// hyperparameters, an 11-column stopping history, a BO optimizer state), writes each
// --repeat times (default 30), and in the same loop writes the same number of bytes with
// plain write()+fsync()+rename() into the same directory. The machine is shared, so the
// ratio of the two (median of per-repetition ratios) is the number to compare across runs.
//   checkpoint_write [--repeat N]        (files go to a fresh directory under $TMPDIR or /tmp)

#include <fcntl.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Core>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/core/rng.hpp>
#include <fermata/study/study.hpp>

#include "bench/machine.hpp"
#include "support/process.hpp"

namespace {

constexpr int kFolds = 10;
constexpr int kWorkers = 32;
constexpr double kStartUnix = 1.7e9;

// The xgboost job's kind of space: ints and floats, several on a log scale, one categorical.
fermata::Space make_space() {
  using fermata::ParamKind;
  return fermata::Space({
      {"n_estimators", ParamKind::kInt, 2, 512, true, {}},
      {"max_depth", ParamKind::kInt, 1, 12, false, {}},
      {"learning_rate", ParamKind::kFloat, 1e-6, 1.0, true, {}},
      {"subsample", ParamKind::kFloat, 0.5, 1.0, false, {}},
      {"colsample_bytree", ParamKind::kFloat, 0.3, 1.0, false, {}},
      {"min_child_weight", ParamKind::kFloat, 1e-3, 100.0, true, {}},
      {"reg_lambda", ParamKind::kFloat, 1e-6, 10.0, true, {}},
      {"reg_alpha", ParamKind::kFloat, 1e-6, 10.0, true, {}},
      {"booster", ParamKind::kCategorical, 0, 1, false, {"gbtree", "dart"}},
  });
}

const char* kJobYaml = R"(name: xgboost-optdigits
seed: 1
data: {path: ../shared/data/optdigits/optdigits.tsv.gz, target: target, task: classification, test_fraction: 0.2}
cv: {folds: 10, stratified: true}
model: {kind: xgboost, threads: 1, fixed: {}}
space:
  n_estimators: {type: int, low: 2, high: 512, log: true}
  max_depth: {type: int, low: 1, high: 12}
  learning_rate: {type: float, low: 1e-6, high: 1.0, log: true}
  subsample: {type: float, low: 0.5, high: 1.0}
  colsample_bytree: {type: float, low: 0.3, high: 1.0}
  min_child_weight: {type: float, low: 1e-3, high: 100, log: true}
  reg_lambda: {type: float, low: 1e-6, high: 10, log: true}
  reg_alpha: {type: float, low: 1e-6, high: 10, log: true}
  booster: {type: categorical, choices: [gbtree, dart]}
optimizer: {kind: bo, initial_trials: 10, acquisition: ei}
budget: {max_trials: 5000, max_seconds: 0}
stopping: {criterion: regret-bound, min_trials: 20, top_fraction: 0.5, delta: 0.1, error_scale: 1}
checkpoint: {path: runs/xgboost-optdigits.h5, every_seconds: 0}
)";

// A study as a long run leaves it: mostly complete trials, about one in a hundred failed,
// the last few in flight with some folds done, and one stopping-history row per trial.
fermata::Study make_study(int n_trials) {
  fermata::Study study;
  study.name = "xgboost-optdigits";
  study.job_yaml = kJobYaml;
  study.classes =
      "10 classes: 0='0', 1='1', 2='2', 3='3', 4='4', 5='5', 6='6', 7='7', 8='8', 9='9'";
  study.seed = 1;
  study.folds = kFolds;
  study.space = make_space();
  study.created_utc = kStartUnix;
  fermata::Rng rng(42);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> noise(0.0, 0.01);
  const int in_flight = std::min(n_trials, 4);
  double clock = kStartUnix;
  double best_value = fermata::kNaN, best_test_error = fermata::kNaN;
  for (int i = 0; i < n_trials; ++i) {
    Eigen::VectorXd u(static_cast<Eigen::Index>(study.space.size()));
    for (Eigen::Index j = 0; j < u.size(); ++j) u[j] = unit(rng);
    fermata::Trial& trial = study.add_trial(study.space.from_uniform(u));
    trial.started = clock;
    const double mean_error = 0.02 + 0.1 * unit(rng);
    const bool failed = i % 97 == 50;
    const int done = i >= n_trials - in_flight ? kFolds / 2 : kFolds;
    for (int f = 0; f < done; ++f) {
      trial.fold_worker[f] = 1 + static_cast<int>(unit(rng) * (kWorkers - 1));
      trial.fold_seconds[f] = 5.0 + 20.0 * unit(rng);
      trial.fold_error[f] = std::max(0.0, mean_error + noise(rng));
      trial.fold_attempts[f] = unit(rng) < 0.01 ? 1 : 0;
    }
    clock += 30.0 * unit(rng);
    if (failed) {
      trial.state = fermata::TrialState::kFailed;
      trial.fold_error[kFolds - 1] = fermata::kNaN;
      trial.fold_attempts[kFolds - 1] = 3;
      trial.message = "fold 9 failed 3 times: XGBoosterUpdateOneIter: out of memory";
      trial.finished = clock;
    } else if (done == kFolds) {
      trial.state = fermata::TrialState::kComplete;
      double sum = 0.0;
      for (double e : trial.fold_error) sum += e;
      trial.value = sum / kFolds;
      if (!(trial.value >= best_value)) {  // also true while best_value is NaN
        best_value = trial.value;
        best_test_error = mean_error + 0.005;
      }
      trial.test_error = best_test_error;
      trial.finished = clock;
    } else {
      trial.state = fermata::TrialState::kRunning;
    }
  }
  study.updated_utc = clock;
  auto& history = study.stopping.history;
  for (int row = 0; row < n_trials; ++row) {
    const double early = row < 20 ? fermata::kNaN : 1.0;  // min_trials: no bound yet
    history["n_trials"].push_back(row + 1);
    history["elapsed_seconds"].push_back(15.0 * row);
    history["regret_bound"].push_back(early * (0.5 / std::sqrt(row + 1.0)));
    history["statistical_error"].push_back(early * (0.004 + 0.001 * unit(rng)));
    history["beta"].push_back(early * 2.0 * std::log(9.0 * (row + 1.0) * (row + 1.0) * 16.4) / 5);
    history["ucb_min"].push_back(early * (-1.0 - 0.1 * unit(rng)));
    history["lcb_min"].push_back(early * (-1.5 - 0.1 * unit(rng)));
    history["top_size"].push_back(early * std::max(20, (row + 1) / 2));
    history["decision"].push_back(0.0);
    history["patience.trials_since_improvement"].push_back(std::floor(40.0 * unit(rng)));
    history["patience.decision"].push_back(0.0);
  }
  study.stopping.criterion = "regret-bound";
  fermata::OptimizerState& optimizer = study.optimizer;
  optimizer.kind = "bo";
  optimizer.scalars = {{"sobol_index", 10},
                       {"last_refit_n", std::floor(n_trials / 100.0) * 100},
                       {"refits", 1 + n_trials / 100},
                       {"gp_mean", 0.01}};
  optimizer.vectors["gp_theta"] = std::vector<double>(study.space.encoded_dim() + 2, 0.3);
  std::ostringstream engine;
  engine << rng;
  optimizer.rng = engine.str();
  return study;
}

[[noreturn]] void fail(const char* action, const std::string& path) {
  throw std::runtime_error(std::string("cannot ") + action + " '" + path +
                           "': " + std::strerror(errno));
}

// What write_checkpoint does minus HDF5: the bytes to a temp file, fsync, rename over.
void write_plain(const std::string& bytes, const std::string& path) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("open", tmp);
  for (std::size_t written = 0; written < bytes.size();) {
    const ssize_t r = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) fail("write", tmp);
    written += static_cast<std::size_t>(r);
  }
  if (::fsync(fd) != 0) fail("fsync", tmp);
  if (::close(fd) != 0) fail("close", tmp);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) fail("rename", tmp);
}

template <class Write>
double milliseconds(Write&& write) {
  const auto start = std::chrono::steady_clock::now();
  write();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// Nearest-rank percentile, q in (0, 1].
double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::max<std::size_t>(rank, 1) - 1];
}

// fsync costs nothing on tmpfs, so the table must say what it was measured on.
std::string filesystem_type(const std::string& directory) {
  struct statfs info {};
  if (::statfs(directory.c_str(), &info) != 0) return "unknown filesystem";
  switch (static_cast<unsigned long>(info.f_type)) {
    case 0xEF53UL:
      return "ext4";
    case 0x58465342UL:
      return "xfs";
    case 0x9123683EUL:
      return "btrfs";
    case 0x01021994UL:
      return "tmpfs";
    case 0x794C7630UL:
      return "overlayfs";
    case 0x6969UL:
      return "nfs";
    case 0x0BD00BD0UL:
      return "lustre";
    case 0x47504653UL:
      return "gpfs";
    default: {
      char hex[32];
      std::snprintf(hex, sizeof hex, "filesystem 0x%lx", static_cast<unsigned long>(info.f_type));
      return hex;
    }
  }
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

int main(int argc, char** argv) {
  int repeat = 30;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: %s [--repeat N]\n", argv[0]);
      return 2;
    }
  }
  if (repeat < 1) {
    std::fprintf(stderr, "--repeat must be at least 1, got %d\n", repeat);
    return 2;
  }
  try {
    const fermata::testing::TempDir dir;
    const std::string checkpoint = dir.path() + "/study.h5";
    const std::string plain = dir.path() + "/plain.bin";
    std::printf(
        "write_checkpoint vs write()+fsync()+rename() of the same bytes, %d folds, "
        "9 hyperparameters, %d repetitions\n",
        kFolds, repeat);
    std::printf("machine: %s\n", fermata::bench::machine_description().c_str());
    std::printf("directory: %s (%s)\n\n", dir.path().c_str(), filesystem_type(dir.path()).c_str());
    std::printf(
        "| trials | file size | checkpoint median | checkpoint p90 | plain median | "
        "plain p90 | checkpoint/plain |\n");
    std::printf(
        "|-------:|----------:|------------------:|---------------:|-------------:|"
        "----------:|-----------------:|\n");
    for (const int n : {100, 1000, 5000}) {
      const fermata::Study study = make_study(n);
      fermata::write_checkpoint(study, checkpoint);  // warm-up; also gives the byte count
      const std::string bytes = read_bytes(checkpoint);
      write_plain(bytes, plain);
      std::vector<double> hdf5, raw, ratio;
      for (int r = 0; r < repeat; ++r) {
        // Alternate the order so neither write always follows the other's writeback.
        double a = 0, b = 0;
        if (r % 2 == 0) {
          a = milliseconds([&] { fermata::write_checkpoint(study, checkpoint); });
          b = milliseconds([&] { write_plain(bytes, plain); });
        } else {
          b = milliseconds([&] { write_plain(bytes, plain); });
          a = milliseconds([&] { fermata::write_checkpoint(study, checkpoint); });
        }
        hdf5.push_back(a);
        raw.push_back(b);
        ratio.push_back(a / b);
      }
      std::printf("| %6d | %5.0f KiB | %14.2f ms | %11.2f ms | %9.2f ms | %6.2f ms | %16.2f |\n", n,
                  static_cast<double>(bytes.size()) / 1024.0, fermata::bench::median(hdf5),
                  percentile(hdf5, 0.9), fermata::bench::median(raw), percentile(raw, 0.9),
                  fermata::bench::median(ratio));
    }
    std::printf("\ncheckpoint/plain is the median of the per-repetition ratios\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "checkpoint_write: %s\n", e.what());
    return 1;
  }
  return 0;
}
