#include <fermata/report/html_report.hpp>

#include <gtest/gtest.h>

#include "unit/report/report_fixture.hpp"

namespace fermata {
namespace {

using testing::complete;
using testing::finish_fold;
using testing::running_study;
using testing::two_fold_study;

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

bool has(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

std::string html(const Study& study) {
  return html_report(build_report(study, 1700000000));
}

/// A finished study stopped by its criterion at n = 3, with test errors.
Study stopped_study() {
  Study study = two_fold_study("stopped");
  for (int i = 0; i < 4; ++i) {
    Trial& t = study.add_trial({0.1 * i, 2.0 + i, i % 2 == 0 ? 0.0 : 1.0});
    finish_fold(t, 0, 0.5 - 0.05 * i, 1, 1000 + 10 * i, 1008 + 10 * i);
    finish_fold(t, 1, 0.6 - 0.05 * i, 2, 1000 + 10 * i, 1009 + 10 * i);
    complete(t, 1009 + 10 * i, 0.7 - 0.05 * i);
  }
  study.stopping = {"regret-bound",
                    true,
                    "regret bound 0.01 < statistical error 0.02",
                    {{"n_trials", {1, 2, 3, 4}},
                     {"regret_bound", {kNaN, 0.1, 0.01, 0.008}},
                     {"statistical_error", {kNaN, 0.02, 0.02, 0.02}},
                     {"decision", {0, 0, 1, 1}},
                     {"patience.decision", {0, 0, 0, 1}}}};
  return study;
}

TEST(HtmlReport, HasEveryRequiredSectionChartAndSeries) {
  const std::string page = html(running_study()) + html(stopped_study());
  for (const char* id : {"id=\"summary\"", "id=\"chart-trials\"", "id=\"chart-criterion\"",
                         "id=\"chart-decisions\"", "id=\"chart-workers\"", "id=\"best-trials\"",
                         "id=\"pending-trials\"", "<details>", "<pre>"}) {
    EXPECT_TRUE(has(page, id)) << id;
  }
  for (const char* cls :
       {"trial-point", "failed-trial", "best-so-far", "test-error", "pending-trial", "regret-bound",
        "statistical-error", "stop-marker", "decision-row", "decision-stop", "worker-lane",
        "fold-bar", "fold-bar running", "axis"}) {
    EXPECT_TRUE(has(page, "class=\"" + std::string(cls))) << cls;
  }
}

TEST(HtmlReport, DrawsOnePointPerCompletedTrialAndOneBarPerTimedFold) {
  const std::string page = html(running_study());
  EXPECT_EQ(occurrences(page, "<circle class=\"trial-point\""), 3u);
  EXPECT_EQ(occurrences(page, "class=\"pending-trial\""), 2u);
  EXPECT_EQ(occurrences(page, "class=\"failed-trial\""), 1u);
  EXPECT_EQ(occurrences(page, "<rect class=\"fold-bar"), 8u);  // 7 finished, 1 running
  EXPECT_EQ(occurrences(page, "<rect class=\"fold-bar running"), 1u);
  EXPECT_EQ(occurrences(page, "<g class=\"worker-lane\""), 3u);
  EXPECT_TRUE(has(page, "49% busy"));
  EXPECT_EQ(occurrences(page, "class=\"best-so-far\""), 1u) << "one path, not one per trial";
}

TEST(HtmlReport, LinksToNothingOutsideThePage) {
  const std::string page = html(running_study()) + html(stopped_study());
  const std::string svg_namespace = "http://www.w3.org/2000/svg";
  EXPECT_EQ(occurrences(page, "http://"), occurrences(page, svg_namespace));
  EXPECT_GT(occurrences(page, svg_namespace), 0u);
  EXPECT_EQ(occurrences(page, "https://"), 0u);
  EXPECT_FALSE(has(page, "<script"));
  EXPECT_FALSE(has(page, "<link"));
  EXPECT_FALSE(has(page, "@import"));
}

TEST(HtmlReport, EscapesEveryStringFromTheStudy) {
  Study study = running_study("<script>alert(1)</script>");
  study.space = Space({{"x", ParamKind::kFloat, 0, 1, false, {}},
                       {"n<i>", ParamKind::kInt, 1, 10, false, {}},
                       {"kind", ParamKind::kCategorical, 0, 0, false, {"<b>a", "b&c"}}});
  study.trials[2].message = "<img src=x onerror=alert(2)>";
  study.job_yaml = "name: x\n</pre><script>evil()</script>\n";
  study.classes = "2 classes: 0='<no>'";
  const std::string page = html(study);
  EXPECT_FALSE(has(page, "<script")) << "no script element, whether escaped or not";
  EXPECT_FALSE(has(page, "<img"));
  EXPECT_FALSE(has(page, "<b>a"));
  EXPECT_FALSE(has(page, "n<i>"));
  EXPECT_FALSE(has(page, "'<no>'"));
  EXPECT_TRUE(has(page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_TRUE(has(page, "&lt;img src=x onerror=alert(2)&gt;"));
  EXPECT_TRUE(has(page, "b&amp;c"));
  EXPECT_EQ(occurrences(page, "</pre>"), 1u);
}

TEST(HtmlReport, MarksTheStopAndEachCriterionsFirstStop) {
  const std::string page = html(stopped_study());
  EXPECT_TRUE(has(page, "status-stopped"));
  EXPECT_EQ(occurrences(page, "<line class=\"stop-marker\""), 1u);
  EXPECT_TRUE(has(page, "stopped at 3 trials"));
  EXPECT_EQ(occurrences(page, "<g class=\"decision-row"), 2u);
  EXPECT_TRUE(has(page, "stops at 3"));
  EXPECT_TRUE(has(page, "stops at 4"));
  EXPECT_FALSE(has(page, "id=\"pending-trials\""));
}

TEST(HtmlReport, MarksTheEndOfARunABudgetStoppedAtItsLastEvaluation) {
  Study study = stopped_study();
  study.stopping.criterion = "budget.max_trials";
  study.stopping.reason = "budget.max_trials (4) reached";
  study.stopping.history["decision"] = {0, 0, 0, 0};
  const std::string page = html(study);
  EXPECT_TRUE(has(page, "status-finished"));
  EXPECT_EQ(occurrences(page, "<line class=\"stop-marker budget\""), 1u);
  EXPECT_TRUE(has(page, ">budget.max_trials (4) reached</text>"));
  EXPECT_FALSE(has(page, "stopped at"));
}

TEST(HtmlReport, SkipsValuesALogScaleCannotShow) {
  Study study = stopped_study();
  study.stopping.history["regret_bound"] = {kNaN, 0.0, -1.0, 0.1};
  const std::string page = html(study);
  const auto at = page.find("<path class=\"regret-bound\" d=\"");
  ASSERT_NE(at, std::string::npos);
  const std::string d = page.substr(at, page.find("\"/>", at) - at);
  EXPECT_EQ(occurrences(d, "M"), 1u) << d;
  EXPECT_EQ(occurrences(d, "L"), 0u) << "one positive value, one point: " << d;
  EXPECT_FALSE(has(d, "nan"));
  EXPECT_FALSE(has(d, "inf"));
}

TEST(HtmlReport, DrawsNoTestErrorLineWithoutATestError) {
  Study study = stopped_study();
  for (Trial& t : study.trials) t.test_error = kNaN;
  EXPECT_FALSE(has(html(study), "class=\"test-error\""));
}

TEST(HtmlReport, RendersAStudyWithNothingInIt) {
  const std::string page = html(Study{});
  EXPECT_TRUE(has(page, "id=\"chart-trials\""));
  EXPECT_TRUE(has(page, "no criterion evaluations yet"));
  EXPECT_TRUE(has(page, "no fold has been dispatched yet"));
  EXPECT_TRUE(has(page, "id=\"best-trials\""));
  EXPECT_FALSE(has(page, "id=\"pending-trials\""));
  EXPECT_FALSE(has(page, "nan"));
  EXPECT_TRUE(page.ends_with("</html>\n"));
}

TEST(HtmlReport, ShowsAnIncompleteRunWithItsPendingTrials) {
  const std::string page = html(running_study());
  EXPECT_TRUE(has(page, "status-incomplete"));
  EXPECT_TRUE(has(page, "<table id=\"pending-trials\">"));
  EXPECT_TRUE(has(page, "<td class=\"num\">1/2</td>"));
  EXPECT_FALSE(has(page, "class=\"stop-marker\""));
}

TEST(HtmlReport, NotesThatAnOldCheckpointHasNoFoldTimes) {
  Study study = running_study();
  for (Trial& t : study.trials) {
    t.fold_started.assign(t.fold_started.size(), kNaN);
    t.fold_finished.assign(t.fold_finished.size(), kNaN);
  }
  const std::string page = html(study);
  EXPECT_TRUE(has(page, "fold times are not recorded"));
  EXPECT_FALSE(has(page, "class=\"fold-bar"));
}

TEST(HtmlReport, StaysSmallForAThousandTrialsOn256Workers) {
  Study study = two_fold_study("large");
  study.folds = 10;
  for (int i = 0; i < 1000; ++i) {
    Trial& t = study.add_trial({0.5, 5, 0});
    for (int f = 0; f < 10; ++f) {
      const double start = 1000 + i * 4 + f * 0.1;
      finish_fold(t, f, 0.5 + 0.001 * ((i * 7 + f) % 13), 1 + (i * 10 + f) % 256, start,
                  start + 30);
    }
    complete(t, 1000 + i * 4 + 31, 0.4);
    study.stopping.history["n_trials"].push_back(i + 1);
    study.stopping.history["regret_bound"].push_back(1.0 / (i + 1));
    study.stopping.history["statistical_error"].push_back(0.01);
    study.stopping.history["decision"].push_back(0);
  }
  const std::string page = html(study);
  EXPECT_EQ(occurrences(page, "<g class=\"worker-lane\""), 256u);
  EXPECT_EQ(occurrences(page, "<rect class=\"fold-bar"), 10000u);
  EXPECT_LT(page.size(), 3u << 20) << "bytes";
}

}  // namespace
}  // namespace fermata
