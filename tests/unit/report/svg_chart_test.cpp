#include "report/svg_chart.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "report/markup.hpp"

namespace fermata {
namespace {

void expect_ticks(const std::vector<double>& found, const std::vector<double>& expected) {
  ASSERT_EQ(found.size(), expected.size());
  for (std::size_t i = 0; i < found.size(); ++i) EXPECT_DOUBLE_EQ(found[i], expected[i]) << i;
}

TEST(SvgChart, LinearTicksAreRoundMultiplesInsideTheDomain) {
  expect_ticks(svg::Scale::linear(0.13, 0.87, 0, 100).ticks(5), {0.2, 0.4, 0.6, 0.8});
  const svg::Scale around_zero = svg::Scale::linear(-1, 1, 0, 100);
  const std::vector<double> ticks = around_zero.ticks(4);
  ASSERT_EQ(ticks.size(), 5u);
  EXPECT_EQ(svg::px(ticks[2]), "0");
}

TEST(SvgChart, LogTicksArePowersOfTenWithTwoAndFiveInANarrowDomain) {
  expect_ticks(svg::Scale::log10(0.0005, 2, 0, 1).ticks(6), {0.001, 0.01, 0.1, 1});
  expect_ticks(svg::Scale::log10(0.015, 0.3, 0, 1).ticks(6), {0.02, 0.05, 0.1, 0.2});
}

TEST(SvgChart, LogTicksOverManyDecadesAreThinnedToAboutTheAskedCount) {
  // A statistical error of 4e-16 beside a regret bound of 100: 18 decades, 6 labels asked.
  const auto ticks = svg::Scale::log10(2e-16, 200, 0, 1).ticks(6);
  EXPECT_LE(ticks.size(), 7u);
  EXPECT_GE(ticks.size(), 4u);
  for (std::size_t i = 1; i < ticks.size(); ++i) {
    EXPECT_NEAR(std::log10(ticks[i] / ticks[i - 1]), std::log10(ticks[1] / ticks[0]), 1e-9);
  }
}

TEST(SvgChart, ScalesMapTheDomainOntoThePixelRange) {
  const svg::Scale y = svg::Scale::linear(0, 10, 300, 100);  // upwards, as y axes run
  EXPECT_DOUBLE_EQ(y(0), 300);
  EXPECT_DOUBLE_EQ(y(10), 100);
  const svg::Scale log = svg::Scale::log10(0.01, 1, 0, 200);
  EXPECT_DOUBLE_EQ(log(0.1), 100);
}

TEST(SvgChart, NonFinitePointsBreakLinesAndSteps) {
  EXPECT_EQ(svg::line_path({{0, 1}, {2, 3}, {NAN, 4}, {5, 6}}), "M0 1L2 3M5 6");
  EXPECT_EQ(svg::step_path({{0, 1}, {2, 3}, {4, INFINITY}, {5, 6}, {7, 6.34}}),
            "M0 1H2V3M5 6H7V6.3");
}

TEST(SvgChart, PadsAnEmptyRangeSoThatAPointIsNotOnTheFrame) {
  const auto [lo, hi] = svg::padded(2, 2, 0.05);
  EXPECT_LT(lo, 2);
  EXPECT_GT(hi, 2);
  const auto [zlo, zhi] = svg::padded(0, 0, 0.05);
  EXPECT_LT(zlo, 0);
  EXPECT_GT(zhi, 0);
}

TEST(Markup, EscapesTheCharactersThatEndTextOrAttributes) {
  EXPECT_EQ(markup::escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(Markup, FormatsMissingNumbersAsADash) {
  EXPECT_EQ(markup::number(NAN), "–");
  EXPECT_EQ(markup::duration(INFINITY), "–");
  EXPECT_EQ(markup::utc(NAN), "–");
  EXPECT_EQ(markup::utc(0), "1970-01-01 00:00:00 UTC");
  EXPECT_EQ(markup::duration(90), "90.0 s");
  EXPECT_EQ(markup::value_text(ReportValue{std::string("gbtree")}), "gbtree");
  EXPECT_EQ(markup::value_text(ReportValue{std::int64_t{7}}), "7");
}

}  // namespace
}  // namespace fermata
