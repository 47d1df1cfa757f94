#pragma once

#include <cstdint>

namespace fermata {

/// @brief When to refit the GP hyperparameters (MAP, O(n³) per likelihood evaluation) and
/// when to add an observation by a rank-one Cholesky update (O(n²)) with the current ones.
///
/// Never when n = m (already fitted on these observations); otherwise refit when any of these
/// holds, with n the number of observations now and m the number at the last refit:
/// - there was no refit yet, or n < m (observations were removed, e.g. after a restore);
/// - n ≤ every_point_up_to (default 50): early on each point moves the hyperparameters a lot,
///   and a fit is cheap;
/// - n − m ≥ ceil(m · growth_fraction) (default 10%, at least one point): the data grew enough
///   for the posterior over hyperparameters to have moved; this makes the number of refits
///   logarithmic in n (≈ 24 between n = 50 and 500), so their total cost stays a small
///   multiple of one fit;
/// - n − m ≥ max_gap when max_gap > 0 (default 100): a cap for very long runs.
struct RefitPolicy {
  std::int64_t every_point_up_to = 50;
  double growth_fraction = 0.1;
  std::int64_t max_gap = 100;
};

/// @brief The schedule's whole state: plain numbers, saved with the optimizer state.
struct RefitScheduleState {
  /// Observations at the last refit; 0 = never refitted.
  std::int64_t last_refit_n = 0;
  /// Refits so far (for reports and tests).
  std::int64_t refits = 0;
};

/// @brief Decides, per new observation count, between a full hyperparameter refit and a
/// rank-one update. Record each refit with `record_refit`.
class RefitSchedule {
 public:
  explicit RefitSchedule(RefitPolicy policy = {}, RefitScheduleState state = {});

  /// @brief Whether the GP over `n` observations should have its hyperparameters refitted.
  bool should_refit(std::int64_t n) const;
  /// @brief Notes that the hyperparameters were refitted on `n` observations.
  void record_refit(std::int64_t n);

  const RefitPolicy& policy() const { return policy_; }
  const RefitScheduleState& state() const { return state_; }

 private:
  RefitPolicy policy_;
  RefitScheduleState state_;
};

}  // namespace fermata
