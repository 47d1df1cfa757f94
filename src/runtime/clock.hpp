#pragma once

// The two clocks of the runtime, in seconds as doubles: steady for intervals, system (unix
// time) for what the checkpoint records.

#include <chrono>

namespace fermata {

inline double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

inline double unix_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace fermata
