#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/html_charts.hpp"
#include "report/markup.hpp"
#include "report/svg_chart.hpp"

namespace fermata::html_charts {
namespace {

/// The time unit of the axis: seconds, minutes or hours, whichever keeps tick labels short.
struct TimeUnit {
  double seconds;
  const char* name;
};

TimeUnit unit_for(double span_seconds) {
  if (span_seconds >= 3 * 3600) return {3600, "h"};
  if (span_seconds >= 180) return {60, "min"};
  return {1, "s"};
}

bool any_fold_dispatched(const ReportModel& m) {
  return std::any_of(m.trials.begin(), m.trials.end(),
                     [](const ReportTrial& t) { return std::isfinite(t.started_utc); });
}

std::string lane_label(const ReportWorker& lane) {
  if (lane.rank < 0) return "worker not recorded";
  if (!std::isfinite(lane.busy_fraction)) return fmt::format("rank {}", lane.rank);
  return fmt::format("rank {} · {:.0f}% busy", lane.rank, 100 * lane.busy_fraction);
}

/// Greedy interval colouring: the track of each segment (in start order) such that segments
/// on one track do not overlap, and the number of tracks. A worker runs one fold at a time,
/// so its lane has one track; the lane of running folds whose worker is not recorded
/// stacks them instead of drawing them over each other.
std::pair<std::vector<int>, int> tracks(const std::vector<ReportSegment>& segments) {
  std::vector<int> track;
  std::vector<double> track_end;
  for (const ReportSegment& s : segments) {
    std::size_t t = 0;
    while (t < track_end.size() && track_end[t] > s.start_utc) ++t;
    if (t == track_end.size()) track_end.push_back(s.end_utc);
    track_end[t] = s.end_utc;
    track.push_back(static_cast<int>(t));
  }
  return {track, std::max<int>(1, static_cast<int>(track_end.size()))};
}

/// The lanes in drawing order: ranks ascending, the lane of unrecorded workers last.
std::vector<const ReportWorker*> drawing_order(const ReportWorkers& w) {
  std::vector<const ReportWorker*> out;
  for (const ReportWorker& l : w.lanes) {
    if (l.rank >= 0) out.push_back(&l);
  }
  for (const ReportWorker& l : w.lanes) {
    if (l.rank < 0) out.push_back(&l);
  }
  return out;
}

}  // namespace

std::string workers_chart(const ReportModel& m) {
  const ReportWorkers& w = m.workers;
  svg::Frame frame;
  frame.left = 150;
  frame.top = 12;
  // Lanes shrink as workers grow, down to a height that still shows a bar: 256 workers fit
  // in about 2000 units.
  const double lanes = static_cast<double>(w.lanes.size());
  const double lane = std::clamp(480.0 / std::max(lanes, 1.0), 8.0, 24.0);
  frame.height = w.lanes.empty() ? 120 : frame.top + lanes * lane + frame.bottom;
  std::string out = svg::open("chart-workers", frame, "Folds on each worker over time");
  if (w.lanes.empty()) {
    const std::string why = any_fold_dispatched(m)
                                ? "fold times are not recorded in this checkpoint (written by an "
                                  "older fermata): no worker timeline"
                                : "no fold has been dispatched yet";
    return out + svg::note(frame, why) + "</svg>\n";
  }
  const double span = std::isfinite(w.span_seconds) && w.span_seconds > 0 ? w.span_seconds : 1;
  const TimeUnit unit = unit_for(span);
  const svg::Scale x = svg::Scale::linear(0, span / unit.seconds, frame.x_begin(), frame.x_end());
  out += svg::x_axis(frame, x, x.ticks(10), markup::short_number,
                     fmt::format("time since the first dispatch ({})", unit.name));
  const double font = std::min(12.0, lane * 0.8);
  const std::vector<const ReportWorker*> order = drawing_order(w);
  for (std::size_t r = 0; r < order.size(); ++r) {
    const ReportWorker& l = *order[r];
    const double top = frame.top + static_cast<double>(r) * lane;
    const auto [track, track_count] = tracks(l.segments);
    const double bar = (lane - 2) / track_count;
    out += fmt::format("<g class=\"worker-lane\" data-rank=\"{}\">", l.rank);
    out += fmt::format(
        "<text x=\"{}\" y=\"{}\" class=\"lane-label\" text-anchor=\"end\" "
        "font-size=\"{}\">{}</text>",
        svg::px(frame.x_begin() - 6), svg::px(top + lane / 2 + font / 3), svg::px(font),
        markup::escape(lane_label(l)));
    for (std::size_t i = 0; i < l.segments.size(); ++i) {
      const ReportSegment& s = l.segments[i];
      const double x0 = x((s.start_utc - w.start_utc) / unit.seconds);
      const double x1 = x((s.end_utc - w.start_utc) / unit.seconds);
      out += fmt::format(
          "<rect class=\"fold-bar{}{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>"
          "trial {}, fold {}: {}{}</title></rect>",
          s.running ? " running" : "", s.trial % 2 == 1 ? " alt" : "", svg::px(x0),
          svg::px(top + 1 + track[i] * bar), svg::px(std::max(x1 - x0, 0.6)), svg::px(bar), s.trial,
          s.fold, markup::duration(s.end_utc - s.start_utc), s.running ? ", running" : "");
    }
    out += "</g>\n";
  }
  return out + "</svg>\n";
}

}  // namespace fermata::html_charts
