#include <algorithm>
#include <cmath>
#include <map>

#include "report/report_parts.hpp"

namespace fermata::report_detail {
namespace {

/// Seconds covered by the union of the lane's segments (sorted by start), so that a fold
/// re-dispatched after a resume, or clocks that overlap two folds, never count twice.
double busy_seconds(const std::vector<ReportSegment>& segments) {
  double busy = 0.0;
  double open_start = kNaN, open_end = kNaN;
  for (const ReportSegment& s : segments) {
    if (std::isnan(open_start) || s.start_utc > open_end) {
      if (!std::isnan(open_start)) busy += open_end - open_start;
      open_start = s.start_utc;
      open_end = s.end_utc;
    } else {
      open_end = std::max(open_end, s.end_utc);
    }
  }
  if (!std::isnan(open_start)) busy += open_end - open_start;
  return busy;
}

}  // namespace

ReportWorkers build_workers(const Study& study) {
  std::map<int, std::vector<ReportSegment>> lanes;
  for (const Trial& t : study.trials) {
    const bool in_flight = t.state == TrialState::kPending || t.state == TrialState::kRunning;
    for (int fold = 0; fold < t.folds(); ++fold) {
      const auto k = static_cast<std::size_t>(fold);
      if (k >= t.fold_started.size() || k >= t.fold_finished.size()) continue;
      const double start = t.fold_started[k];
      const double end = t.fold_finished[k];
      if (!std::isfinite(start)) continue;  // never dispatched, or a checkpoint without times
      const int rank = k < t.fold_worker.size() && t.fold_worker[k] >= 0 ? t.fold_worker[k] : -1;
      if (t.fold_done(fold) && std::isfinite(end)) {
        lanes[rank].push_back({t.id, fold, start, std::max(start, end), false});
      } else if (in_flight && !t.fold_done(fold)) {
        // Dispatched without a result: running when the checkpoint was written. A failed
        // trial's unfinished folds are left out: neither their worker nor their end is known.
        const double until = std::isfinite(study.updated_utc) ? study.updated_utc : start;
        lanes[rank].push_back({t.id, fold, start, std::max(start, until), true});
      }
    }
  }

  ReportWorkers out;
  double first = INFINITY, last = -INFINITY;
  for (auto& [rank, segments] : lanes) {
    std::sort(segments.begin(), segments.end(), [](const ReportSegment& a, const ReportSegment& b) {
      return a.start_utc < b.start_utc || (a.start_utc == b.start_utc && a.trial < b.trial);
    });
    for (const ReportSegment& s : segments) {
      first = std::min(first, s.start_utc);
      last = std::max(last, s.end_utc);
    }
  }
  if (lanes.empty()) return out;
  out.start_utc = first;
  out.end_utc = last;
  out.span_seconds = last - first;
  double busy_known = 0.0;
  std::size_t known = 0;
  for (auto& [rank, segments] : lanes) {
    ReportWorker lane;
    lane.rank = rank;
    lane.busy_seconds = busy_seconds(segments);
    if (out.span_seconds > 0) lane.busy_fraction = lane.busy_seconds / out.span_seconds;
    lane.segments = std::move(segments);
    if (rank >= 0) {
      busy_known += lane.busy_seconds;
      ++known;
    }
    out.lanes.push_back(std::move(lane));
  }
  if (known > 0 && out.span_seconds > 0) {
    out.utilization = busy_known / (static_cast<double>(known) * out.span_seconds);
  }
  return out;
}

}  // namespace fermata::report_detail
