#include <fermata/report/html_report.hpp>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/html_charts.hpp"
#include "report/html_style.hpp"
#include "report/markup.hpp"

namespace fermata {
namespace {

using markup::escape;

/// Failed trials listed with their message; more are counted, not listed.
constexpr std::size_t kFailedShown = 20;

std::string figure(const std::string& term, const std::string& value) {
  return fmt::format("<div><dt>{}</dt><dd>{}</dd></div>", escape(term), escape(value));
}

std::string status_line(const ReportModel& m) {
  const ReportStatus& s = m.status;
  std::string label, detail;
  if (s.state == "stopped") {
    label = "Stopped";
    detail = s.reason;
  } else if (s.state == "finished") {
    label = "Finished";
    detail = s.reason.empty() ? "no trial left to run" : s.reason;
  } else if (s.pending + s.running > 0) {
    label = "Incomplete";
    detail = fmt::format(
        "{} pending and {} running trial(s): the run is in progress, or was interrupted and "
        "continues with fermata run --resume",
        s.pending, s.running);
  } else {
    label = "Incomplete";
    detail =
        "the run has not recorded an end: it is in progress, or it was interrupted or ended by "
        "failed trials, and continues with fermata run --resume";
  }
  return fmt::format("<span class=\"status status-{}\">{}</span><p class=\"reason\">{}</p>\n",
                     escape(s.state), label, escape(detail));
}

std::string summary(const ReportModel& m) {
  const ReportStatus& s = m.status;
  std::string out = "<section id=\"summary\">\n<h2>Summary</h2>\n" + status_line(m);
  out += "<dl class=\"figures\">";
  out += figure("Trials", fmt::format("{} complete, {} failed, {} pending, {} running", s.complete,
                                      s.failed, s.pending, s.running));
  if (m.best) {
    const ReportTrial& best = m.trials[*m.best];
    out +=
        figure("Best CV error", fmt::format("{} (trial {})", markup::number(best.value), best.id));
    out += figure("Statistical error", markup::number(m.best_statistical_error));
    out += figure("Test error", markup::number(best.test_error));
  } else {
    out += figure("Best CV error", "no trial has completed yet");
  }
  const ReportCriterion& c = m.criterion;
  out += figure("Criterion", std::isfinite(c.stop_n_trials)
                                 ? fmt::format("{}, stopped at {} trials", c.acting,
                                               markup::short_number(c.stop_n_trials))
                                 : fmt::format("{}, {} evaluation(s)", c.acting, c.rows));
  out += figure("Training time", markup::duration(m.training_seconds));
  out += figure("Wall time", markup::duration(m.wall_seconds));
  const auto known_workers = std::count_if(m.workers.lanes.begin(), m.workers.lanes.end(),
                                           [](const ReportWorker& lane) { return lane.rank >= 0; });
  out += figure("Worker utilization", std::isfinite(m.workers.utilization)
                                          ? fmt::format("{:.0f}% of {} worker(s)",
                                                        100 * m.workers.utilization, known_workers)
                                          : std::string("–"));
  out += figure("Folds / seed", fmt::format("{} / {}", m.study.folds, m.study.seed));
  if (!m.study.classes.empty()) out += figure("Classes", m.study.classes);
  out += figure("Created", markup::utc(m.study.created_utc));
  out += figure("Updated", markup::utc(m.study.updated_utc));
  return out + "</dl>\n</section>\n";
}

std::string chart_section(const std::string& title, const std::string& caption,
                          const std::string& chart) {
  return fmt::format("<section>\n<h2>{}</h2>\n<p class=\"caption\">{}</p>\n{}</section>\n",
                     escape(title), escape(caption), chart);
}

std::string param_headers(const ReportModel& m) {
  std::string out;
  for (const ReportParameter& p : m.study.space) out += "<th>" + escape(p.name) + "</th>";
  return out;
}

std::string param_cells(const ReportTrial& t) {
  std::string out;
  for (const ReportValue& v : t.params) out += "<td>" + escape(markup::value_text(v)) + "</td>";
  return out;
}

std::string best_table(const ReportModel& m) {
  std::string out =
      "<section>\n<h2>Best trials</h2>\n<p class=\"caption\">The complete trials with the lowest "
      "mean CV error. A test error is known for trials that were the incumbent when they "
      "completed.</p>\n<div class=\"table-wrap\"><table id=\"best-trials\">\n<thead><tr>"
      "<th class=\"num\">rank</th><th class=\"num\">trial</th><th class=\"num\">CV error</th>"
      "<th class=\"num\">test error</th>" +
      param_headers(m) + "<th>fold errors</th></tr></thead>\n<tbody>\n";
  for (std::size_t rank = 0; rank < m.best_trials.size(); ++rank) {
    const ReportTrial& t = m.trials[m.best_trials[rank]];
    std::string folds;
    for (double e : t.fold_errors) folds += (folds.empty() ? "" : " ") + markup::number(e);
    out += fmt::format(
        "<tr><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td>{}<td>{}</td></tr>\n",
        rank + 1, t.id, markup::number(t.value), markup::number(t.test_error), param_cells(t),
        escape(folds));
  }
  if (m.best_trials.empty()) {
    out += fmt::format("<tr><td colspan=\"{}\">no trial has completed yet</td></tr>\n",
                       m.study.space.size() + 5);
  }
  return out + "</tbody></table></div>\n</section>\n";
}

std::string pending_table(const ReportModel& m) {
  if (m.pending_trials.empty()) return {};
  std::string out =
      "<section>\n<h2>Pending and running trials</h2>\n<p class=\"caption\">Trials with folds "
      "still to run; a resumed run re-dispatches only their missing folds.</p>\n<div "
      "class=\"table-wrap\"><table id=\"pending-trials\">\n<thead><tr><th class=\"num\">trial"
      "</th><th>state</th><th class=\"num\">folds done</th>" +
      param_headers(m) + "</tr></thead>\n<tbody>\n";
  for (std::size_t i : m.pending_trials) {
    const ReportTrial& t = m.trials[i];
    out +=
        fmt::format("<tr><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}/{}</td>{}</tr>\n",
                    t.id, escape(t.state), t.folds_done, t.fold_errors.size(), param_cells(t));
  }
  return out + "</tbody></table></div>\n</section>\n";
}

std::string failed_table(const ReportModel& m) {
  std::string rows;
  std::size_t failed = 0;
  for (const ReportTrial& t : m.trials) {
    if (t.state != "failed") continue;
    if (++failed > kFailedShown) continue;
    rows += fmt::format("<tr><td class=\"num\">{}</td><td class=\"message\">{}</td></tr>\n", t.id,
                        escape(t.message));
  }
  if (failed == 0) return {};
  if (failed > kFailedShown) {
    rows += fmt::format("<tr><td></td><td>… and {} more</td></tr>\n", failed - kFailedShown);
  }
  return "<section>\n<h2>Failed trials</h2>\n<div class=\"table-wrap\"><table "
         "id=\"failed-trials\">\n<thead><tr><th class=\"num\">trial</th><th>why</th></tr>"
         "</thead>\n<tbody>\n" +
         rows + "</tbody></table></div>\n</section>\n";
}

}  // namespace

std::string html_report(const ReportModel& m) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta "
      "name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} — fermata "
      "report</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n<header><h1>{}</h1><p>fermata "
      "report, generated {}</p></header>\n",
      escape(m.study.name), html_style::kCss, escape(m.study.name), markup::utc(m.generated_utc));
  out += summary(m);
  out += chart_section("Validation error per trial",
                       "Mean CV error of each completed trial in the order trials completed, the "
                       "best so far, and the incumbent's error on the held-out test set.",
                       html_charts::trials_chart(m));
  out += chart_section("Stopping criterion",
                       "The regret bound against the statistical error of the incumbent (log "
                       "scale); the run stops once the bound falls below the error.",
                       html_charts::criterion_chart(m));
  out += chart_section("Decisions",
                       "Each criterion's decision at every evaluation: grey continue, red stop. "
                       "Only the acting criterion stops the run; the others are monitored.",
                       html_charts::decisions_chart(m));
  out += chart_section("Worker utilization",
                       "Each fold on the worker that evaluated it, from its dispatch to its "
                       "result; running folds (amber) end at the checkpoint's time.",
                       html_charts::workers_chart(m));
  out += best_table(m);
  out += pending_table(m);
  out += failed_table(m);
  out += "<section>\n<details><summary>Resolved job</summary>\n<pre>" + escape(m.study.job_yaml) +
         "</pre></details>\n</section>\n";
  out += "<footer>fermata report</footer>\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace fermata
