// The job module's private text helpers: number parsing and printing.
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "job/number_text.hpp"

namespace fermata::job_yaml {
namespace {

TEST(JobNumberText, FormatReadsBackExactly) {
  for (double value : {0.1, 1.0 / 3.0, 1e-6, 2.5e-300, 1e300, 0.30000000000000004, -7.25, 0.0,
                       123456789012345678.0, std::numeric_limits<double>::denorm_min(),
                       std::numeric_limits<double>::max()}) {
    const auto back = parse_number(format_number(value));
    ASSERT_TRUE(back.has_value()) << format_number(value);
    EXPECT_EQ(*back, value) << format_number(value);
  }
}

TEST(JobNumberText, FormatIsShortAndYamlFriendly) {
  EXPECT_EQ(format_number(200.0), "200");
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(1e-6), "1.0e-06");
  EXPECT_EQ(format_number(1.5e-7), "1.5e-07");
}

TEST(JobNumberText, ParseNumberAcceptsYamlNumbersOnly) {
  EXPECT_EQ(parse_number("+3"), 3.0);
  EXPECT_EQ(parse_number("1e-6"), 1e-6);
  EXPECT_EQ(parse_number(".5"), 0.5);
  EXPECT_FALSE(parse_number("").has_value());
  EXPECT_FALSE(parse_number("ten").has_value());
  EXPECT_FALSE(parse_number("1.5x").has_value());
  EXPECT_FALSE(parse_number("inf").has_value());
  EXPECT_FALSE(parse_number("nan").has_value());
  EXPECT_FALSE(parse_number("1e400").has_value());
  EXPECT_FALSE(parse_number("+-1").has_value());
}

TEST(JobNumberText, ParseIntegerIsStrict) {
  EXPECT_EQ(parse_integer("-12"), -12);
  EXPECT_EQ(parse_integer("+12"), 12);
  EXPECT_FALSE(parse_integer("12.0").has_value());
  EXPECT_FALSE(parse_integer("0x10").has_value());
  EXPECT_FALSE(parse_integer("").has_value());
  EXPECT_EQ(parse_unsigned("18446744073709551615"), 18446744073709551615ull);
  EXPECT_FALSE(parse_unsigned("18446744073709551616").has_value());
  EXPECT_FALSE(parse_unsigned("-0").has_value());
}

}  // namespace
}  // namespace fermata::job_yaml
