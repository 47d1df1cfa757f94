#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <fermata/core/status_line.hpp>
#include <fermata/study/trial.hpp>

namespace fermata {

/// @brief How the coordinator shows a run's progress.
enum class ProgressMode {
  kStatus,  ///< one status line redrawn in place (a terminal)
  kLines,   ///< one plain line per completed trial (pipes, files, batch logs)
};

/// @brief The mode `requested` ("auto", "status" or "lines") stands for. "auto" is kStatus
/// when stderr is a terminal whose TERM (`term`, null when unset) is not "dumb", else kLines.
/// Throws JobError for any other `requested`.
ProgressMode resolve_progress_mode(std::string_view requested, bool stderr_is_terminal,
                                   const char* term);

/// @brief resolve_progress_mode() for this process's stderr and environment. Only stderr
/// counts: under mpirun rank 0's stdout is a pseudo-terminal even when the output goes into a
/// pipe, while stderr, where progress goes, is the pipe.
ProgressMode resolve_progress_mode(std::string_view requested);

/// @brief What the progress output shows at one moment of a run.
struct ProgressState {
  double elapsed_seconds = 0.0;
  std::size_t complete = 0;  ///< complete trials
  std::size_t failed = 0;    ///< failed trials
  std::size_t running = 0;   ///< trials with folds in flight
  std::int64_t best_trial = -1;
  double best_value = kNaN;
  double regret_bound = kNaN;       ///< the criterion's latest r̄, NaN before it has one
  double statistical_error = kNaN;  ///< the criterion's latest ε
  int workers_busy = 0;
  int workers_total = 0;
  std::string stop_reason;  ///< why the criterion fired; empty until it has
};

/// @brief How a run ended, in the words of its summary line.
enum class RunEnd {
  kCriterion,    ///< the stopping criterion fired (exit 0)
  kBudget,       ///< max_trials or max_seconds spent (exit 0)
  kInterrupted,  ///< a stop signal; checkpointed and resumable (exit 75)
  kFailed,       ///< too many failed trials (exit 1)
};

/// @brief Everything the summary line at the end of a run says.
struct RunSummary {
  RunEnd end = RunEnd::kBudget;
  std::string reason;  ///< the criterion's or budget's reason, or why the run was cut short
  ProgressState state;
  std::size_t unfinished = 0;  ///< trials started but neither complete nor failed
  std::string checkpoint_path;
};

/// @brief Elapsed time as H:MM:SS.
std::string format_elapsed(double seconds);

/// @brief The status line, cut to `columns`: elapsed | trials complete, failed, running |
/// best (trial) | r̄ vs ε | workers busy/total | stop reason. When it is too wide, the
/// workers, then r̄ vs ε, then best, then the trial counts are left out, and what still does
/// not fit is cut at the end.
std::string status_text(const ProgressState& state, std::size_t columns);

/// @brief The plain line for a completed trial: its value, the best so far, r̄ vs ε, the
/// trial counts and the elapsed time. No control characters.
std::string trial_line(std::int64_t trial, double value, const ProgressState& state);

/// @brief The line that ends a run: how it ended, the trials complete, failed and unfinished,
/// the best value and trial, the elapsed time and the checkpoint.
std::string summary_line(const RunSummary& summary);

/// @brief Shows a run's progress in one of the two modes, on rank 0.
///
/// kLines logs trial_line() for every completed trial. kStatus redraws status_text() on
/// `status_line` (which the logger must write around, see init_logging) after events, at
/// most kMaxRedrawsPerSecond times a second, and every kTickSeconds so the elapsed time runs
/// on when nothing happens. `quiet` shows nothing but a summary that is a warning or error.
class ProgressDisplay {
 public:
  static constexpr double kMaxRedrawsPerSecond = 5.0;
  static constexpr double kTickSeconds = 1.0;

  /// @brief kStatus without a status line falls back to kLines.
  ProgressDisplay(ProgressMode mode, bool quiet, std::shared_ptr<StatusLine> status_line);
  /// @brief Erases the status line, so that an error printed while unwinding starts a line.
  ~ProgressDisplay();
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  /// @brief Something the status line shows has changed.
  void changed() { changed_ = true; }
  /// @brief Whether draw() is due at steady time `now` (seconds).
  bool redraw_due(double now) const;
  /// @brief Redraws the status line (kStatus only) and notes `now`.
  void draw(const ProgressState& state, double now);
  /// @brief A trial completed: its line in kLines, a redraw soon in kStatus.
  void trial_completed(std::int64_t trial, double value, const ProgressState& state);
  /// @brief Erases the status line and logs the summary: info when the run finished,
  /// a warning when it was interrupted, an error when it failed.
  void finish(const RunSummary& summary);

 private:
  ProgressMode mode_;
  bool quiet_;
  std::shared_ptr<StatusLine> status_line_;
  bool changed_ = true;
  bool finished_ = false;  ///< finish() ran: the status line stays erased
  double last_draw_ = -1e300;
};

}  // namespace fermata
