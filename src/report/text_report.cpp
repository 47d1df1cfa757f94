#include <fermata/report/text_report.hpp>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include <fermata/stopping/statistical_error.hpp>

namespace fermata {
namespace {

std::string format_seconds(double seconds) {
  if (!std::isfinite(seconds)) return "-";
  if (seconds < 120) return fmt::format("{:.1f} s", seconds);
  if (seconds < 7200) return fmt::format("{:.1f} min", seconds / 60);
  return fmt::format("{:.2f} h", seconds / 3600);
}

/// Failed fold attempts (each retry counts), the trials they failed, and why, so a user sees
/// at a glance whether a model is flaky or broken.
std::string failures(const Study& study) {
  long attempts = 0;
  std::vector<const Trial*> failed;
  for (const Trial& t : study.trials) {
    for (int a : t.fold_attempts) attempts += a;
    if (t.state == TrialState::kFailed) failed.push_back(&t);
  }
  if (attempts == 0 && failed.empty()) return {};
  std::string out =
      fmt::format("failures   {} failed fold attempt{}, {} failed trial{}\n", attempts,
                  attempts == 1 ? "" : "s", failed.size(), failed.size() == 1 ? "" : "s");
  constexpr std::size_t kShown = 5;
  for (std::size_t i = 0; i < failed.size() && i < kShown; ++i) {
    out += fmt::format("  trial {}: {}\n", failed[i]->id, failed[i]->message);
  }
  if (failed.size() > kShown) out += fmt::format("  ... and {} more\n", failed.size() - kShown);
  return out;
}

}  // namespace

std::string text_report(const Study& study) {
  std::string out = fmt::format("study      {}\n", study.name);
  const std::size_t complete = study.count(TrialState::kComplete);
  const std::size_t failed = study.count(TrialState::kFailed);
  const std::size_t unfinished =
      study.trials.size() - complete - failed - study.count(TrialState::kPruned);
  if (!study.classes.empty()) out += fmt::format("classes    {}\n", study.classes);
  out += fmt::format("trials     {} complete, {} failed, {} unfinished ({} folds each)\n", complete,
                     failed, unfinished, study.folds);
  if (study.stopping.stopped || !study.stopping.reason.empty()) {
    out += fmt::format("stopped    {} ({})\n", study.stopping.reason, study.stopping.criterion);
  }
  const auto& history = study.stopping.history;
  const auto rows = history.find("n_trials");
  const auto bound = history.find("regret_bound");
  const auto error = history.find("statistical_error");
  if (rows != history.end() && !rows->second.empty() && bound != history.end() &&
      error != history.end()) {
    out += fmt::format("criterion  regret bound {:.4g} vs statistical error {:.4g} at {} trials\n",
                       bound->second.back(), error->second.back(), rows->second.back());
  }
  out += failures(study);
  out +=
      fmt::format("time       {} training over all folds, {} wall\n",
                  format_seconds(study.training_seconds()), format_seconds(study.wall_seconds()));
  const auto best = study.incumbent();
  if (!best) {
    out += "best       none: no trial has completed yet\n";
    return out;
  }
  const Trial& t = study.trials[*best];
  out += fmt::format("best       trial {}: mean CV error {:.6g}\n", t.id, t.value);
  std::string folds;
  for (double e : t.fold_error) folds += fmt::format("{}{:.6g}", folds.empty() ? "" : " ", e);
  out += fmt::format("folds      {}\n", folds);
  if (t.fold_error.size() >= 2) {
    // As the criterion computes it for equal folds and error_scale 1.
    out += fmt::format("stat error {:.6g}\n", statistical_error(t.fold_error, NAN, 1.0));
  }
  if (std::isfinite(t.test_error)) out += fmt::format("test error {:.6g}\n", t.test_error);
  out += "config\n";
  std::size_t width = 0;
  for (const Parameter& p : study.space.parameters()) width = std::max(width, p.name.size());
  for (std::size_t i = 0; i < study.space.size(); ++i) {
    out += fmt::format("  {:<{}}  {}\n", study.space[i].name, width,
                       study.space.format_value(i, t.params[i]));
  }
  return out;
}

}  // namespace fermata
