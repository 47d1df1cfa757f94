#pragma once

#include <string_view>

namespace fermata {

/// @brief A deliberate failure for fault-injection tests. When the environment variable
/// FERMATA_INJECT_FAULT is `SITE` or `SITE:N` and `site` is SITE, the N-th call (default 1)
/// in this process throws std::logic_error, an exception that is not a fermata::Error, as a
/// bug in the coordinator or a library would. Sites: `coordinator` (rank 0's event loop, per
/// result), `planner` (the planner, per pass), `stopping` (the stopping watch, per
/// evaluation), `checkpoint` (the checkpoint writer, per write). Without the variable this is
/// one comparison.
void inject_fault(std::string_view site);

}  // namespace fermata
