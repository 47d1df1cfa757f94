#include <fermata/core/utc_time.hpp>

#include <limits>

#include <gtest/gtest.h>

namespace fermata {
namespace {

TEST(IsoUtc, WritesSecondsOrMillisecondsInUtc) {
  EXPECT_EQ(iso_utc(1765049524.123), "2025-12-06T19:32:04Z");
  EXPECT_EQ(iso_utc(1765049524.123, true), "2025-12-06T19:32:04.123Z");
  EXPECT_EQ(iso_utc(0.0, true), "1970-01-01T00:00:00.000Z");
}

TEST(IsoUtc, NeverRollsTheSecondOverAndIsEmptyForNoTime) {
  EXPECT_EQ(iso_utc(1765049524.9996, true), "2025-12-06T19:32:04.999Z");
  EXPECT_EQ(iso_utc(std::numeric_limits<double>::quiet_NaN()), "");
  EXPECT_EQ(iso_utc(std::numeric_limits<double>::infinity(), true), "");
}

}  // namespace
}  // namespace fermata
