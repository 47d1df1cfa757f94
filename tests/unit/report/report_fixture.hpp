#pragma once

#include <string>
#include <vector>

#include <fermata/study/study.hpp>

namespace fermata::testing {

/// @brief Sets fold `fold` of `t` as finished on `worker` between `start` and `end` (unix s).
inline void finish_fold(Trial& t, int fold, double error, int worker, double start, double end) {
  const auto k = static_cast<std::size_t>(fold);
  t.fold_error[k] = error;
  t.fold_seconds[k] = end - start;
  t.fold_worker[k] = worker;
  t.fold_started[k] = start;
  t.fold_finished[k] = end;
  if (!(t.started <= start)) t.started = start;
}

/// @brief Completes `t` at `finished` with the mean of its fold errors as its value.
inline void complete(Trial& t, double finished, double test_error = kNaN) {
  double sum = 0;
  for (double e : t.fold_error) sum += e;
  t.state = TrialState::kComplete;
  t.value = sum / static_cast<double>(t.fold_error.size());
  t.finished = finished;
  t.test_error = test_error;
}

/// @brief A study of two folds over x (float), n (int) and kind (categorical a/b), with
/// no trials; the caller adds them.
inline Study two_fold_study(const std::string& name = "demo") {
  Study study;
  study.name = name;
  study.folds = 2;
  study.seed = 5;
  study.created_utc = 1000;
  study.updated_utc = 1100;
  study.space = Space({{"x", ParamKind::kFloat, 0, 1, false, {}},
                       {"n", ParamKind::kInt, 1, 10, false, {}},
                       {"kind", ParamKind::kCategorical, 0, 0, false, {"a", "b"}}});
  return study;
}

/// @brief A study in the middle of a run: trials 0, 1, 3 complete (1 best), trial 2 failed,
/// trial 4 running with one fold in flight, trial 5 pending; a stopping history of three
/// evaluations that never stopped; updated at 1100.
inline Study running_study(const std::string& name = "demo") {
  Study study = two_fold_study(name);
  Trial& t0 = study.add_trial({0.25, 3, 0});
  finish_fold(t0, 0, 0.4, 1, 1000, 1010);
  finish_fold(t0, 1, 0.6, 2, 1000, 1012);
  complete(t0, 1012, 0.55);
  Trial& t1 = study.add_trial({0.5, 7, 1});
  finish_fold(t1, 0, 0.2, 1, 1010, 1020);
  finish_fold(t1, 1, 0.4, 2, 1012, 1022);
  complete(t1, 1022, 0.35);
  Trial& t2 = study.add_trial({0.75, 2, 0});
  t2.state = TrialState::kFailed;
  t2.fold_started = {1020, 1022};
  t2.fold_attempts = {2, 0};
  t2.finished = 1030;
  t2.message = "fold 0 on worker 1: exit status 3";
  Trial& t3 = study.add_trial({0.1, 9, 1});
  finish_fold(t3, 0, 0.35, 1, 1030, 1040);
  finish_fold(t3, 1, 0.45, 2, 1030, 1041);
  complete(t3, 1041, 0.35);  // not better than trial 1: the stored value is trial 1's
  Trial& t4 = study.add_trial({0.9, 4, 0});
  t4.state = TrialState::kRunning;
  finish_fold(t4, 0, 0.5, 1, 1041, 1060);
  t4.fold_started[1] = 1042;     // in flight on a worker the checkpoint does not name
  study.add_trial({0.3, 5, 1});  // pending, never dispatched
  study.stopping.criterion = "none";
  study.stopping.history = {{"n_trials", {1, 2, 3}},
                            {"regret_bound", {kNaN, 0.2, 0.1}},
                            {"statistical_error", {kNaN, 0.05, 0.06}},
                            {"decision", {0, 0, 0}}};
  return study;
}

}  // namespace fermata::testing
