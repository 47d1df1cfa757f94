#include <fermata/runtime/progress.hpp>

#include <memory>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <fermata/core/error.hpp>
#include <fermata/core/status_line_sink.hpp>

namespace fermata {
namespace {

constexpr const char* kErase = "\r\033[K";

ProgressState sample_state() {
  ProgressState s;
  s.elapsed_seconds = 65.4;
  s.complete = 12;
  s.failed = 1;
  s.running = 2;
  s.best_trial = 7;
  s.best_value = 0.0123;
  s.regret_bound = 0.05;
  s.statistical_error = 0.02;
  s.workers_busy = 3;
  s.workers_total = 4;
  return s;
}

/// The first byte that a plain log line must not hold (a control character other than
/// newline, or DEL), or -1.
int first_control_byte(const std::string& text) {
  for (unsigned char c : text) {
    if ((c < 0x20 && c != '\n') || c == 0x7f) return c;
  }
  return -1;
}

TEST(ResolveProgressMode, AutoIsAStatusLineOnlyOnATerminalThatIsNotDumb) {
  EXPECT_EQ(resolve_progress_mode("auto", true, "xterm-256color"), ProgressMode::kStatus);
  EXPECT_EQ(resolve_progress_mode("auto", true, nullptr), ProgressMode::kStatus);
  EXPECT_EQ(resolve_progress_mode("auto", true, "dumb"), ProgressMode::kLines);
  EXPECT_EQ(resolve_progress_mode("auto", false, "xterm"), ProgressMode::kLines);
}

TEST(ResolveProgressMode, AnExplicitModeWinsOverTheTerminal) {
  EXPECT_EQ(resolve_progress_mode("lines", true, "xterm"), ProgressMode::kLines);
  EXPECT_EQ(resolve_progress_mode("status", false, "dumb"), ProgressMode::kStatus);
}

TEST(ResolveProgressMode, AnUnknownModeIsAJobErrorNamingTheChoices) {
  try {
    resolve_progress_mode("fancy", true, "xterm");
    FAIL() << "expected a JobError";
  } catch (const JobError& e) {
    EXPECT_NE(std::string(e.what()).find("auto, status or lines; found 'fancy'"),
              std::string::npos);
  }
}

TEST(FormatElapsed, IsHoursMinutesSeconds) {
  EXPECT_EQ(format_elapsed(0.0), "0:00:00");
  EXPECT_EQ(format_elapsed(65.9), "0:01:05");
  EXPECT_EQ(format_elapsed(3725.0), "1:02:05");
  EXPECT_EQ(format_elapsed(kNaN), "0:00:00");
}

TEST(StatusText, ShowsElapsedCountsBestBoundWorkersAndStopReason) {
  ProgressState s = sample_state();
  s.stop_reason = "regret bound below statistical error";
  EXPECT_EQ(status_text(s, 500),
            "0:01:05 | 12 complete, 1 failed, 2 running | best 0.0123 (trial 7) | "
            "r̄ 0.05 vs ε 0.02 | workers 3/4 | stopping: regret bound below statistical error");
}

TEST(StatusText, LeavesOutTheBoundBeforeTheCriterionHasOne) {
  ProgressState s = sample_state();
  s.regret_bound = kNaN;
  s.statistical_error = kNaN;
  s.best_trial = -1;
  EXPECT_EQ(status_text(s, 500),
            "0:01:05 | 12 complete, 1 failed, 2 running | best - | "
            "workers 3/4");
}

TEST(StatusText, NeverTakesMoreColumnsThanGiven) {
  ProgressState s = sample_state();
  s.stop_reason = "a long reason that the criterion gave for stopping the run right now";
  for (std::size_t columns = 1; columns <= 200; ++columns) {
    EXPECT_LE(display_width(status_text(s, columns)), columns) << columns;
  }
}

TEST(StatusText, DropsWorkersThenTheBoundWhenNarrow) {
  const ProgressState s = sample_state();
  const std::string full = status_text(s, 500);
  const std::size_t width = display_width(full);
  const std::string no_workers = status_text(s, width - 1);
  EXPECT_EQ(no_workers.find("workers"), std::string::npos);
  EXPECT_NE(no_workers.find("r̄ 0.05"), std::string::npos);
  const std::string no_bound = status_text(s, display_width(no_workers) - 1);
  EXPECT_EQ(no_bound, "0:01:05 | 12 complete, 1 failed, 2 running | best 0.0123 (trial 7)");
}

TEST(TrialLine, HasTheTrialItsValueTheBestTheBoundCountsAndElapsedTime) {
  const std::string line = trial_line(12, 0.25, sample_state());
  EXPECT_EQ(line,
            "trial   12 value 0.25  best 0.0123 (trial 7)  r̄ 0.05 vs ε 0.02  "
            "[12 complete, 1 failed, 2 running]  0:01:05");
  EXPECT_EQ(first_control_byte(line), -1);
}

TEST(SummaryLine, SaysHowTheRunEndedAndWhereTheCheckpointIs) {
  RunSummary summary{RunEnd::kCriterion, "r̄ < ε at 12 trials", sample_state(), 3, "runs/a.h5"};
  EXPECT_EQ(summary_line(summary),
            "run finished by the stopping criterion: r̄ < ε at 12 trials; trials 12 complete, "
            "1 failed, 3 unfinished; best 0.0123 (trial 7); elapsed 0:01:05; checkpoint "
            "runs/a.h5");
  summary.end = RunEnd::kBudget;
  EXPECT_NE(summary_line(summary).find("run finished, budget spent: "), std::string::npos);
  summary.end = RunEnd::kInterrupted;
  summary.reason = "interrupted by signal 15";
  const std::string interrupted = summary_line(summary);
  EXPECT_EQ(interrupted.rfind("run interrupted by signal 15 (exit 75, resume with --resume); ", 0),
            0u);
  EXPECT_NE(interrupted.find("runs/a.h5 holds every completed fold"), std::string::npos);
  summary.end = RunEnd::kFailed;
  EXPECT_EQ(summary_line(summary).rfind("run failed: ", 0), 0u);
  EXPECT_EQ(first_control_byte(summary_line(summary)), -1);
}

/// Captures what spdlog logs while a test runs ("level message" per line).
class ProgressDisplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_ = spdlog::default_logger();
    use_sink(std::make_shared<spdlog::sinks::ostream_sink_mt>(log_));
  }
  void TearDown() override { spdlog::set_default_logger(previous_); }
  void use_sink(spdlog::sink_ptr sink) {
    auto logger = std::make_shared<spdlog::logger>("progress-test", std::move(sink));
    logger->set_pattern("%l %v");
    spdlog::set_default_logger(logger);
  }
  /// A status line that writes into `screen_`, 200 columns wide.
  std::shared_ptr<StatusLine> screen() {
    return std::make_shared<StatusLine>([this](std::string_view b) { screen_ += b; },
                                        [] { return 200; });
  }

  std::ostringstream log_;
  std::string screen_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(ProgressDisplayTest, LinesModeLogsOneLinePerTrialAndTheSummary) {
  ProgressDisplay display(ProgressMode::kLines, false, nullptr);
  EXPECT_FALSE(display.redraw_due(100.0));
  display.trial_completed(12, 0.25, sample_state());
  display.finish({RunEnd::kBudget, "budget.max_trials (12) reached", sample_state(), 0, "a.h5"});
  EXPECT_EQ(log_.str(), "info " + trial_line(12, 0.25, sample_state()) + "\ninfo " +
                            summary_line({RunEnd::kBudget, "budget.max_trials (12) reached",
                                          sample_state(), 0, "a.h5"}) +
                            "\n");
}

TEST_F(ProgressDisplayTest, StatusModeWithoutAStatusLineFallsBackToLines) {
  ProgressDisplay display(ProgressMode::kStatus, false, nullptr);
  EXPECT_FALSE(display.redraw_due(100.0));
  display.trial_completed(3, 0.5, sample_state());
  EXPECT_NE(log_.str().find("trial    3 value 0.5"), std::string::npos);
}

TEST_F(ProgressDisplayTest, QuietShowsNothingButASummaryThatIsAWarning) {
  auto line = screen();
  ProgressDisplay display(ProgressMode::kStatus, true, line);
  EXPECT_FALSE(display.redraw_due(100.0));
  display.draw(sample_state(), 100.0);
  display.trial_completed(1, 0.5, sample_state());
  display.finish({RunEnd::kCriterion, "fired", sample_state(), 0, "a.h5"});
  EXPECT_EQ(log_.str(), "");
  EXPECT_EQ(screen_, "");
  display.finish({RunEnd::kInterrupted, "interrupted by signal 10", sample_state(), 2, "a.h5"});
  EXPECT_EQ(log_.str().rfind("warning run interrupted by signal 10", 0), 0u);
}

TEST_F(ProgressDisplayTest, StatusRedrawsAfterChangesAtMostFiveTimesASecondAndTicksEachSecond) {
  auto line = screen();
  ProgressDisplay display(ProgressMode::kStatus, false, line);
  EXPECT_TRUE(display.redraw_due(10.0));  // nothing drawn yet
  display.draw(sample_state(), 10.0);
  EXPECT_FALSE(display.redraw_due(10.5));  // unchanged, and the second has not passed
  EXPECT_TRUE(display.redraw_due(11.0));   // the elapsed time ticks
  display.draw(sample_state(), 11.0);
  display.changed();
  EXPECT_FALSE(display.redraw_due(11.1));  // too soon after the last draw
  EXPECT_TRUE(display.redraw_due(11.25));
  display.trial_completed(4, 0.5, sample_state());
  EXPECT_EQ(log_.str(), "");  // a trial only marks the line for a redraw
  EXPECT_EQ(screen_, std::string(kErase) + status_text(sample_state(), 199) + kErase +
                         status_text(sample_state(), 199));
}

TEST_F(ProgressDisplayTest, FinishErasesTheStatusLineBeforeTheSummaryAndDrawsNoMore) {
  auto line = screen();
  use_sink(std::make_shared<StatusLineSink>(line, false));
  ProgressDisplay display(ProgressMode::kStatus, false, line);
  display.draw(sample_state(), 1.0);
  const RunSummary summary{RunEnd::kBudget, "budget spent", sample_state(), 0, "a.h5"};
  display.finish(summary);
  EXPECT_EQ(screen_, std::string(kErase) + status_text(sample_state(), 199) + kErase + "info " +
                         summary_line(summary) + "\n");
  EXPECT_FALSE(display.redraw_due(100.0));
}

TEST_F(ProgressDisplayTest, DestructionErasesAStatusLineLeftOnScreen) {
  auto line = screen();
  {
    ProgressDisplay display(ProgressMode::kStatus, false, line);
    display.draw(sample_state(), 1.0);
  }
  EXPECT_FALSE(line->shown());
  EXPECT_EQ(screen_.substr(screen_.size() - 4), kErase);
}

}  // namespace
}  // namespace fermata
