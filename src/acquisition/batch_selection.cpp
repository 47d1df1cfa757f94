#include <fermata/acquisition/batch_selection.hpp>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <numeric>
#include <queue>
#include <stdexcept>

#include <Eigen/Cholesky>

namespace fermata {

BatchConditioning::BatchConditioning(const GaussianProcess& gp)
    : gp_(gp),
      points_(0, gp.dim()),
      whitened_(gp.size(), 0),
      weights_(gp.size(), 0),
      factor_(0, 0) {}

double BatchConditioning::explained(const Eigen::VectorXd& x, const Eigen::VectorXd& cross) const {
  if (size() == 0) return 0.0;
  return factor_.triangularView<Eigen::Lower>().solve(covariance(x, cross)).squaredNorm();
}

GpPointPrediction BatchConditioning::condition(const Eigen::VectorXd& x,
                                               GpPointPrediction p) const {
  if (size() == 0) return p;
  const Eigen::VectorXd cross = gp_.prior_covariance(gp_.inputs(), x.transpose()).col(0);
  const Eigen::VectorXd u = factor_.triangularView<Eigen::Lower>().solve(covariance(x, cross));
  // ∂cov(x, S | data)/∂x = ∂k(S, x)/∂x − (K⁻¹ K_XS)ᵀ ∂k(X, x)/∂x.
  const Eigen::MatrixXd d = gp_.prior_covariance_gradient(x, points_) -
                            weights_.transpose() * gp_.prior_covariance_gradient(x, gp_.inputs());
  const Eigen::VectorXd r = factor_.transpose().triangularView<Eigen::Upper>().solve(u);
  p.variance -= u.squaredNorm();
  p.variance_gradient -= 2.0 * d.transpose() * r;
  return p;
}

void BatchConditioning::add(const Eigen::VectorXd& x, const Eigen::VectorXd& v) {
  const Eigen::Index k = size();
  Eigen::VectorXd row = Eigen::VectorXd::Zero(k);
  const Eigen::VectorXd cross = gp_.prior_covariance(gp_.inputs(), x.transpose()).col(0);
  if (k > 0) row = factor_.triangularView<Eigen::Lower>().solve(covariance(x, cross));
  const double latent = gp_.signal_variance() - v.squaredNorm();
  const double pivot_squared = latent + gp_.observation_variance() - row.squaredNorm();
  if (!(pivot_squared > 1e-12 * gp_.signal_variance())) return;
  points_.conservativeResize(k + 1, Eigen::NoChange);
  points_.row(k) = x.transpose();
  whitened_.conservativeResize(Eigen::NoChange, k + 1);
  whitened_.col(k) = v;
  weights_.conservativeResize(Eigen::NoChange, k + 1);
  weights_.col(k) = gp_.unwhiten(v);
  factor_.conservativeResize(k + 1, k + 1);
  factor_.col(k).setZero();
  factor_.row(k).head(k) = row.transpose();
  factor_(k, k) = std::sqrt(pivot_squared);
}

Eigen::VectorXd BatchConditioning::covariance(const Eigen::VectorXd& x,
                                              const Eigen::VectorXd& cross) const {
  return gp_.prior_covariance(points_, x.transpose()).col(0) - weights_.transpose() * cross;
}

namespace {

struct Entry {
  double value;        ///< exact for the conditioning set of size `stamp`, else a bound
  Eigen::Index row;    ///< candidate
  Eigen::Index stamp;  ///< |S| the value is exact for; −1 for the screen's bound
  bool operator<(const Entry& other) const {
    // Largest value first; among equal values the lower row, so the order is reproducible.
    if (value != other.value) return value < other.value;
    return row > other.row;
  }
};

double distance_to(const Eigen::VectorXd& x, const std::vector<Eigen::VectorXd>& points) {
  double best = std::numeric_limits<double>::infinity();
  for (const auto& p : points) best = std::min(best, (x - p).norm());
  return best;
}

}  // namespace

std::vector<Eigen::VectorXd> select_batch(const Acquisition& acquisition, const GaussianProcess& gp,
                                          const Space& space,
                                          const std::vector<Eigen::VectorXd>& anchors,
                                          const std::vector<Eigen::VectorXd>& pending, int count,
                                          const AcquisitionSearch& search, Rng& rng) {
  std::vector<Eigen::VectorXd> picks;
  if (count <= 0) return picks;
  if (gp.size() == 0) {
    throw std::invalid_argument("select_batch: the GP has no observations");
  }
  // Rows per whitening solve: a blocked triangular solve runs at full speed from a few
  // dozen right-hand sides on.
  constexpr Eigen::Index kBlock = 64;
  const Eigen::MatrixXd xs = acquisition_candidates(space, anchors, search, rng);
  const Eigen::Index m = xs.rows();
  const GpScreen screen = gp.screen_standardized(xs);

  BatchConditioning conditioning(gp);
  std::vector<Eigen::VectorXd> avoid = pending;
  if (!pending.empty()) {
    Eigen::MatrixXd p(static_cast<Eigen::Index>(pending.size()), gp.dim());
    for (std::size_t i = 0; i < pending.size(); ++i) {
      p.row(static_cast<Eigen::Index>(i)) = pending[i].transpose();
    }
    const Eigen::MatrixXd v = gp.whiten(gp.prior_covariance(gp.inputs(), p));
    for (Eigen::Index i = 0; i < p.rows(); ++i) conditioning.add(p.row(i).transpose(), v.col(i));
  }

  // Candidates in the order of their bounds; whitened in blocks of that order on demand.
  std::vector<double> bound(static_cast<std::size_t>(m));
  for (Eigen::Index i = 0; i < m; ++i) {
    bound[static_cast<std::size_t>(i)] =
        acquisition.from_moments(screen.mean[i], screen.variance_bound[i]);
  }
  std::vector<Eigen::Index> order(static_cast<std::size_t>(m));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return bound[static_cast<std::size_t>(a)] > bound[static_cast<std::size_t>(b)];
  });
  std::vector<Eigen::Index> rank(static_cast<std::size_t>(m));
  for (Eigen::Index r = 0; r < m; ++r) rank[static_cast<std::size_t>(order[r])] = r;
  Eigen::MatrixXd whitened(gp.size(), m);  // column i valid once rank[i] < whitened_upto
  Eigen::Index whitened_upto = 0;
  auto whiten_through = [&](Eigen::Index row) {
    while (rank[static_cast<std::size_t>(row)] >= whitened_upto) {
      const Eigen::Index end = std::min(m, whitened_upto + kBlock);
      Eigen::MatrixXd block(gp.size(), end - whitened_upto);
      for (Eigen::Index r = whitened_upto; r < end; ++r) {
        block.col(r - whitened_upto) = screen.cross.col(order[static_cast<std::size_t>(r)]);
      }
      block = gp.whiten(std::move(block));
      for (Eigen::Index r = whitened_upto; r < end; ++r) {
        whitened.col(order[static_cast<std::size_t>(r)]) = block.col(r - whitened_upto);
      }
      whitened_upto = end;
    }
  };

  int refined = 0;
  std::priority_queue<Entry> queue;
  for (Eigen::Index i = 0; i < m; ++i) queue.push({bound[static_cast<std::size_t>(i)], i, -1});
  while (static_cast<int>(picks.size()) < count) {
    if (queue.empty()) {
      // Every candidate is crowded by pending points or picks: take the farthest from them.
      Eigen::Index far = 0;
      double far_distance = -1.0;
      for (Eigen::Index i = 0; i < m; ++i) {
        const double d = distance_to(xs.row(i).transpose(), avoid);
        if (d > far_distance) {
          far = i;
          far_distance = d;
        }
      }
      const Eigen::VectorXd x = xs.row(far).transpose();
      whiten_through(far);
      conditioning.add(x, whitened.col(far));
      avoid.push_back(x);
      picks.push_back(x);
      continue;
    }
    const Entry top = queue.top();
    queue.pop();
    const Eigen::VectorXd x = xs.row(top.row).transpose();
    if (distance_to(x, avoid) < search.min_distance) continue;  // crowded: never eligible again
    if (top.stamp == conditioning.size()) {
      Eigen::VectorXd pick = x;
      Eigen::VectorXd v = whitened.col(top.row);
      if (refined < search.refine) {
        // Gradient steps from the best pool point, on the acquisition given the batch so far.
        ++refined;
        const AcquisitionFunction conditioned = [&](const Eigen::VectorXd& point,
                                                    Eigen::VectorXd* gradient) {
          return acquisition.value_from(
              conditioning.condition(point, gp.predict_with_gradient_standardized(point)),
              gradient);
        };
        const Eigen::VectorXd r =
            refine_acquisition(conditioned, space, x, search.refine_iterations);
        if (distance_to(r, avoid) >= search.min_distance && conditioned(r, nullptr) > top.value) {
          pick = r;
          v = gp.whiten(gp.prior_covariance(gp.inputs(), r.transpose()));
        }
      }
      conditioning.add(pick, v);
      avoid.push_back(pick);
      picks.push_back(pick);
      continue;
    }
    whiten_through(top.row);
    const Eigen::VectorXd v = whitened.col(top.row);
    const double variance = std::max(gp.signal_variance() - v.squaredNorm() -
                                         conditioning.explained(x, screen.cross.col(top.row)),
                                     0.0);
    queue.push(
        {acquisition.from_moments(screen.mean[top.row], variance), top.row, conditioning.size()});
  }
  return picks;
}

}  // namespace fermata
