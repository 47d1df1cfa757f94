#include <fermata/runtime/progress.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

/// "r̄ 0.012 vs ε 0.034", or empty before the criterion has produced a bound.
std::string bound_text(const ProgressState& state) {
  if (!std::isfinite(state.regret_bound)) return {};
  std::string out = fmt::format("r̄ {:.3g}", state.regret_bound);
  if (std::isfinite(state.statistical_error)) {
    out += fmt::format(" vs ε {:.3g}", state.statistical_error);
  }
  return out;
}

std::string best_text(const ProgressState& state) {
  if (state.best_trial < 0) return "best -";
  return fmt::format("best {:.6g} (trial {})", state.best_value, state.best_trial);
}

std::string describe_end(const RunSummary& summary) {
  switch (summary.end) {
    case RunEnd::kCriterion:
      return "run finished by the stopping criterion: " + summary.reason;
    case RunEnd::kBudget:
      return "run finished, budget spent: " + summary.reason;
    case RunEnd::kInterrupted:
      // The reason is "interrupted by signal N".
      return "run " + summary.reason + " (exit 75, resume with --resume)";
    case RunEnd::kFailed:
      return "run failed: " + summary.reason;
  }
  return summary.reason;
}

}  // namespace

ProgressMode resolve_progress_mode(std::string_view requested, bool stderr_is_terminal,
                                   const char* term) {
  if (requested == "status") return ProgressMode::kStatus;
  if (requested == "lines") return ProgressMode::kLines;
  if (requested != "auto") {
    throw JobError("--progress: expected auto, status or lines; found '" + std::string(requested) +
                   "'");
  }
  const bool dumb = term != nullptr && std::string_view(term) == "dumb";
  return stderr_is_terminal && !dumb ? ProgressMode::kStatus : ProgressMode::kLines;
}

ProgressMode resolve_progress_mode(std::string_view requested) {
  return resolve_progress_mode(requested, ::isatty(STDERR_FILENO) == 1, std::getenv("TERM"));
}

std::string format_elapsed(double seconds) {
  const long total = std::isfinite(seconds) && seconds > 0 ? std::lround(std::floor(seconds)) : 0;
  return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
}

std::string status_text(const ProgressState& state, std::size_t columns) {
  enum Part { kElapsed, kCounts, kBest, kBound, kWorkers, kStop };
  std::vector<std::optional<std::string>> parts(kStop + 1);
  parts[kElapsed] = format_elapsed(state.elapsed_seconds);
  parts[kCounts] = fmt::format("{} complete, {} failed, {} running", state.complete, state.failed,
                               state.running);
  parts[kBest] = best_text(state);
  if (std::string bound = bound_text(state); !bound.empty()) parts[kBound] = std::move(bound);
  parts[kWorkers] = fmt::format("workers {}/{}", state.workers_busy, state.workers_total);
  if (!state.stop_reason.empty()) parts[kStop] = "stopping: " + state.stop_reason;

  const auto join = [&parts] {
    std::string out;
    for (const auto& part : parts) {
      if (!part) continue;
      if (!out.empty()) out += " | ";
      out += *part;
    }
    return out;
  };
  std::string text = join();
  // The least useful parts go first; the stop reason, last on the line, is cut rather than
  // dropped.
  for (Part part : {kWorkers, kBound, kBest, kCounts}) {
    if (display_width(text) <= columns) break;
    parts[part].reset();
    text = join();
  }
  return fit_to_width(text, columns);
}

std::string trial_line(std::int64_t trial, double value, const ProgressState& state) {
  std::string bound = bound_text(state);
  if (!bound.empty()) bound = "  " + bound;
  return fmt::format("trial {:>4} value {:.6g}  {}{}  [{} complete, {} failed, {} running]  {}",
                     trial, value, best_text(state), bound, state.complete, state.failed,
                     state.running, format_elapsed(state.elapsed_seconds));
}

std::string summary_line(const RunSummary& summary) {
  const ProgressState& s = summary.state;
  const bool cut_short = summary.end == RunEnd::kInterrupted || summary.end == RunEnd::kFailed;
  return fmt::format(
      "{}; trials {} complete, {} failed, {} unfinished; {}; elapsed {}; checkpoint {}{}",
      describe_end(summary), s.complete, s.failed, summary.unfinished, best_text(s),
      format_elapsed(s.elapsed_seconds), summary.checkpoint_path,
      cut_short ? " holds every completed fold" : "");
}

ProgressDisplay::ProgressDisplay(ProgressMode mode, bool quiet,
                                 std::shared_ptr<StatusLine> status_line)
    : mode_(status_line ? mode : ProgressMode::kLines),
      quiet_(quiet),
      status_line_(std::move(status_line)) {}

ProgressDisplay::~ProgressDisplay() {
  if (status_line_) status_line_->clear();
}

bool ProgressDisplay::redraw_due(double now) const {
  if (mode_ != ProgressMode::kStatus || quiet_ || finished_) return false;
  const double since = now - last_draw_;
  return (changed_ && since >= 1.0 / kMaxRedrawsPerSecond) || since >= kTickSeconds;
}

void ProgressDisplay::draw(const ProgressState& state, double now) {
  if (mode_ != ProgressMode::kStatus || quiet_ || finished_) return;
  // One column is kept free by StatusLine itself; the text is fitted to the rest.
  const int columns = status_line_->columns();
  status_line_->show(status_text(state, columns > 1 ? static_cast<std::size_t>(columns - 1) : 1));
  changed_ = false;
  last_draw_ = now;
}

void ProgressDisplay::trial_completed(std::int64_t trial, double value,
                                      const ProgressState& state) {
  if (quiet_) return;
  if (mode_ == ProgressMode::kLines) {
    spdlog::info("{}", trial_line(trial, value, state));
  } else {
    changed_ = true;
  }
}

void ProgressDisplay::finish(const RunSummary& summary) {
  finished_ = true;
  if (status_line_) status_line_->clear();
  const std::string line = summary_line(summary);
  switch (summary.end) {
    case RunEnd::kCriterion:
    case RunEnd::kBudget:
      if (!quiet_) spdlog::info("{}", line);
      return;
    case RunEnd::kInterrupted:
      spdlog::warn("{}", line);
      return;
    case RunEnd::kFailed:
      spdlog::error("{}", line);
      return;
  }
}

}  // namespace fermata
