#include <fermata/gp/refit_schedule.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace fermata {

RefitSchedule::RefitSchedule(RefitPolicy policy, RefitScheduleState state)
    : policy_(policy), state_(state) {
  if (policy_.every_point_up_to < 0 || !(policy_.growth_fraction >= 0.0) ||
      !std::isfinite(policy_.growth_fraction) || policy_.max_gap < 0) {
    throw std::invalid_argument(
        "RefitPolicy: every_point_up_to, growth_fraction and max_gap "
        "must be finite and >= 0");
  }
  if (state_.last_refit_n < 0 || state_.refits < 0) {
    throw std::invalid_argument("RefitScheduleState: last_refit_n and refits must be >= 0, found " +
                                std::to_string(state_.last_refit_n) + " and " +
                                std::to_string(state_.refits));
  }
}

bool RefitSchedule::should_refit(std::int64_t n) const {
  const std::int64_t last = state_.last_refit_n;
  if (last == 0 || n < last) return true;
  if (n <= policy_.every_point_up_to) return n != last;
  if (policy_.max_gap > 0 && n - last >= policy_.max_gap) return true;
  // Whole new points needed, ceil(m · g) but at least one; the 1e-9 absorbs the rounding
  // of m · g (100 · 0.07 is 7.000000000000001 in binary).
  const auto needed = std::max<std::int64_t>(
      1, static_cast<std::int64_t>(
             std::ceil(static_cast<double>(last) * policy_.growth_fraction - 1e-9)));
  return n - last >= needed;
}

void RefitSchedule::record_refit(std::int64_t n) {
  if (n < 1) {
    throw std::invalid_argument("RefitSchedule::record_refit: needs n >= 1 observations, found " +
                                std::to_string(n));
  }
  state_.last_refit_n = n;
  ++state_.refits;
}

}  // namespace fermata
