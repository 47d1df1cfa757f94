#include <fermata/acquisition/acquisition.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <vector>

#include <gtest/gtest.h>
#include <boost/random/uniform_real_distribution.hpp>
#include <fermata/core/rng.hpp>
#include <fermata/gp/gaussian_process.hpp>

namespace fermata {
namespace {

/// A GP on n random points of a bumpy 5-D function, and m random candidates: enough points
/// that most candidates' variance bounds are informative, as in a long run.
struct Problem {
  explicit Problem(int n, int m, double lengthscale = 0.3) {
    Rng rng(derive_seed(11, {static_cast<std::uint64_t>(n)}));
    boost::random::uniform_real_distribution<double> u(0.0, 1.0);
    Eigen::MatrixXd x(n, 5);
    Eigen::VectorXd y(n);
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < 5; ++j) x(i, j) = u(rng);
      y[i] = std::sin(6 * x(i, 0)) + (x.row(i).array() - 0.4).square().sum();
    }
    GpHyperparameters h;
    h.log_lengthscales = Eigen::VectorXd::Constant(5, std::log(lengthscale));
    h.log_signal_variance = 0.0;
    h.log_noise_variance = std::log(1e-3);
    gp.emplace(x, y, h);
    xs.resize(m, 5);
    for (int i = 0; i < m; ++i) {
      for (int j = 0; j < 5; ++j) xs(i, j) = u(rng);
    }
    best = ((y.array() - y.mean()) / std::sqrt((y.array() - y.mean()).square().mean())).minCoeff();
  }
  std::optional<GaussianProcess> gp;
  Eigen::MatrixXd xs;
  double best = 0.0;
};

/// Indices of the `keep` largest eligible values, largest first.
std::vector<Eigen::Index> top(const Eigen::VectorXd& v, const std::vector<bool>& eligible,
                              int keep) {
  std::vector<Eigen::Index> order;
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    if (eligible[static_cast<std::size_t>(i)]) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return v[a] > v[b]; });
  order.resize(std::min(order.size(), static_cast<std::size_t>(keep)));
  return order;
}

TEST(GaussianProcessScreen, MeansAreExactAndVarianceBoundsAreAtLeastTheExactVariances) {
  const Problem p(400, 500);
  const GpScreen screen = p.gp->screen_standardized(p.xs);
  const GpPrediction exact = p.gp->predict_standardized(p.xs);
  std::vector<Eigen::Index> all(static_cast<std::size_t>(p.xs.rows()));
  std::iota(all.begin(), all.end(), 0);
  const Eigen::VectorXd screened = p.gp->screened_variances(screen, all);
  int informative = 0;
  for (Eigen::Index i = 0; i < p.xs.rows(); ++i) {
    EXPECT_NEAR(screen.mean[i], exact.mean[i], 1e-9);
    EXPECT_NEAR(screened[i], exact.variance[i], 1e-12);
    EXPECT_GE(screen.variance_bound[i], exact.variance[i]);
    if (screen.variance_bound[i] < 0.9) ++informative;  // below the prior variance s² = 1
  }
  EXPECT_GT(informative, 0);
}

TEST(Acquisition, TopValuesGiveTheSameBestEligibleCandidatesAsEvaluatingEveryOne) {
  for (const AcquisitionKind kind :
       {AcquisitionKind::kExpectedImprovement, AcquisitionKind::kLowerConfidenceBound}) {
    const Problem p(600, 1152);
    const Acquisition acquisition(*p.gp, kind, p.best);
    std::vector<bool> eligible(static_cast<std::size_t>(p.xs.rows()));
    for (std::size_t i = 0; i < eligible.size(); ++i) eligible[i] = i % 7 != 0;
    const Eigen::VectorXd full = acquisition.values(p.xs);
    const Eigen::VectorXd pruned = acquisition.top_values(p.xs, eligible, 6);
    const auto expected = top(full, eligible, 6);
    ASSERT_EQ(top(pruned, eligible, 6), expected);
    for (Eigen::Index i : expected) EXPECT_NEAR(pruned[i], full[i], 1e-9);
    // Every value it reports is exact; the others are −∞, never a made-up number.
    int skipped = 0;
    for (Eigen::Index i = 0; i < full.size(); ++i) {
      if (std::isinf(pruned[i])) {
        ++skipped;
      } else {
        EXPECT_NEAR(pruned[i], full[i], 1e-9);
      }
    }
    EXPECT_LT(skipped, full.size());
  }
}

TEST(Acquisition, TopValuesEvaluateEveryRowWhenFewerThanKeepAreEligible) {
  const Problem p(50, 100);
  const Acquisition acquisition(*p.gp, AcquisitionKind::kExpectedImprovement, p.best);
  std::vector<bool> eligible(100, false);
  eligible[3] = eligible[40] = true;
  const Eigen::VectorXd full = acquisition.values(p.xs);
  const Eigen::VectorXd pruned = acquisition.top_values(p.xs, eligible, 6);
  for (Eigen::Index i = 0; i < full.size(); ++i) EXPECT_NEAR(pruned[i], full[i], 1e-9);
}

}  // namespace
}  // namespace fermata
