#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

// Axes, scales and paths for the HTML report's inline SVG charts. Written here because
// Debian ships no C++ SVG or charting library; the charts need only scales, ticks, axes and
// path data, which fit in one small file.
namespace fermata::svg {

/// @brief A chart of width × height user units (its viewBox) and the margins around the plot
/// area, where axes, labels and the legend go.
struct Frame {
  double width = 960;
  double height = 320;
  double left = 64;
  double right = 24;
  double top = 36;
  double bottom = 44;

  double x_begin() const { return left; }
  double x_end() const { return width - right; }
  double y_bottom() const { return height - bottom; }
  double y_top() const { return top; }
};

/// @brief Maps a domain [lo, hi] onto pixels [from, to], linearly or on a log10 scale.
class Scale {
 public:
  static Scale linear(double lo, double hi, double from, double to);
  /// Requires 0 < lo < hi.
  static Scale log10(double lo, double hi, double from, double to);

  double operator()(double value) const;
  double lo() const { return lo_; }
  double hi() const { return hi_; }
  /// @brief Round values inside the domain for tick marks: about `count` multiples of 1, 2 or
  /// 5 × 10^k on a linear scale; powers of ten (with 2 and 5 between them when the domain
  /// spans less than two decades) on a log scale.
  std::vector<double> ticks(int count) const;

 private:
  Scale(double lo, double hi, double from, double to, bool log);
  double lo_, hi_, from_, to_;
  bool log_;
};

/// @brief [lo, hi] widened by `fraction` of its span on each side, or around the value when
/// lo == hi, so that points never sit on the frame.
std::pair<double, double> padded(double lo, double hi, double fraction);

/// @brief A coordinate with one decimal, trailing ".0" dropped: compact path data.
std::string px(double value);

/// @brief Path data of a polyline through `points`; a non-finite coordinate breaks the line.
std::string line_path(const std::vector<std::pair<double, double>>& points);

/// @brief Path data of a step line: from each point horizontally to the next one's x, then
/// vertically to its y (a best-so-far curve); a non-finite coordinate breaks the line.
std::string step_path(const std::vector<std::pair<double, double>>& points);

/// @brief `<svg id=... viewBox=...>` with role="img" and a <title>; `title` is escaped.
std::string open(const std::string& id, const Frame& frame, const std::string& title);

/// @brief A <text> element; `content` is escaped.
std::string text(double x, double y, const std::string& content, const std::string& css_class,
                 const std::string& anchor = "start");

/// @brief The bottom axis of the plot area: line, ticks, tick labels and a title.
std::string x_axis(const Frame& frame, const Scale& scale, const std::vector<double>& ticks,
                   const std::function<std::string(double)>& label, const std::string& title);

/// @brief The left axis with light grid lines across the plot area.
std::string y_axis(const Frame& frame, const Scale& scale, const std::vector<double>& ticks,
                   const std::function<std::string(double)>& label, const std::string& title);

/// @brief One legend entry: a swatch styled by `css_class`, a "key-*" class of its own rather
/// than the series' class, so that selecting a series' elements never finds the legend.
struct LegendEntry {
  std::string css_class;
  std::string label;
  bool line = true;  ///< a short line; otherwise a dot
};

/// @brief Entries in a row above the plot area, from its left end.
std::string legend(const Frame& frame, const std::vector<LegendEntry>& entries);

/// @brief A centred note in the plot area, for a chart with nothing to draw.
std::string note(const Frame& frame, const std::string& message);

}  // namespace fermata::svg
