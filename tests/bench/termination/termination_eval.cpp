// The evaluation step of the termination benchmark (DESIGN.md §5.4): from recorded
// full-budget runs alone, the trial at which each stopping criterion would have stopped,
// and what stopping there costs and saves.
//
//   termination_eval --out rows.csv [--criterion SPEC]... RUN.h5...
//
// For each checkpoint (a run with `stopping.criterion: none`) and each criterion, the
// criterion is evaluated on every prefix of the completed trials, in the order they
// completed, until it first decides to stop at trial s (s = T, the budget, if it never does):
// - RYC = (y_T − y_s) / max(y_T, y_s), y the test error of the incumbent (retrained on every
//   non-test row) when the trial completed: negative means stopping lost accuracy;
// - RTC = (t_T − t_s) / t_T, t the training time (sum of fold seconds) of the trials
//   completed so far: the fraction of training time saved.
// Everything is computed from the checkpoints and the criteria's seeded code, so running it
// again on the same checkpoints gives the same rows, byte for byte. One row per (run,
// criterion) goes to --out as CSV.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/core/error.hpp>
#include <fermata/data/load.hpp>
#include <fermata/job/job.hpp>
#include <fermata/objectives/objective.hpp>
#include <fermata/stopping/criterion.hpp>

namespace {

/// The paper's comparison (Makarova et al. 2022, Table 3): the regret bound with both
/// error scales, convergence after 10/30/50 trials without improvement, the EI and PI
/// thresholds at fermata's defaults (1e-3 and 0.01), and EMMR with Optuna's median rule.
const std::vector<std::string> kDefaultCriteria = {"regret-bound(error_scale=1)",
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

void evaluate_run(const std::string& path, const std::vector<std::string>& specs,
                  std::ostream& out) {
  const fermata::Study study = fermata::read_checkpoint(path);
  const fermata::Job job = fermata::parse_job(study.job_yaml, path + " (its job)");
  const std::vector<const fermata::Trial*> trials = study.completed_in_order();
  if (trials.empty()) throw fermata::Error(path + ": no completed trial to evaluate");
  fermata::StoppingContext context{job.space, job.cv.folds, fermata::kNaN, job.seed};
  if (fermata::objective_uses_data(job.model)) {
    // The ratio of validation to training rows, as the run itself used it.
    context.validation_ratio =
        fermata::validation_ratio(fermata::prepare_data(job.data, job.cv, job.seed).folds);
  }
  std::vector<double> seconds;  // training time of the first i + 1 completed trials
  double total = 0.0;
  for (const fermata::Trial* t : trials) {
    for (double s : t->fold_seconds) total += std::isfinite(s) ? s : 0.0;
    seconds.push_back(total);
  }
  const std::size_t budget = trials.size();
  for (const std::string& spec : specs) {
    const auto criterion = fermata::make_criterion(spec, job.stopping, job.cv.folds);
    std::size_t stop = budget;
    std::vector<const fermata::Trial*> prefix;
    for (std::size_t i = 0; i < budget; ++i) {
      prefix.push_back(trials[i]);
      if (criterion->evaluate(prefix, context).stop) {
        stop = i + 1;
        break;
      }
    }
    const double y_stop = trials[stop - 1]->test_error;
    const double y_final = trials[budget - 1]->test_error;
    const double t_stop = seconds[stop - 1];
    const double t_final = seconds[budget - 1];
    out << fmt::format("{},{},{},{},{},{},{},{},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g}\n",
                       study.name, job.model.kind, dataset_name(job), job.seed, criterion->label(),
                       stop, budget, stop < budget ? 1 : 0, relative_change(y_final, y_stop),
                       t_final > 0 ? (t_final - t_stop) / t_final : 0.0, y_stop, y_final, t_stop,
                       t_final);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_path;
  std::vector<std::string> specs;
  std::vector<std::string> runs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--out" && i + 1 < argc) {
      out_path = argv[++i];
    } else if (arg == "--criterion" && i + 1 < argc) {
      specs.emplace_back(argv[++i]);
    } else if (arg.rfind("--", 0) == 0) {
      std::cerr << "termination_eval: unknown option " << arg
                << "\nusage: termination_eval --out rows.csv [--criterion SPEC]... RUN.h5...\n";
      return 2;
    } else {
      runs.push_back(arg);
    }
  }
  if (out_path.empty() || runs.empty()) {
    std::cerr << "usage: termination_eval --out rows.csv [--criterion SPEC]... RUN.h5...\n";
    return 2;
  }
  if (specs.empty()) specs = kDefaultCriteria;
  std::sort(runs.begin(), runs.end());  // the same rows in the same order, however listed
  std::ofstream out(out_path);
  out << "run,model,dataset,seed,criterion,stop_trial,budget,stopped,ryc,rtc,"
         "test_error_stop,test_error_final,training_seconds_stop,training_seconds_final\n";
  try {
    for (const std::string& run : runs) evaluate_run(run, specs, out);
  } catch (const fermata::Error& e) {
    std::cerr << "termination_eval: " << e.what() << "\n";
    return e.exit_code();
  }
  return out ? 0 : 1;
}
