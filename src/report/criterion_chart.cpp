#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "report/html_charts.hpp"
#include "report/markup.hpp"
#include "report/svg_chart.hpp"

namespace fermata::html_charts {
namespace {

const std::vector<double>& column(const ReportCriterion& c, const std::string& name) {
  static const std::vector<double> kEmpty;
  const auto it = c.history.find(name);
  return it == c.history.end() ? kEmpty : it->second;
}

bool any_positive(const std::vector<double>& values) {
  return std::any_of(values.begin(), values.end(),
                     [](double v) { return std::isfinite(v) && v > 0; });
}

/// The prefix of the columns to plot: the acting criterion's own ("") when it records a
/// regret bound, else the first monitor that does ("regret-bound."), else none.
std::optional<std::string> bound_prefix(const ReportModel& m) {
  std::vector<std::string> prefixes{""};
  for (const ReportDecisions& d : m.decisions) {
    if (!d.acting) prefixes.push_back(d.label + ".");
  }
  for (const std::string& p : prefixes) {
    if (any_positive(column(m.criterion, p + "regret_bound")) ||
        any_positive(column(m.criterion, p + "statistical_error"))) {
      return p;
    }
  }
  return std::nullopt;
}

/// The n_trials range of the history, widened to whole evaluations at both ends.
std::pair<double, double> n_range(const ReportCriterion& c) {
  double lo = INFINITY, hi = -INFINITY;
  for (double n : column(c, "n_trials")) {
    if (!std::isfinite(n)) continue;
    lo = std::min(lo, n);
    hi = std::max(hi, n);
  }
  if (!(lo <= hi)) return {0.5, 1.5};
  return {lo - 0.5, hi + 0.5};
}

std::vector<double> whole(std::vector<double> ticks) {
  std::erase_if(ticks, [](double t) { return t != std::floor(t); });
  return ticks;
}

/// Where the run stopped: at the criterion's first stop decision, or, when a budget ended the
/// run, at its last evaluation (class "budget"), so that the chart shows that the criterion
/// never fired. Nothing while the run has not stopped.
std::string stop_marker(const svg::Frame& frame, const svg::Scale& x, const ReportCriterion& c) {
  double at = c.stop_n_trials;
  std::string label = "stopped at " + markup::short_number(at) + " trials";
  const bool budget = !std::isfinite(at) && c.stopped;
  if (budget) {
    for (double n : column(c, "n_trials")) {
      if (std::isfinite(n)) at = n;
    }
    label = c.reason.empty() ? "budget spent" : c.reason;
  }
  if (!std::isfinite(at)) return {};
  const double sx = x(at);
  std::string out = fmt::format(
      "<line class=\"stop-marker{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"><title>{}</title>"
      "</line>",
      budget ? " budget" : "", svg::px(sx), svg::px(frame.y_top()), svg::px(sx),
      svg::px(frame.y_bottom()), markup::escape(c.reason));
  const bool right_half = sx > (frame.x_begin() + frame.x_end()) / 2;
  out += svg::text(right_half ? sx - 6 : sx + 6, frame.y_top() + 14, label,
                   budget ? "stop-label budget" : "stop-label", right_half ? "end" : "start");
  return out + "\n";
}

}  // namespace

std::string criterion_chart(const ReportModel& m) {
  svg::Frame frame;
  frame.height = 320;
  std::string out =
      svg::open("chart-criterion", frame, "Regret bound and statistical error over trials");
  const ReportCriterion& c = m.criterion;
  if (c.rows == 0) return out + svg::note(frame, "no criterion evaluations yet") + "</svg>\n";

  const auto [n_lo, n_hi] = n_range(c);
  const svg::Scale x = svg::Scale::linear(n_lo, n_hi, frame.x_begin(), frame.x_end());
  const std::vector<double>& n_trials = column(c, "n_trials");
  const std::optional<std::string> prefix = bound_prefix(m);
  double lo = INFINITY, hi = -INFINITY;
  if (prefix) {
    for (const char* name : {"regret_bound", "statistical_error"}) {
      for (double v : column(c, *prefix + name)) {
        if (!std::isfinite(v) || v <= 0) continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    }
  }
  const bool plotted = lo <= hi;
  // A third of a decade of room around the data, so that lines never run along the frame.
  const svg::Scale y = plotted ? svg::Scale::log10(lo / 2, hi * 2, frame.y_bottom(), frame.y_top())
                               : svg::Scale::log10(0.1, 10, frame.y_bottom(), frame.y_top());
  out += svg::x_axis(frame, x, whole(x.ticks(10)), markup::short_number,
                     "completed trials (n_trials)");
  if (plotted) {
    out += svg::y_axis(frame, y, y.ticks(6), markup::short_number, "objective units (log)");
    const std::string source = prefix->empty() ? c.acting : prefix->substr(0, prefix->size() - 1);
    out += svg::legend(frame, {{"key-regret", "regret bound (" + source + ")", true},
                               {"key-stat", "statistical error", true}});
    for (const auto& [name, css] : {std::pair{"regret_bound", "regret-bound"},
                                    std::pair{"statistical_error", "statistical-error"}}) {
      const std::vector<double>& values = column(c, *prefix + name);
      std::vector<std::pair<double, double>> points;
      for (std::size_t row = 0; row < c.rows; ++row) {
        // Zero, negative and missing values have no place on a log scale: skipped.
        if (std::isfinite(values[row]) && values[row] > 0 && std::isfinite(n_trials[row])) {
          points.emplace_back(x(n_trials[row]), y(values[row]));
        }
      }
      out += fmt::format("<path class=\"{}\" d=\"{}\"/>\n", css, svg::line_path(points));
    }
  } else {
    out += svg::note(frame, "no regret bound or statistical error recorded by " + c.acting);
  }
  out += stop_marker(frame, x, c);
  return out + "</svg>\n";
}

std::string decisions_chart(const ReportModel& m) {
  constexpr double kRow = 26;
  svg::Frame frame;
  frame.left = 230;
  frame.right = 150;
  frame.top = 12;
  const double rows = static_cast<double>(m.decisions.size());
  // At least three rows high, so that a single criterion still reads as a chart; the rows
  // sit on the axis.
  const double first_row = frame.top + (std::max(rows, 3.0) - rows) * kRow;
  frame.height = first_row + rows * kRow + frame.bottom;
  const ReportCriterion& c = m.criterion;
  std::string out = svg::open("chart-decisions", frame, "Each criterion's decision per evaluation");
  if (c.rows == 0) return out + svg::note(frame, "no criterion evaluations yet") + "</svg>\n";
  const auto [n_lo, n_hi] = n_range(c);
  const svg::Scale x = svg::Scale::linear(n_lo, n_hi, frame.x_begin(), frame.x_end());
  out += svg::x_axis(frame, x, whole(x.ticks(10)), markup::short_number,
                     "completed trials (n_trials)");
  for (std::size_t r = 0; r < m.decisions.size(); ++r) {
    const ReportDecisions& d = m.decisions[r];
    const double top = first_row + static_cast<double>(r) * kRow;
    const std::string name = d.label + (d.acting ? " (acting)" : "");
    out += fmt::format("<g class=\"decision-row{}\" data-criterion=\"{}\"><title>{}</title>",
                       d.acting ? " acting" : "", markup::escape(d.label), markup::escape(name));
    const std::string shown = name.size() > 34 ? name.substr(0, 33) + "…" : name;
    out += svg::text(frame.x_begin() - 8, top + kRow / 2 + 4, shown, "row-label", "end");
    // Runs of equal decisions over consecutive evaluations, one rect each: compact for
    // thousands of evaluations, and a gap wherever a criterion was not evaluated.
    std::size_t row = 0;
    while (row < d.decisions.size()) {
      const double decision = d.decisions[row];
      std::size_t end = row + 1;
      while (end < d.decisions.size() && d.decisions[end] == decision &&
             d.n_trials[end] == d.n_trials[end - 1] + 1) {
        ++end;
      }
      if ((decision == 0 || decision == 1) && std::isfinite(d.n_trials[row])) {
        const double x0 = x(d.n_trials[row] - 0.5), x1 = x(d.n_trials[end - 1] + 0.5);
        const bool stop = decision == 1;
        out += fmt::format(
            "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{} at n = {}"
            "{}</title></rect>",
            stop ? "decision-stop" : "decision-continue", svg::px(x0), svg::px(top + 5),
            svg::px(std::max(x1 - x0, 0.5)), svg::px(kRow - 10), stop ? "stop" : "continue",
            markup::short_number(d.n_trials[row]),
            end - row > 1 ? "–" + markup::short_number(d.n_trials[end - 1]) : "");
      }
      row = end;
    }
    const bool stops = std::isfinite(d.first_stop_n_trials);
    if (stops) {
      const double fx = x(d.first_stop_n_trials);
      out += fmt::format("<path class=\"first-stop\" d=\"M{} {}V{}\"/>", svg::px(fx),
                         svg::px(top + 2), svg::px(top + kRow - 2));
    }
    out +=
        svg::text(frame.x_end() + 8, top + kRow / 2 + 4,
                  stops ? "stops at " + markup::short_number(d.first_stop_n_trials) : "never stops",
                  stops ? "first-stop-label" : "no-stop-label");
    out += "</g>\n";
  }
  return out + "</svg>\n";
}

}  // namespace fermata::html_charts
