#pragma once

// The HTML report's inline style sheet: a system font stack, a neutral light palette, charts
// that scale with the page through their viewBox, and one colour per series shared by a
// series and its legend key.
namespace fermata::html_style {

inline constexpr const char* kCss = R"css(
:root {
  --fg: #1f2328; --muted: #59636e; --bg: #f6f8fa; --card: #ffffff; --border: #d1d9e0;
  --point: #6e7781; --best: #0969da; --test: #8250df; --fail: #cf222e; --pending: #bf8700;
  --regret: #0969da; --stat: #1a7f37; --stop: #cf222e; --fold: #54aeff; --fold-alt: #218bff;
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
        "Noto Sans", "Liberation Sans", sans-serif;
}
main { max-width: 1120px; margin: 0 auto; padding: 24px 16px 48px; }
header h1 { margin: 0; font-size: 24px; font-weight: 600; word-break: break-word; }
header p { margin: 4px 0 0; color: var(--muted); }
section {
  background: var(--card); border: 1px solid var(--border); border-radius: 8px;
  padding: 16px 20px; margin: 16px 0;
}
h2 { margin: 0 0 4px; font-size: 17px; font-weight: 600; }
.caption { margin: 0 0 12px; color: var(--muted); font-size: 13px; }
.status { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: 600;
          font-size: 13px; border: 1px solid transparent; }
.status-stopped { background: #dafbe1; color: #116329; border-color: #aceebb; }
.status-finished { background: #ddf4ff; color: #0550ae; border-color: #b6e3ff; }
.status-incomplete { background: #fff8c5; color: #7d4e00; border-color: #f5e0a0; }
.reason { margin: 8px 0 0; }
dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
             gap: 12px 24px; margin: 16px 0 0; }
dl.figures div { min-width: 0; }
dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
dd { margin: 2px 0 0; font-size: 15px; font-variant-numeric: tabular-nums;
     overflow-wrap: anywhere; }
svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
svg.chart text { fill: var(--fg); }
.axis path { stroke: #8c959f; fill: none; }
.axis path.grid { stroke: #eaeef2; }
svg .tick-label { font-size: 11px; fill: var(--muted); }
svg .axis-title, svg .note { font-size: 12px; fill: var(--muted); }
svg .legend-label { font-size: 12px; }
.trial-point { fill: var(--point); fill-opacity: .55; }
.best-so-far { fill: none; stroke: var(--best); stroke-width: 2; }
.test-error { fill: none; stroke: var(--test); stroke-width: 2; stroke-dasharray: 6 3; }
.failed-trial { fill: none; stroke: var(--fail); stroke-width: 2; }
.pending-trial { stroke: var(--pending); stroke-width: 2; }
.regret-bound { fill: none; stroke: var(--regret); stroke-width: 2; }
.statistical-error { fill: none; stroke: var(--stat); stroke-width: 2; }
.stop-marker { stroke: var(--stop); stroke-width: 1.5; stroke-dasharray: 5 3; }
svg .stop-label { fill: var(--stop); font-size: 12px; font-weight: 600; }
.stop-marker.budget { stroke: var(--muted); }
svg .stop-label.budget { fill: var(--muted); font-weight: 400; }
.decision-continue { fill: #d0d7de; }
.decision-stop { fill: var(--stop); }
.first-stop { stroke: var(--fg); stroke-width: 2; }
svg .row-label, svg .lane-label { font-size: 12px; }
svg .first-stop-label { font-size: 12px; fill: var(--stop); }
svg .no-stop-label { font-size: 12px; fill: var(--muted); }
.fold-bar { fill: var(--fold); stroke: #ffffff; stroke-width: .5; }
.fold-bar.alt { fill: var(--fold-alt); }
.fold-bar.running { fill: var(--pending); fill-opacity: .7; }
.swatch.key-trial { fill: var(--point); fill-opacity: .55; }
.swatch.key-failed { fill: var(--fail); }
.swatch.key-best { stroke: var(--best); stroke-width: 2; }
.swatch.key-test { stroke: var(--test); stroke-width: 2; stroke-dasharray: 6 3; }
.swatch.key-pending { stroke: var(--pending); stroke-width: 3; }
.swatch.key-regret { stroke: var(--regret); stroke-width: 2; }
.swatch.key-stat { stroke: var(--stat); stroke-width: 2; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px;
        font-variant-numeric: tabular-nums; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--border); text-align: left;
         white-space: nowrap; }
th { background: var(--bg); font-weight: 600; }
td.num, th.num { text-align: right; }
td.message { white-space: normal; }
tbody tr:hover { background: #f6f8fa; }
details summary { cursor: pointer; font-weight: 600; }
pre { background: var(--bg); border: 1px solid var(--border); border-radius: 6px;
      padding: 12px; overflow-x: auto; font-size: 12px; line-height: 1.45;
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
footer { color: var(--muted); font-size: 12px; text-align: center; }
)css";

}  // namespace fermata::html_style
