#include "stopping/posterior_search.hpp"

#include <cmath>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include <fermata/acquisition/acquisition.hpp>

namespace fermata::stopping_detail {
namespace {

// Enough observations for the screen to be used (it starts at 256).
constexpr Eigen::Index kObservations = 320;
constexpr double kRootBeta = 2.5;

Space mixed_space() {
  return Space({Parameter{"a", ParamKind::kFloat, 0.0, 1.0, false, {}},
                Parameter{"b", ParamKind::kFloat, 0.0, 1.0, false, {}},
                Parameter{"c", ParamKind::kFloat, 0.0, 1.0, false, {}},
                Parameter{"k", ParamKind::kInt, 0.0, 6.0, false, {}}});
}

/// A GP on kObservations valid points of mixed_space with a bumpy target.
GaussianProcess bumpy_gp(const Space& space) {
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::MatrixXd x(kObservations, static_cast<Eigen::Index>(space.encoded_dim()));
  Eigen::VectorXd y(kObservations);
  for (Eigen::Index i = 0; i < kObservations; ++i) {
    Eigen::VectorXd u(static_cast<Eigen::Index>(space.size()));
    for (Eigen::Index d = 0; d < u.size(); ++d) u[d] = uniform(rng);
    x.row(i) = space.encode(space.from_uniform(u)).transpose();
    y[i] =
        std::sin(7.0 * x(i, 0)) * std::cos(5.0 * x(i, 1)) + x(i, 2) * x(i, 3) + 0.05 * uniform(rng);
  }
  GpHyperparameters h = GpHyperparameters::defaults(x.cols());
  h.log_lengthscales.setConstant(std::log(0.2));
  h.log_noise_variance = std::log(1e-3);
  return GaussianProcess(x, y, h);
}

MomentScore negative_lcb(double sd_limit) {
  return [sd_limit](double mean, double sd, double& d_mean, double& d_sd) {
    d_mean = -1.0;
    d_sd = kRootBeta;
    if (sd > sd_limit) return -std::numeric_limits<double>::infinity();
    return -(mean - kRootBeta * sd);
  };
}

ScoreBound negative_lcb_at_most(double sd_limit) {
  return {[sd_limit](double mean, double sd_bound) {
    return -mean + kRootBeta * std::min(sd_bound, sd_limit);
  }};
}

TEST(PosteriorSearch, TheScreenedSearchFindsExactlyWhatScoringEveryCandidateFinds) {
  const Space space = mixed_space();
  const GaussianProcess gp = bumpy_gp(space);
  for (const double sd_limit : {std::numeric_limits<double>::infinity(), 0.3}) {
    const SearchResult every =
        maximize_posterior_score(gp, space, gp.inputs(), negative_lcb(sd_limit), 5);
    const SearchResult screened = maximize_posterior_score(
        gp, space, gp.inputs(), negative_lcb(sd_limit), 5, {}, negative_lcb_at_most(sd_limit));
    EXPECT_EQ(screened.score, every.score) << "sd limit " << sd_limit;
    EXPECT_EQ(screened.x, every.x) << "sd limit " << sd_limit;
  }
}

TEST(PosteriorSearch, TheScreenedMinimumIsTheMinimumOfEveryExactScore) {
  const Space space = mixed_space();
  const GaussianProcess gp = bumpy_gp(space);
  const MomentScore ucb = [](double mean, double sd, double& d_mean, double& d_sd) {
    d_mean = 1.0;
    d_sd = kRootBeta;
    return mean + kRootBeta * sd;
  };
  const MomentScore lcb = [](double mean, double sd, double& d_mean, double& d_sd) {
    d_mean = 1.0;
    d_sd = -kRootBeta;
    return mean - kRootBeta * sd;
  };
  const ScoreBound ucb_at_least{
      [](double mean, double) { return mean + kRootBeta * kMinAcquisitionSd; }, 0};
  const ScoreBound lcb_at_least{
      [](double mean, double sd_bound) { return mean - kRootBeta * sd_bound; }};
  EXPECT_EQ(min_posterior_score(gp, gp.inputs(), ucb, ucb_at_least),
            posterior_scores(gp, gp.inputs(), ucb).minCoeff());
  EXPECT_EQ(min_posterior_score(gp, gp.inputs(), lcb, lcb_at_least),
            posterior_scores(gp, gp.inputs(), lcb).minCoeff());
}

TEST(PosteriorSearch, ABoundThatIsNotABoundChangesTheMinimumSoTheTestAboveCanFail) {
  // Claims every score is at least +∞: after the first block (in row order, all bounds being
  // equal) every other row is ruled out, although the minimum lies among them.
  const Space space = mixed_space();
  const GaussianProcess gp = bumpy_gp(space);
  const MomentScore lcb = [](double mean, double sd, double& d_mean, double& d_sd) {
    d_mean = 1.0;
    d_sd = -kRootBeta;
    return mean - kRootBeta * sd;
  };
  const ScoreBound wrong{[](double, double) { return std::numeric_limits<double>::infinity(); }, 0};
  EXPECT_GT(min_posterior_score(gp, gp.inputs(), lcb, wrong),
            posterior_scores(gp, gp.inputs(), lcb).minCoeff());
}

}  // namespace
}  // namespace fermata::stopping_detail
