// What the scale benchmark needs from a run's checkpoint, one "key value" per line:
//   trials_complete, trials_failed, folds_done   counts
//   first_started, last_finished                 unix seconds (the span of the run's work)
//   fold_seconds                                 sum of the finished folds' seconds
//   criterion_evaluations                        stopping-history rows with a regret bound
//   last_evaluated_n                             n_trials of the last such row (0 if none)
//   stopped                                      1 if the run stopped (criterion or budget)
//   stopped_by                                   what stopped it: a criterion's label or a
//                                                budget key ("-" if nothing did)
//   reason                                       the stop reason (rest of the line)
//   scale_checkpoint_span RUN.h5
// The history CSV of `fermata report` has no times, hence this reader.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <string>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/study/study.hpp>

namespace {

void print_span(const fermata::Study& study) {
  long folds_done = 0;
  double first_started = HUGE_VAL;
  double last_finished = -HUGE_VAL;
  for (const fermata::Trial& trial : study.trials) {
    folds_done += trial.folds_done();
    if (std::isfinite(trial.started)) first_started = std::min(first_started, trial.started);
    if (std::isfinite(trial.finished)) last_finished = std::max(last_finished, trial.finished);
  }
  // Rows are recorded for every completed trial; below min_trials they carry no bound.
  const auto& history = study.stopping.history;
  const auto rows = history.find("n_trials");
  const auto bounds = history.find("regret_bound");
  std::size_t evaluations = 0;
  double last_evaluated_n = 0;
  if (rows != history.end() && bounds != history.end()) {
    for (std::size_t i = 0; i < bounds->second.size() && i < rows->second.size(); ++i) {
      if (!std::isfinite(bounds->second[i])) continue;
      evaluations += 1;
      last_evaluated_n = rows->second[i];
    }
  }
  std::printf("trials_complete %zu\n", study.count(fermata::TrialState::kComplete));
  std::printf("trials_failed %zu\n", study.count(fermata::TrialState::kFailed));
  std::printf("folds_done %ld\n", folds_done);
  std::printf("first_started %.6f\n", first_started);
  std::printf("last_finished %.6f\n", last_finished);
  std::printf("fold_seconds %.6f\n", study.training_seconds());
  std::printf("criterion_evaluations %zu\n", evaluations);
  std::printf("last_evaluated_n %.0f\n", last_evaluated_n);
  std::printf("stopped %d\n", study.stopping.stopped ? 1 : 0);
  std::printf("stopped_by %s\n", study.stopping.stopped ? study.stopping.criterion.c_str() : "-");
  std::printf("reason %s\n", study.stopping.reason.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s RUN.h5\n", argv[0]);
    return 2;
  }
  try {
    print_span(fermata::read_checkpoint(argv[1]));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scale_checkpoint_span: %s\n", e.what());
    return 4;
  }
  return 0;
}
