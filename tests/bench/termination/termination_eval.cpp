// The evaluation step of the termination benchmark (DESIGN.md §5.4): from recorded
// full-budget runs alone, the trial at which each stopping criterion would have stopped,
// and what stopping there costs and saves.
//
//   termination_eval --out rows.csv [--criterion SPEC]... [--jobs N] RUN...
//
// A RUN is a recorded history (`fermata report --record`, .csv or .csv.gz, as committed under
// tests/bench/termination/runs/) or a checkpoint of a run with `stopping.criterion: none`. For
// each run and each criterion, the criterion is evaluated on every prefix of the completed
// trials, in the order they completed, until it first decides to stop at trial s (s = T, the
// budget, if it never does):
// - RYC = (y_T − y_s) / max(y_T, y_s), y the test error of the incumbent (retrained on every
//   non-test row) when the trial completed: negative means stopping lost accuracy;
// - RTC = (t_T − t_s) / t_T, t the training time (sum of fold seconds) of the trials
//   completed so far: the fraction of training time saved.
// Everything is computed from the recorded runs and the criteria's seeded code, so running it
// again on the same runs gives the same rows, byte for byte, whatever --jobs is. One row per
// (run, criterion) goes to --out as CSV.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include <fermata/core/allocator.hpp>
#include <fermata/core/error.hpp>
#include <fermata/job/job.hpp>
#include <fermata/report/recorded_run.hpp>
#include <fermata/stopping/criterion.hpp>

namespace {

/// fermata's default criterion at its default settings, then the paper's comparison (Makarova
/// et al. 2022, Table 3): the regret bound with both error scales, convergence after 10/30/50
/// trials without improvement, the EI and PI thresholds at fermata's defaults (1e-3 and
/// 0.01), and EMMR with Optuna's median rule.
const std::vector<std::string> kDefaultCriteria = {"robust-regret-bound",
                                                   "regret-bound(error_scale=1)",
                                                   "regret-bound(error_scale=0.5)",
                                                   "patience(patience=10)",
                                                   "patience(patience=30)",
                                                   "patience(patience=50)",
                                                   "ei-threshold",
                                                   "pi-threshold",
                                                   "emmr"};

std::string dataset_name(const fermata::Job& job) {
  if (job.data.path.empty()) return "generated";
  std::string name = std::filesystem::path(job.data.path).filename().string();
  return name.substr(0, name.find('.'));
}

/// Relative change a → b over the larger of the two (0 when both are 0).
double relative_change(double final_value, double stop_value) {
  const double scale = std::max(final_value, stop_value);
  return scale == 0.0 ? 0.0 : (final_value - stop_value) / scale;
}

/// The rows of one run, one per criterion.
std::string evaluate_run(const std::string& path, const std::vector<std::string>& specs) {
  const fermata::RecordedRun run = fermata::load_recorded_run(path, "", true);
  const fermata::Job& job = run.job;
  std::vector<const fermata::Trial*> trials;
  for (const fermata::Trial& t : run.trials) trials.push_back(&t);
  if (trials.empty()) throw fermata::DataError(path + ": no completed trial to evaluate");
  const fermata::StoppingContext context{job.space, job.cv.folds, run.validation_ratio, job.seed};
  std::vector<double> seconds;  // training time of the first i + 1 completed trials
  double total = 0.0;
  for (const fermata::Trial* t : trials) {
    for (double s : t->fold_seconds) total += std::isfinite(s) ? s : 0.0;
    seconds.push_back(total);
  }
  const std::size_t budget = trials.size();
  // Prefix by prefix, every criterion still running on each: criteria that fit the same GP
  // to the same prefix (variants that differ only in their decision rule) reuse the fit.
  std::vector<std::unique_ptr<fermata::StoppingCriterion>> criteria;
  for (const std::string& spec : specs) {
    criteria.push_back(fermata::make_criterion(spec, job.stopping, job.cv.folds));
  }
  std::vector<std::size_t> stops(criteria.size(), budget);
  std::vector<const fermata::Trial*> prefix;
  for (std::size_t i = 0; i < budget; ++i) {
    prefix.push_back(trials[i]);
    for (std::size_t c = 0; c < criteria.size(); ++c) {
      if (stops[c] == budget && criteria[c]->evaluate(prefix, context).stop) stops[c] = i + 1;
    }
  }
  std::string out;
  for (std::size_t c = 0; c < criteria.size(); ++c) {
    const std::size_t stop = stops[c];
    const double y_stop = trials[stop - 1]->test_error;
    const double y_final = trials[budget - 1]->test_error;
    const double t_stop = seconds[stop - 1];
    const double t_final = seconds[budget - 1];
    out += fmt::format(
        "{},{},{},{},\"{}\",{},{},{},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g}\n", run.name,
        job.model.kind, dataset_name(job), job.seed, criteria[c]->label(), stop, budget,
        stop < budget ? 1 : 0, relative_change(y_final, y_stop),
        t_final > 0 ? (t_final - t_stop) / t_final : 0.0, y_stop, y_final, t_stop, t_final);
  }
  return out;
}

/// Evaluates the runs on `jobs` threads (criteria are pure functions of a run, so the rows do
/// not depend on the order); the first error wins and is rethrown.
std::vector<std::string> evaluate_runs(const std::vector<std::string>& runs,
                                       const std::vector<std::string>& specs, int jobs) {
  std::vector<std::string> rows(runs.size());
  std::size_t next = 0;
  std::exception_ptr error;
  std::mutex mutex;
  auto work = [&] {
    while (true) {
      std::size_t i = 0;
      {
        std::lock_guard lock(mutex);
        if (next == runs.size() || error) return;
        i = next++;
      }
      try {
        rows[i] = evaluate_run(runs[i], specs);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!error) error = std::current_exception();
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < std::max(jobs, 1); ++t) threads.emplace_back(work);
  for (std::thread& t : threads) t.join();
  if (error) std::rethrow_exception(error);
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  fermata::keep_freed_heap_memory();  // as the criterion replay does
  std::string out_path;
  std::vector<std::string> specs;
  std::vector<std::string> runs;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--out" && i + 1 < argc) {
      out_path = argv[++i];
    } else if (arg == "--criterion" && i + 1 < argc) {
      specs.emplace_back(argv[++i]);
    } else if (arg == "--jobs" && i + 1 < argc) {
      jobs = std::atoi(argv[++i]);
    } else if (arg.rfind("--", 0) == 0) {
      std::cerr
          << "termination_eval: unknown option " << arg
          << "\nusage: termination_eval --out rows.csv [--criterion SPEC]... [--jobs N] RUN...\n";
      return 2;
    } else {
      runs.push_back(arg);
    }
  }
  if (out_path.empty() || runs.empty()) {
    std::cerr << "usage: termination_eval --out rows.csv [--criterion SPEC]... [--jobs N] RUN...\n";
    return 2;
  }
  if (specs.empty()) specs = kDefaultCriteria;
  std::sort(runs.begin(), runs.end());  // the same rows in the same order, however listed
  std::ofstream out(out_path);
  out << "run,model,dataset,seed,criterion,stop_trial,budget,stopped,ryc,rtc,"
         "test_error_stop,test_error_final,training_seconds_stop,training_seconds_final\n";
  try {
    for (const std::string& rows : evaluate_runs(runs, specs, jobs)) out << rows;
  } catch (const fermata::Error& e) {
    std::cerr << "termination_eval: " << e.what() << "\n";
    return e.exit_code();
  }
  return out ? 0 : 1;
}
