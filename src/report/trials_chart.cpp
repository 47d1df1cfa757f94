#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/html_charts.hpp"
#include "report/markup.hpp"
#include "report/svg_chart.hpp"

namespace fermata::html_charts {
namespace {

/// Tick labels of a count axis: whole numbers only.
std::vector<double> whole(std::vector<double> ticks) {
  std::erase_if(ticks, [](double t) { return t != std::floor(t); });
  return ticks;
}

/// Where a failed trial goes on the completion axis: just after the complete trials that
/// finished before it (at the end when its finish time is unknown).
double failed_position(const ReportModel& m, const ReportTrial& failed) {
  if (!std::isfinite(failed.finished_utc)) return static_cast<double>(m.progress.size()) + 0.5;
  std::size_t before = 0;
  for (const ReportTrial& t : m.trials) {
    if (t.state == "complete" && t.finished_utc <= failed.finished_utc) ++before;
  }
  return static_cast<double>(before) + 0.5;
}

}  // namespace

std::string trials_chart(const ReportModel& m) {
  svg::Frame frame;
  frame.height = 340;
  std::string out = svg::open("chart-trials", frame, "Validation error per completed trial");
  std::vector<const ReportTrial*> failed;
  for (const ReportTrial& t : m.trials) {
    if (t.state == "failed") failed.push_back(&t);
  }
  const std::size_t n = m.progress.size();
  if (n == 0 && failed.empty() && m.pending_trials.empty()) {
    return out + svg::note(frame, "no trial has been started yet") + "</svg>\n";
  }

  double lo = INFINITY, hi = -INFINITY;
  bool has_test = false;
  for (const ReportProgress& p : m.progress) {
    for (double v : {p.value, p.best_value, p.incumbent_test_error}) {
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    has_test = has_test || std::isfinite(p.incumbent_test_error);
  }
  if (!(lo <= hi)) {  // nothing completed yet: an empty unit range under the markers
    lo = 0;
    hi = 1;
  }
  const auto [y_lo, y_hi] = svg::padded(lo, hi, 0.05);
  const svg::Scale y = svg::Scale::linear(y_lo, y_hi, frame.y_bottom(), frame.y_top());
  const double slots = static_cast<double>(n + m.pending_trials.size());
  const svg::Scale x =
      svg::Scale::linear(0.5, std::max(slots, 1.0) + 0.5, frame.x_begin(), frame.x_end());

  out += svg::y_axis(frame, y, y.ticks(6), markup::short_number, "mean CV error");
  out += svg::x_axis(frame, x, whole(x.ticks(10)), markup::short_number,
                     "completed trials, in completion order");

  std::vector<svg::LegendEntry> legend{{"key-trial", "validation error", false},
                                       {"key-best", "best so far", true}};
  if (has_test) legend.push_back({"key-test", "incumbent test error", true});
  if (!failed.empty()) legend.push_back({"key-failed", "failed trial", false});
  if (!m.pending_trials.empty()) legend.push_back({"key-pending", "pending / running", true});
  out += svg::legend(frame, legend);

  // Large studies get smaller dots, so that a thousand trials stay readable.
  const double radius = n > 400 ? 1.8 : n > 100 ? 2.5 : 3.5;
  std::vector<std::pair<double, double>> best, test;
  out += "<g class=\"trial-points\">";
  for (std::size_t i = 0; i < n; ++i) {
    const ReportProgress& p = m.progress[i];
    const double cx = x(static_cast<double>(i + 1));
    out += fmt::format(
        "<circle class=\"trial-point\" cx=\"{}\" cy=\"{}\" r=\"{}\"><title>trial {}: {}"
        "</title></circle>",
        svg::px(cx), svg::px(y(p.value)), svg::px(radius), p.trial, markup::number(p.value));
    best.emplace_back(cx, y(p.best_value));
    test.emplace_back(cx, std::isfinite(p.incumbent_test_error) ? y(p.incumbent_test_error) : NAN);
  }
  out += "</g>\n";
  if (n > 0) {
    // Carried to the right end, so the last incumbent's level stays visible.
    best.emplace_back(x(static_cast<double>(n) + 0.5), best.back().second);
    test.emplace_back(x(static_cast<double>(n) + 0.5), test.back().second);
    out += fmt::format("<path class=\"best-so-far\" d=\"{}\"/>\n", svg::step_path(best));
    if (has_test) {
      out += fmt::format("<path class=\"test-error\" d=\"{}\"/>\n", svg::step_path(test));
    }
  }
  for (const ReportTrial* t : failed) {
    const double cx = x(failed_position(m, *t));
    const double cy = frame.y_top() + 6;
    out += fmt::format(
        "<path class=\"failed-trial\" d=\"M{} {}l8 8M{} {}l-8 8\"><title>trial {} failed: {}"
        "</title></path>",
        svg::px(cx - 4), svg::px(cy - 4), svg::px(cx + 4), svg::px(cy - 4), t->id,
        markup::escape(t->message));
  }
  for (std::size_t j = 0; j < m.pending_trials.size(); ++j) {
    const ReportTrial& t = m.trials[m.pending_trials[j]];
    const double cx = x(static_cast<double>(n + j + 1));
    out += fmt::format(
        "<path class=\"pending-trial\" d=\"M{} {}v-14\"><title>trial {}: {}, {} of {} folds "
        "done</title></path>",
        svg::px(cx), svg::px(frame.y_bottom()), t.id, t.state, t.folds_done, t.fold_errors.size());
  }
  return out + "</svg>\n";
}

}  // namespace fermata::html_charts
