#include <fermata/acquisition/batch_selection.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include <gtest/gtest.h>
#include <boost/random/uniform_real_distribution.hpp>

namespace fermata {
namespace {

Space cube(int d) {
  std::vector<Parameter> parameters;
  for (int i = 0; i < d; ++i) {
    parameters.push_back({"x" + std::to_string(i), ParamKind::kFloat, 0, 1, false, {}});
  }
  return Space(parameters);
}

/// A GP on n random points of a bumpy 4-D function, with the usual acquisition settings.
struct Problem {
  /// A large noise makes the believer's noise term matter to where the next pick goes.
  explicit Problem(int n, double noise = 0.2) : space(cube(4)) {
    Rng rng(derive_seed(5, {static_cast<std::uint64_t>(n)}));
    boost::random::uniform_real_distribution<double> u(0.0, 1.0);
    Eigen::MatrixXd x(n, 4);
    Eigen::VectorXd y(n);
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < 4; ++j) x(i, j) = u(rng);
      y[i] = std::sin(6 * x(i, 0)) + (x.row(i).array() - 0.4).square().sum();
    }
    GpHyperparameters h;
    h.log_lengthscales = Eigen::VectorXd::Constant(4, std::log(0.3));
    h.log_signal_variance = 0.0;
    h.log_noise_variance = std::log(noise);
    gp.emplace(x, y, h);
    best = (y.minCoeff() - gp->standardization().offset) / gp->standardization().scale;
    search.candidates = 256;
    search.local_candidates = 0;
    search.refine = 0;  // picks are pool points, to compare with a dense search of the pool
  }
  Space space;
  std::optional<GaussianProcess> gp;
  double best = 0.0;
  AcquisitionSearch search;
};

/// The pool row with the largest acquisition on `model` (a dense prediction of every row),
/// among rows at least min_distance from every point of `avoid`.
Eigen::VectorXd dense_argmax(const GaussianProcess& model, double best, const Eigen::MatrixXd& xs,
                             const std::vector<Eigen::VectorXd>& avoid, double min_distance) {
  const Acquisition acquisition(model, AcquisitionKind::kExpectedImprovement, best);
  const Eigen::VectorXd values = acquisition.values(xs);
  Eigen::Index arg = -1;
  for (Eigen::Index i = 0; i < xs.rows(); ++i) {
    bool crowded = false;
    for (const auto& a : avoid)
      crowded = crowded || (xs.row(i).transpose() - a).norm() < min_distance;
    if (!crowded && (arg < 0 || values[i] > values[arg])) arg = i;
  }
  return xs.row(arg).transpose();
}

TEST(BatchConditioning, VarianceAndItsGradientEqualThoseOfTheGpWithTheBelieverPointsAdded) {
  const Problem p(60);
  Rng rng(4);
  boost::random::uniform_real_distribution<double> u(0.0, 1.0);
  auto point = [&] {
    Eigen::VectorXd x(4);
    for (int j = 0; j < 4; ++j) x[j] = u(rng);
    return x;
  };
  BatchConditioning conditioning(*p.gp);
  GaussianProcess believer = *p.gp;
  for (int i = 0; i < 5; ++i) {
    const Eigen::VectorXd s = point();
    conditioning.add(s, p.gp->whiten(p.gp->prior_covariance(p.gp->inputs(), s.transpose())));
    believer.add_observation(s, believer.predict(s.transpose()).mean[0]);
  }
  ASSERT_EQ(conditioning.size(), 5);
  for (int i = 0; i < 10; ++i) {
    const Eigen::VectorXd x = point();
    const GpPointPrediction got =
        conditioning.condition(x, p.gp->predict_with_gradient_standardized(x));
    const GpPointPrediction want = believer.predict_with_gradient_standardized(x);
    EXPECT_NEAR(got.mean, want.mean, 1e-9);
    EXPECT_NEAR(got.variance, want.variance, 1e-9);
    EXPECT_LT((got.variance_gradient - want.variance_gradient).norm(),
              1e-7 * (1.0 + want.variance_gradient.norm()));
    EXPECT_NEAR(conditioning.explained(
                    x, p.gp->whiten(p.gp->prior_covariance(p.gp->inputs(), x.transpose()))),
                p.gp->predict_with_gradient_standardized(x).variance - want.variance, 1e-9);
  }
}

TEST(BatchConditioning, AddingABlockAtOnceExplainsWhatAddingItsPointsOneByOneExplains) {
  const Problem p(80);
  Rng rng(6);
  boost::random::uniform_real_distribution<double> u(0.0, 1.0);
  auto points = [&](int k) {
    Eigen::MatrixXd x(k, 4);
    for (int i = 0; i < k; ++i)
      for (int j = 0; j < 4; ++j) x(i, j) = u(rng);
    return x;
  };
  auto whiten = [&](const Eigen::MatrixXd& x) {
    return p.gp->whiten(p.gp->prior_covariance(p.gp->inputs(), x));
  };
  const Eigen::MatrixXd first = points(3);
  const Eigen::MatrixXd block = points(12);
  BatchConditioning one_by_one(*p.gp);
  BatchConditioning at_once(*p.gp, 2);  // too small: the storage must grow
  for (Eigen::Index i = 0; i < first.rows(); ++i) {
    one_by_one.add(first.row(i).transpose(), whiten(first).col(i));
    at_once.add(first.row(i).transpose(), whiten(first).col(i));
  }
  for (Eigen::Index i = 0; i < block.rows(); ++i) {
    one_by_one.add(block.row(i).transpose(), whiten(block).col(i));
  }
  at_once.add_all(block, whiten(block));
  ASSERT_EQ(at_once.size(), one_by_one.size());
  const Eigen::MatrixXd probes = points(10);
  for (Eigen::Index i = 0; i < probes.rows(); ++i) {
    const Eigen::VectorXd x = probes.row(i).transpose();
    const Eigen::VectorXd v = whiten(probes).col(i);
    EXPECT_NEAR(at_once.explained(x, v), one_by_one.explained(x, v), 1e-10);
  }
}

TEST(BatchConditioning, ACandidateExtendedAfterMorePointsExplainsWhatItsFreshScoreDoes) {
  const Problem p(80);
  Rng rng(7);
  boost::random::uniform_real_distribution<double> u(0.0, 1.0);
  Eigen::MatrixXd s(9, 4);
  for (Eigen::Index i = 0; i < s.rows(); ++i)
    for (int j = 0; j < 4; ++j) s(i, j) = u(rng);
  Eigen::MatrixXd candidates(5, 4);
  for (Eigen::Index i = 0; i < candidates.rows(); ++i)
    for (int j = 0; j < 4; ++j) candidates(i, j) = u(rng);
  const Eigen::MatrixXd vs = p.gp->whiten(p.gp->prior_covariance(p.gp->inputs(), s));
  const Eigen::MatrixXd vc = p.gp->whiten(p.gp->prior_covariance(p.gp->inputs(), candidates));
  BatchConditioning conditioning(*p.gp);
  for (Eigen::Index i = 0; i < 4; ++i) conditioning.add(s.row(i).transpose(), vs.col(i));
  // Scored with 4 points of S by matrix products, then extended by the 5 added later.
  const Eigen::MatrixXd projected = conditioning.project(candidates, vc);
  ASSERT_EQ(projected.rows(), 4);
  for (Eigen::Index i = 4; i < s.rows(); ++i) conditioning.add(s.row(i).transpose(), vs.col(i));
  for (Eigen::Index c = 0; c < candidates.rows(); ++c) {
    const Eigen::VectorXd x = candidates.row(c).transpose();
    Eigen::VectorXd u_c = projected.col(c);
    conditioning.extend(x, vc.col(c), u_c);
    EXPECT_EQ(u_c.size(), conditioning.size());
    EXPECT_NEAR(u_c.squaredNorm(), conditioning.explained(x, vc.col(c)), 1e-12);
    EXPECT_GT(u_c.squaredNorm(), 0.0);
  }
}

TEST(SelectBatch, EachPickIsTheBestPoolPointOfTheGpWithTheEarlierPicksAddedAtTheirMean) {
  // The batch conditions on earlier picks by a small factor over the picks; the dense
  // reference copies the GP and adds each pick as an observation at its posterior mean.
  const Problem p(120);
  Rng rng(7);
  Rng same(7);
  const Eigen::MatrixXd xs = acquisition_candidates(p.space, {}, p.search, same);
  const Acquisition acquisition(*p.gp, AcquisitionKind::kExpectedImprovement, p.best);
  const auto picks = select_batch(acquisition, *p.gp, p.space, {}, {}, 12, p.search, rng);
  ASSERT_EQ(picks.size(), 12u);
  GaussianProcess believer = *p.gp;
  std::vector<Eigen::VectorXd> earlier;
  for (const Eigen::VectorXd& pick : picks) {
    const Eigen::VectorXd expected =
        dense_argmax(believer, p.best, xs, earlier, p.search.min_distance);
    EXPECT_LT((pick - expected).norm(), 1e-12) << "pick " << earlier.size();
    believer.add_observation(pick, believer.predict(pick.transpose()).mean[0]);
    earlier.push_back(pick);
  }
}

TEST(SelectBatch, PendingPointsLowerTheVarianceAroundThemAsBelieverObservations) {
  const Problem p(80);
  Rng rng(3);
  Rng same(3);
  const Eigen::MatrixXd xs = acquisition_candidates(p.space, {}, p.search, same);
  const Acquisition acquisition(*p.gp, AcquisitionKind::kExpectedImprovement, p.best);
  // The pending points are the unconditioned batch's own first picks, so they matter.
  Rng first(3);
  const auto pending = select_batch(acquisition, *p.gp, p.space, {}, {}, 3, p.search, first);
  const auto picks = select_batch(acquisition, *p.gp, p.space, {}, pending, 2, p.search, rng);
  GaussianProcess believer = *p.gp;
  for (const auto& x : pending)
    believer.add_observation(x, believer.predict(x.transpose()).mean[0]);
  EXPECT_LT((picks[0] - dense_argmax(believer, p.best, xs, pending, p.search.min_distance)).norm(),
            1e-12);
  for (const auto& pick : picks) {
    for (const auto& x : pending) EXPECT_GE((pick - x).norm(), p.search.min_distance);
  }
}

TEST(SelectBatch, GivesCountDistinctPointsEvenWhenEveryCandidateIsCrowded) {
  Problem p(30);
  p.search.candidates = 16;
  p.search.min_distance = 0.7;  // a few picks crowd out the whole pool
  Rng rng(1);
  const Acquisition acquisition(*p.gp, AcquisitionKind::kExpectedImprovement, p.best);
  const auto picks = select_batch(acquisition, *p.gp, p.space, {}, {}, 12, p.search, rng);
  ASSERT_EQ(picks.size(), 12u);
  for (const auto& x : picks) {
    EXPECT_GE(x.minCoeff(), 0.0);
    EXPECT_LE(x.maxCoeff(), 1.0);
  }
  // The fallback takes the candidate farthest from everything chosen, so a point repeats
  // only once all 16 are taken.
  for (std::size_t i = 0; i < picks.size(); ++i) {
    for (std::size_t j = i + 1; j < picks.size(); ++j) EXPECT_GT((picks[i] - picks[j]).norm(), 0.0);
  }
}

TEST(SelectBatch, RefinedPicksBeatTheBestPoolPointOnTheBelieverGp) {
  // Gradient steps on the conditioned acquisition must go uphill on the dense believer GP,
  // whose acquisition is the same function.
  Problem p(120);
  p.search.refine = 4;
  Rng rng(9);
  Rng same(9);
  const Eigen::MatrixXd xs = acquisition_candidates(p.space, {}, p.search, same);
  const Acquisition acquisition(*p.gp, AcquisitionKind::kExpectedImprovement, p.best);
  const auto picks = select_batch(acquisition, *p.gp, p.space, {}, {}, 4, p.search, rng);
  GaussianProcess believer = *p.gp;
  std::vector<Eigen::VectorXd> earlier;
  int improved = 0;
  for (const Eigen::VectorXd& pick : picks) {
    const Acquisition dense(believer, AcquisitionKind::kExpectedImprovement, p.best);
    const Eigen::VectorXd pool_best =
        dense_argmax(believer, p.best, xs, earlier, p.search.min_distance);
    const double pool_value = dense.value(pool_best, nullptr);
    const double value = dense.value(pick, nullptr);
    EXPECT_GE(value, pool_value - 1e-9 * std::abs(pool_value)) << "pick " << earlier.size();
    improved += value > pool_value + 1e-6 * std::abs(pool_value) ? 1 : 0;
    believer.add_observation(pick, believer.predict(pick.transpose()).mean[0]);
    earlier.push_back(pick);
  }
  EXPECT_GE(improved, 1);  // the refinement did something
}

}  // namespace
}  // namespace fermata
