#pragma once

#include <vector>

#include <Eigen/Core>

#include <fermata/acquisition/acquisition.hpp>
#include <fermata/acquisition/acquisition_optimizer.hpp>
#include <fermata/core/rng.hpp>
#include <fermata/gp/gaussian_process.hpp>
#include <fermata/space/space.hpp>

namespace fermata {

/// @brief A GP's posterior conditioned further on a set S of believer observations (points
/// observed at their own posterior mean, with the GP's observation noise), without copying
/// the GP: the mean is unchanged, and var(x | data, S) = var(x | data) − wᵀ (C_SS + σ² I)⁻¹ w
/// with w = cov(x, S | data) = k(S, x) − V_Sᵀ v_x (v = L⁻¹ k(X, ·), the whitened columns),
/// kept as a Cholesky factor over S that grows by rows. Equals adding S to a
/// copy of the GP (add_observation at the posterior mean) up to rounding, in O(n |S| + |S|²)
/// per query instead of O(n²), and without one O(n²) solve per point of S.
class BatchConditioning {
 public:
  /// Conditions `gp`'s posterior, which must outlive this; room for `capacity` points of S
  /// before the storage grows.
  explicit BatchConditioning(const GaussianProcess& gp, Eigen::Index capacity = 0);

  Eigen::Index size() const { return size_; }
  /// Adds x to S; `v` is its whitened column L⁻¹ k(X, x) (GaussianProcess::whiten). A point
  /// that S and the noise already explain to rounding adds nothing and is left out.
  void add(const Eigen::VectorXd& x, const Eigen::VectorXd& v);
  /// Adds the rows of `xs` (whitened columns `v`) at once: two matrix products and one
  /// Cholesky factorization instead of one update per point; the same up to rounding. If a
  /// point is (nearly) explained by the others, adds them one at a time, as add() would.
  void add_all(const Eigen::MatrixXd& xs, const Eigen::MatrixXd& v);
  /// var(x | data) − var(x | data, S), from x's whitened column `v` = L⁻¹ k(X, x).
  double explained(const Eigen::VectorXd& x, const Eigen::VectorXd& v) const;
  /// Brings `u`, the solution of F u = cov(S₁, x | data) for S₁ the first u.size() points
  /// of S, up to all of S, in O((n + |S|) · added points): explained(x) = |u|². A candidate
  /// scored again after more picks pays only for the picks since its last score.
  void extend(const Eigen::VectorXd& x, const Eigen::VectorXd& v, Eigen::VectorXd& u) const;
  /// The `u` of every row of `xs` (whitened columns `v`) for all of S, by matrix products:
  /// column j for row j.
  Eigen::MatrixXd project(const Eigen::MatrixXd& xs, const Eigen::MatrixXd& v) const;
  /// `p`, the standardized posterior at x given the data with its gradients
  /// (predict_with_gradient_standardized), conditioned on S too.
  GpPointPrediction condition(const Eigen::VectorXd& x, GpPointPrediction p) const;

 private:
  /// A pivot below this times s² means the point adds nothing S and the noise do not.
  static constexpr double kMinPivot = 1e-12;

  void reserve(Eigen::Index capacity);
  /// K⁻¹ k(X, s) for every s in S, brought up to date in one block solve: only the
  /// gradient of condition() needs them.
  const Eigen::MatrixXd& weights() const;

  const GaussianProcess& gp_;
  Eigen::Index size_ = 0;
  Eigen::MatrixXd points_;           ///< capacity × D; the first |S| rows are S
  Eigen::MatrixXd whitened_;         ///< n × capacity: L⁻¹ k(X, s) for the first |S| columns
  mutable Eigen::MatrixXd weights_;  ///< n × (leading columns of S): K⁻¹ k(X, s)
  /// capacity × capacity; its leading |S| × |S| lower triangle is the Cholesky factor F
  /// of cov(S, S | data) + σ² I
  Eigen::MatrixXd factor_;
};

/// @brief `count` distinct points chosen at once from one model state: a kriging-believer
/// batch over one shared candidate pool.
///
/// Kriging believer conditions the GP on the points already chosen (and on the `pending`
/// ones, dispatched and not finished) as if they had been observed at their posterior mean.
/// That leaves the posterior mean unchanged everywhere and only lowers the variance near
/// them, so the batch needs no copy of the GP: for a candidate c and the conditioning set
/// S, var(c | data, S) = var(c | data) − wᵀ (C_SS + σ² I)⁻¹ w, with w = cov(c, S | data),
/// kept as a small Cholesky factor over S that grows by one row per pick.
///
/// The pool (acquisition_candidates: Sobol points and perturbations of `anchors`) is
/// scored once. Conditioning only lowers variances and `acquisition` never falls when a
/// variance grows, so a candidate's last value is an upper bound on its value after more
/// picks: a lazy greedy search re-scores only the candidates that reach the top of a
/// priority queue, and each pick is the exact maximizer over the pool given the picks
/// before it. Candidates start at the bound of GaussianProcess::screen_standardized, and the
/// O(n²) whitening of a candidate is computed only when it first reaches the top (in blocks
/// of bound order), so a batch costs about one pool screen, the whitening of the candidates
/// near the top and of the pending points, and O(n + |S|) per re-score and pick since the
/// candidate's last score (BatchConditioning::extend).
///
/// `acquisition` must be defined on `gp` (which holds the observations only). Points closer
/// than `search.min_distance` to a pending point or to an earlier pick are not taken; when
/// the pool runs out, the candidate farthest from all of them is. The first `search.refine`
/// picks of a batch are refined by L-BFGS-B from their pool point on the acquisition given
/// the data and the batch so far (the conditioned variance has an exact gradient), and
/// taken if that raises the value; later picks are pool points. maximize_acquisition
/// refines `search.refine` starts for every single suggestion; a batch refines that many
/// in all, which is what keeps a batch of a hundred cheap at thousands of observations.
std::vector<Eigen::VectorXd> select_batch(const Acquisition& acquisition, const GaussianProcess& gp,
                                          const Space& space,
                                          const std::vector<Eigen::VectorXd>& anchors,
                                          const std::vector<Eigen::VectorXd>& pending, int count,
                                          const AcquisitionSearch& search, Rng& rng);

}  // namespace fermata
