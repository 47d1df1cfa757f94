#pragma once

#include <string>

namespace fermata {

/// @brief Unix seconds as ISO 8601 UTC: "2026-11-29T14:32:16Z", or with `millis`
/// "2026-11-29T14:32:16.123Z" (rounded to the millisecond, never rolling the second over).
/// Empty for a time that is not finite or not representable.
std::string iso_utc(double unix_seconds, bool millis = false);

}  // namespace fermata
