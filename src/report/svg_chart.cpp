#include "report/svg_chart.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/markup.hpp"

namespace fermata::svg {
namespace {

constexpr double kTickLength = 5;
/// Average glyph width of the 12-unit legend font, to place entries without measuring text.
constexpr double kGlyphWidth = 6.6;

/// 1, 2 or 5 × 10^k, the smallest not below `raw`.
double nice_step(double raw) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * magnitude >= raw * (1 - 1e-9)) return m * magnitude;
  }
  return 10 * magnitude;
}

}  // namespace

Scale::Scale(double lo, double hi, double from, double to, bool log)
    : lo_(lo), hi_(hi), from_(from), to_(to), log_(log) {}

Scale Scale::linear(double lo, double hi, double from, double to) {
  return Scale(lo, hi, from, to, false);
}

Scale Scale::log10(double lo, double hi, double from, double to) {
  return Scale(lo, hi, from, to, true);
}

double Scale::operator()(double value) const {
  double t = 0.5;
  if (log_) {
    const double span = std::log10(hi_) - std::log10(lo_);
    if (span > 0) t = (std::log10(value) - std::log10(lo_)) / span;
  } else if (hi_ > lo_) {
    t = (value - lo_) / (hi_ - lo_);
  }
  return from_ + t * (to_ - from_);
}

std::vector<double> Scale::ticks(int count) const {
  std::vector<double> out;
  if (!(hi_ > lo_) || count < 1) return out;
  if (log_) {
    const int first = static_cast<int>(std::ceil(std::log10(lo_) - 1e-9));
    const int last = static_cast<int>(std::floor(std::log10(hi_) + 1e-9));
    const bool dense = last - first < 2;
    // Over many decades (an error of 1e-16 beside a bound of 10) label every stride-th one,
    // so the labels stay about `count` and never overlap.
    const int stride = std::max(1, (last - first + count) / count);
    for (int e = first - 1; e <= last; ++e) {
      if (((e - first) % stride + stride) % stride != 0) continue;
      for (double m : dense ? std::vector<double>{1, 2, 5} : std::vector<double>{1}) {
        const double v = m * std::pow(10.0, e);
        if (v >= lo_ * (1 - 1e-9) && v <= hi_ * (1 + 1e-9)) out.push_back(v);
      }
    }
    return out;
  }
  const double step = nice_step((hi_ - lo_) / count);
  for (double k = std::ceil(lo_ / step - 1e-9); k * step <= hi_ + step * 1e-9; k += 1) {
    const double v = k * step;
    out.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);  // no "-0"
  }
  return out;
}

std::pair<double, double> padded(double lo, double hi, double fraction) {
  if (!(hi > lo)) {
    const double half = lo != 0 ? std::fabs(lo) * 0.1 : 1.0;
    return {lo - half, hi + half};
  }
  const double pad = (hi - lo) * fraction;
  return {lo - pad, hi + pad};
}

std::string px(double value) {
  std::string s = fmt::format("{:.1f}", value);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s == "-0" ? "0" : s;
}

namespace {

/// An SVG path through the finite points: "M x y" where the pen goes down (first point, or
/// after a non-finite one, which breaks the path), then `segment(x, y)` to each next point.
template <class Segment>
std::string pen_path(const std::vector<std::pair<double, double>>& points, Segment segment) {
  std::string d;
  bool pen_down = false;
  for (const auto& [x, y] : points) {
    if (!std::isfinite(x) || !std::isfinite(y)) {
      pen_down = false;
      continue;
    }
    d += pen_down ? segment(px(x), px(y)) : fmt::format("M{} {}", px(x), px(y));
    pen_down = true;
  }
  return d;
}

}  // namespace

std::string line_path(const std::vector<std::pair<double, double>>& points) {
  return pen_path(points, [](const std::string& x, const std::string& y) {
    return fmt::format("L{} {}", x, y);
  });
}

std::string step_path(const std::vector<std::pair<double, double>>& points) {
  return pen_path(points, [](const std::string& x, const std::string& y) {
    return fmt::format("H{}V{}", x, y);
  });
}

std::string open(const std::string& id, const Frame& frame, const std::string& title) {
  return fmt::format(
      "<svg id=\"{}\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" "
      "role=\"img\" aria-label=\"{}\"><title>{}</title>\n",
      id, px(frame.width), px(frame.height), markup::escape(title), markup::escape(title));
}

std::string text(double x, double y, const std::string& content, const std::string& css_class,
                 const std::string& anchor) {
  return fmt::format("<text x=\"{}\" y=\"{}\" class=\"{}\" text-anchor=\"{}\">{}</text>", px(x),
                     px(y), css_class, anchor, markup::escape(content));
}

std::string x_axis(const Frame& frame, const Scale& scale, const std::vector<double>& ticks,
                   const std::function<std::string(double)>& label, const std::string& title) {
  const double y = frame.y_bottom();
  std::string out = "<g class=\"axis x-axis\">";
  out += fmt::format("<path d=\"M{} {}H{}\"/>", px(frame.x_begin()), px(y), px(frame.x_end()));
  for (double t : ticks) {
    const double x = scale(t);
    out += fmt::format("<path d=\"M{} {}v{}\"/>", px(x), px(y), px(kTickLength));
    out += text(x, y + kTickLength + 12, label(t), "tick-label", "middle");
  }
  out +=
      text((frame.x_begin() + frame.x_end()) / 2, frame.height - 6, title, "axis-title", "middle");
  return out + "</g>\n";
}

std::string y_axis(const Frame& frame, const Scale& scale, const std::vector<double>& ticks,
                   const std::function<std::string(double)>& label, const std::string& title) {
  const double x = frame.x_begin();
  std::string out = "<g class=\"axis y-axis\">";
  out += fmt::format("<path d=\"M{} {}V{}\"/>", px(x), px(frame.y_top()), px(frame.y_bottom()));
  for (double t : ticks) {
    const double y = scale(t);
    out += fmt::format("<path class=\"grid\" d=\"M{} {}H{}\"/>", px(x), px(y), px(frame.x_end()));
    out += fmt::format("<path d=\"M{} {}h{}\"/>", px(x - kTickLength), px(y), px(kTickLength));
    out += text(x - kTickLength - 3, y + 4, label(t), "tick-label", "end");
  }
  out += fmt::format(
      "<text class=\"axis-title\" text-anchor=\"middle\" transform=\"translate(14 {}) "
      "rotate(-90)\">{}</text>",
      px((frame.y_top() + frame.y_bottom()) / 2), markup::escape(title));
  return out + "</g>\n";
}

std::string legend(const Frame& frame, const std::vector<LegendEntry>& entries) {
  std::string out = "<g class=\"legend\">";
  double x = frame.x_begin();
  const double y = frame.y_top() - 16;
  for (const LegendEntry& e : entries) {
    if (e.line) {
      out += fmt::format("<path class=\"swatch {}\" d=\"M{} {}h18\"/>", e.css_class, px(x), px(y));
    } else {
      out += fmt::format("<circle class=\"swatch {}\" cx=\"{}\" cy=\"{}\" r=\"4\"/>", e.css_class,
                         px(x + 9), px(y));
    }
    out += text(x + 24, y + 4, e.label, "legend-label");
    x += 24 + kGlyphWidth * static_cast<double>(e.label.size()) + 18;
  }
  return out + "</g>\n";
}

std::string note(const Frame& frame, const std::string& message) {
  return text((frame.x_begin() + frame.x_end()) / 2, (frame.y_top() + frame.y_bottom()) / 2,
              message, "note", "middle");
}

}  // namespace fermata::svg
