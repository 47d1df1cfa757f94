#include <fermata/study/trial.hpp>

#include <cmath>

namespace fermata {

const char* to_string(TrialState state) {
  switch (state) {
    case TrialState::kPending:
      return "pending";
    case TrialState::kRunning:
      return "running";
    case TrialState::kComplete:
      return "complete";
    case TrialState::kFailed:
      return "failed";
    case TrialState::kPruned:
      return "pruned";
  }
  return "?";
}

Trial Trial::make(std::int64_t id, Config params, int folds) {
  Trial t;
  t.id = id;
  t.params = std::move(params);
  const auto k = static_cast<std::size_t>(folds);
  t.fold_error.assign(k, kNaN);
  t.fold_seconds.assign(k, kNaN);
  t.fold_worker.assign(k, -1);
  t.fold_attempts.assign(k, 0);
  t.fold_started.assign(k, kNaN);
  t.fold_finished.assign(k, kNaN);
  return t;
}

bool Trial::fold_done(int fold) const {
  return std::isfinite(fold_error[static_cast<std::size_t>(fold)]);
}

int Trial::folds_done() const {
  int done = 0;
  for (double e : fold_error) done += std::isfinite(e) ? 1 : 0;
  return done;
}

double Trial::training_seconds() const {
  double total = 0.0;
  for (double s : fold_seconds) total += std::isfinite(s) ? s : 0.0;
  return total;
}

}  // namespace fermata
