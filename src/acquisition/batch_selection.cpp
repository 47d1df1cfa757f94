#include <fermata/acquisition/batch_selection.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <future>
#include <limits>
#include <numeric>
#include <queue>
#include <stdexcept>

#include <Eigen/Cholesky>

namespace fermata {

BatchConditioning::BatchConditioning(const GaussianProcess& gp, Eigen::Index capacity)
    : gp_(gp),
      points_(std::max<Eigen::Index>(capacity, 1), gp.dim()),
      whitened_(gp.size(), std::max<Eigen::Index>(capacity, 1)),
      weights_(gp.size(), 0),
      factor_(std::max<Eigen::Index>(capacity, 1), std::max<Eigen::Index>(capacity, 1)) {}

void BatchConditioning::reserve(Eigen::Index capacity) {
  if (capacity <= points_.rows()) return;
  capacity = std::max(capacity, 2 * points_.rows());
  points_.conservativeResize(capacity, Eigen::NoChange);
  whitened_.conservativeResize(Eigen::NoChange, capacity);
  factor_.conservativeResize(capacity, capacity);
}

void BatchConditioning::extend(const Eigen::VectorXd& x, const Eigen::VectorXd& v,
                               Eigen::VectorXd& u) const {
  const Eigen::Index done = u.size();
  const Eigen::Index added = size_ - done;
  if (added <= 0) return;
  // The new rows of F u = w: F₂₂ u₂ = w₂ − F₂₁ u₁, with w₂ = cov(S₂, x | data).
  Eigen::VectorXd rest = gp_.prior_covariance(points_.middleRows(done, added), x.transpose());
  rest.noalias() -= whitened_.middleCols(done, added).transpose() * v;
  if (done > 0) rest.noalias() -= factor_.block(done, 0, added, done) * u;
  factor_.block(done, done, added, added).triangularView<Eigen::Lower>().solveInPlace(rest);
  u.conservativeResize(size_);
  u.tail(added) = rest;
}

Eigen::MatrixXd BatchConditioning::project(const Eigen::MatrixXd& xs,
                                           const Eigen::MatrixXd& v) const {
  Eigen::MatrixXd w = gp_.prior_covariance(points_.topRows(size_), xs);
  w.noalias() -= whitened_.leftCols(size_).transpose() * v;
  factor_.topLeftCorner(size_, size_).triangularView<Eigen::Lower>().solveInPlace(w);
  return w;
}

double BatchConditioning::explained(const Eigen::VectorXd& x, const Eigen::VectorXd& v) const {
  Eigen::VectorXd u;
  extend(x, v, u);
  return u.squaredNorm();
}

const Eigen::MatrixXd& BatchConditioning::weights() const {
  const Eigen::Index done = weights_.cols();
  if (done < size_) {
    weights_.conservativeResize(Eigen::NoChange, size_);
    weights_.rightCols(size_ - done) = gp_.unwhiten(whitened_.middleCols(done, size_ - done));
  }
  return weights_;
}

GpPointPrediction BatchConditioning::condition(const Eigen::VectorXd& x,
                                               GpPointPrediction p) const {
  if (size_ == 0) return p;
  // w = k(S, x) − (K⁻¹ K_XS)ᵀ k(X, x): with the weights at hand, O(n |S|) and no solve.
  const Eigen::VectorXd cross = gp_.prior_covariance(gp_.inputs(), x.transpose()).col(0);
  const Eigen::VectorXd w = gp_.prior_covariance(points_.topRows(size_), x.transpose()).col(0) -
                            weights().transpose() * cross;
  const auto factor = factor_.topLeftCorner(size_, size_);
  const Eigen::VectorXd u = factor.triangularView<Eigen::Lower>().solve(w);
  // ∂cov(x, S | data)/∂x = ∂k(S, x)/∂x − (K⁻¹ K_XS)ᵀ ∂k(X, x)/∂x.
  const Eigen::MatrixXd d = gp_.prior_covariance_gradient(x, points_.topRows(size_)) -
                            weights().transpose() * gp_.prior_covariance_gradient(x, gp_.inputs());
  const Eigen::VectorXd r = factor.transpose().triangularView<Eigen::Upper>().solve(u);
  p.variance -= u.squaredNorm();
  p.variance_gradient -= 2.0 * d.transpose() * r;
  return p;
}

void BatchConditioning::add(const Eigen::VectorXd& x, const Eigen::VectorXd& v) {
  Eigen::VectorXd row;
  extend(x, v, row);
  const double latent = gp_.signal_variance() - v.squaredNorm();
  const double pivot_squared = latent + gp_.observation_variance() - row.squaredNorm();
  if (!(pivot_squared > kMinPivot * gp_.signal_variance())) return;
  reserve(size_ + 1);
  const Eigen::Index k = size_;
  points_.row(k) = x.transpose();
  whitened_.col(k) = v;
  factor_.row(k).head(k) = row.transpose();
  factor_(k, k) = std::sqrt(pivot_squared);
  ++size_;
}

void BatchConditioning::add_all(const Eigen::MatrixXd& xs, const Eigen::MatrixXd& v) {
  const Eigen::Index k = xs.rows();
  if (k == 0) return;
  // [F 0; B C] with B = F⁻¹ cov(S, T | data) and C Cᵀ = cov(T, T | data) + σ² I − Bᵀ B.
  const Eigen::MatrixXd b = project(xs, v);
  Eigen::MatrixXd corner = gp_.prior_covariance(xs, xs);
  corner.noalias() -= v.transpose() * v;
  corner.noalias() -= b.transpose() * b;
  corner.diagonal().array() += gp_.observation_variance();
  const Eigen::LLT<Eigen::MatrixXd> llt(corner);
  const bool usable =
      llt.info() == Eigen::Success &&
      (llt.matrixLLT().diagonal().array().square() > kMinPivot * gp_.signal_variance()).all();
  if (!usable) {
    // Some point is (nearly) explained by the others: one at a time leaves it out.
    for (Eigen::Index i = 0; i < k; ++i) add(xs.row(i).transpose(), v.col(i));
    return;
  }
  reserve(size_ + k);
  points_.middleRows(size_, k) = xs;
  whitened_.middleCols(size_, k) = v;
  factor_.block(size_, 0, k, size_) = b.transpose();
  factor_.block(size_, size_, k, k) = llt.matrixL();
  size_ += k;
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

/// Picks of a batch refined by gradient steps: search.refine up to 1000 observations, and
/// above that fewer, in proportion to 1/n², at least one. A gradient step costs O(n²) (two
/// triangular solves), so the refinement of a batch costs at most what it costs at n = 1000
/// (≈ 0.15 s on one core, 9 dimensions), where it was ≈ 0.6 s per batch at n = 2800.
int refined_picks(const AcquisitionSearch& search, Eigen::Index n) {
  constexpr double kFullRefinementUpTo = 1000.0;
  const double scale = std::min(1.0, std::pow(kFullRefinementUpTo / static_cast<double>(n), 2));
  return std::max(std::min(search.refine, 1),
                  static_cast<int>(std::ceil(search.refine * scale - 1e-9)));
}

/// gp.whiten(b), its columns split over `threads` threads (the calling one among them);
/// the same up to rounding whatever the split.
Eigen::MatrixXd whiten_in_parallel(const GaussianProcess& gp, Eigen::MatrixXd b, int threads) {
  const Eigen::Index parts = std::min<Eigen::Index>(threads, b.cols());
  if (parts <= 1) return gp.whiten(std::move(b));
  const Eigen::Index per = (b.cols() + parts - 1) / parts;
  std::vector<std::future<void>> others;
  for (Eigen::Index start = per; start < b.cols(); start += per) {
    const Eigen::Index width = std::min(per, b.cols() - start);
    others.push_back(std::async(std::launch::async, [&gp, &b, start, width] {
      b.middleCols(start, width) = gp.whiten(b.middleCols(start, width));
    }));
  }
  b.leftCols(per) = gp.whiten(b.leftCols(per));
  for (auto& other : others) other.get();
  return b;
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
  const int threads = std::max(1, search.threads);
  const Eigen::MatrixXd xs = acquisition_candidates(space, anchors, search, rng);
  const Eigen::Index m = xs.rows();
  const GpScreen screen = gp.screen_standardized(xs);

  BatchConditioning conditioning(gp, static_cast<Eigen::Index>(pending.size()) + count);
  std::vector<Eigen::VectorXd> avoid = pending;
  if (!pending.empty()) {
    Eigen::MatrixXd p(static_cast<Eigen::Index>(pending.size()), gp.dim());
    for (std::size_t i = 0; i < pending.size(); ++i) {
      p.row(static_cast<Eigen::Index>(i)) = pending[i].transpose();
    }
    const Eigen::MatrixXd v = whiten_in_parallel(gp, gp.prior_covariance(gp.inputs(), p), threads);
    conditioning.add_all(p, v);
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
  // Candidate i's F u = cov(S₁, i | data) for the points of S when it was last scored;
  // extended by the picks since when it is scored again.
  std::vector<Eigen::VectorXd> projected(static_cast<std::size_t>(m));
  auto whiten_through = [&](Eigen::Index row) {
    while (rank[static_cast<std::size_t>(row)] >= whitened_upto) {
      const Eigen::Index end = std::min(m, whitened_upto + kBlock * threads);
      Eigen::MatrixXd block(gp.size(), end - whitened_upto);
      for (Eigen::Index r = whitened_upto; r < end; ++r) {
        block.col(r - whitened_upto) = screen.cross.col(order[static_cast<std::size_t>(r)]);
      }
      block = whiten_in_parallel(gp, std::move(block), threads);
      Eigen::MatrixXd points(end - whitened_upto, gp.dim());
      for (Eigen::Index r = whitened_upto; r < end; ++r) {
        points.row(r - whitened_upto) = xs.row(order[static_cast<std::size_t>(r)]);
      }
      // The block's conditioning on S so far by matrix products, not one by one.
      const Eigen::MatrixXd u = conditioning.project(points, block);
      for (Eigen::Index r = whitened_upto; r < end; ++r) {
        const Eigen::Index c = order[static_cast<std::size_t>(r)];
        whitened.col(c) = block.col(r - whitened_upto);
        projected[static_cast<std::size_t>(c)] = u.col(r - whitened_upto);
      }
      whitened_upto = end;
    }
  };

  int refined = 0;
  const int refine = refined_picks(search, gp.size());
  std::priority_queue<Entry> queue;
  for (Eigen::Index i = 0; i < m; ++i) queue.push({bound[static_cast<std::size_t>(i)], i, -1});
  while (static_cast<int>(picks.size()) < count) {
    if (queue.empty()) {
      // Every candidate is crowded by pending points or picks: take the farthest from them.
      const Eigen::Index far = farthest_row(xs, avoid);
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
      if (refined < refine) {
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
    Eigen::VectorXd& u = projected[static_cast<std::size_t>(top.row)];
    conditioning.extend(x, v, u);
    const double variance = std::max(gp.signal_variance() - v.squaredNorm() - u.squaredNorm(), 0.0);
    queue.push(
        {acquisition.from_moments(screen.mean[top.row], variance), top.row, conditioning.size()});
  }
  return picks;
}

}  // namespace fermata
