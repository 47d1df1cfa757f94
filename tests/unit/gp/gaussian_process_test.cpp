#include <fermata/gp/gaussian_process.hpp>

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>
#include <Eigen/LU>

namespace fermata {
namespace {

// A 4-point, 2-D problem whose posterior was computed independently with python3 and only
// its standard library (Gauss–Jordan solves instead of a Cholesky factor):
//   import math
//   def k(a,b,l,s2):
//       s=math.sqrt(5*sum(((p-q)/w)**2 for p,q,w in zip(a,b,l))); return
//       s2*(1+s+s*s/3)*math.exp(-s)
//   def solve(A,b):
//       n=len(A); M=[r[:]+[v] for r,v in zip(A,b)]
//       for c in range(n):
//           p=max(range(c,n),key=lambda r:abs(M[r][c])); M[c],M[p]=M[p],M[c]
//           for r in range(n):
//               if r!=c: f=M[r][c]/M[c][c]; M[r]=[x-f*y for x,y in zip(M[r],M[c])]
//       return [M[i][n]/M[i][i] for i in range(n)]
//   def det(A):  # product of pivots of an LU with partial pivoting
//       n=len(A); M=[r[:] for r in A]; d=1.0
//       for c in range(n):
//           p=max(range(c,n),key=lambda r:abs(M[r][c]))
//           if p!=c: M[c],M[p]=M[p],M[c]; d=-d
//           d*=M[c][c]
//           for r in range(c+1,n): f=M[r][c]/M[c][c]; M[r]=[x-f*y for x,y in zip(M[r],M[c])]
//       return d
//   X=[[.1,.2],[.4,.7],[.8,.3],[.5,.5]]; y=[1.,2.,.5,1.5]; l=[.3,.6]; s2=1.2; nz=.01
//   mu=sum(y)/4; sd=math.sqrt(sum((v-mu)**2 for v in y)/4); ys=[(v-mu)/sd for v in y]
//   K=[[k(a,b,l,s2)+(nz if i==j else 0) for j,b in enumerate(X)] for i,a in enumerate(X)]
//   al=solve(K,ys)
//   for xs in [[.3,.4],[.9,.9]]:
//       ks=[k(xs,b,l,s2) for b in X]
//       print(sum(p*q for p,q in zip(ks,al))*sd+mu,
//             (s2-sum(p*q for p,q in zip(ks,solve(K,ks))))*sd*sd)
//   print(-.5*sum(p*q for p,q in zip(ys,al))-.5*math.log(det(K))-2*math.log(2*math.pi))
struct SmallProblem {
  Eigen::MatrixXd x{{0.1, 0.2}, {0.4, 0.7}, {0.8, 0.3}, {0.5, 0.5}};
  Eigen::VectorXd y{{1.0, 2.0, 0.5, 1.5}};
  Eigen::MatrixXd xs{{0.3, 0.4}, {0.9, 0.9}};
  GpHyperparameters h = [] {
    GpHyperparameters h;
    h.log_lengthscales = Eigen::Vector2d(std::log(0.3), std::log(0.6));
    h.log_signal_variance = std::log(1.2);
    h.log_noise_variance = std::log(0.01);
    return h;
  }();
};

Eigen::MatrixXd irregular_points(Eigen::Index n, Eigen::Index dim, double shift) {
  Eigen::MatrixXd x(n, dim);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < dim; ++j) {
      x(i, j) = std::fmod(shift + 0.754877666 * static_cast<double>(i + 1) * (j + 1) +
                              0.569840291 * static_cast<double>(i * i % 7) * (j + 2),
                          1.0);
    }
  }
  return x;
}

Eigen::VectorXd smooth_targets(const Eigen::MatrixXd& x) {
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    y[i] = 3.0 + std::sin(5.0 * x(i, 0)) + 0.5 * x.row(i).squaredNorm();
  }
  return y;
}

GpHyperparameters hyperparameters_3d() {
  GpHyperparameters h;
  h.log_lengthscales = Eigen::Vector3d(std::log(0.4), std::log(0.7), std::log(1.5));
  h.log_signal_variance = std::log(0.9);
  h.log_noise_variance = std::log(0.02);
  h.mean = 0.1;
  return h;
}

TEST(GaussianProcess, PosteriorMatchesIndependentPythonNumbers) {
  const SmallProblem p;
  const GaussianProcess gp(p.x, p.y, p.h);
  const GpPrediction prediction = gp.predict(p.xs);
  EXPECT_NEAR(prediction.mean[0], 1.5380607883457662, 1e-12);
  EXPECT_NEAR(prediction.variance[0], 0.08030314152277448, 1e-12);
  EXPECT_NEAR(prediction.mean[1], 0.9880663499820834, 1e-12);
  EXPECT_NEAR(prediction.variance[1], 0.2815075860832173, 1e-12);
  EXPECT_NEAR(gp.log_marginal_likelihood(), -5.806866645244751, 1e-12);
}

TEST(GaussianProcess, PosteriorMatchesDenseFormulaWithExplicitInverse) {
  const Eigen::MatrixXd x = irregular_points(9, 3, 0.1);
  const Eigen::VectorXd y = smooth_targets(x);
  const Eigen::MatrixXd xs = irregular_points(5, 3, 0.37);
  const GpHyperparameters h = hyperparameters_3d();
  const GaussianProcess gp(x, y, h);

  const Matern52Kernel kernel = h.kernel();
  const Standardization s = Standardization::of(y);
  EXPECT_NEAR(s.offset, y.mean(), 1e-14);
  EXPECT_NEAR(s.scale, std::sqrt((y.array() - y.mean()).square().sum() / 9.0), 1e-14);
  const Eigen::MatrixXd k =
      kernel.covariance(x) + h.noise_variance() * Eigen::MatrixXd::Identity(9, 9);
  const Eigen::MatrixXd k_inverse = k.fullPivLu().inverse();
  const Eigen::VectorXd residual = s.apply(y).array() - h.mean;
  const Eigen::MatrixXd cross = kernel.covariance(xs, x);
  const Eigen::VectorXd mean = (cross * k_inverse * residual).array() + h.mean;
  const Eigen::VectorXd variance =
      (h.kernel().signal_variance() - (cross * k_inverse * cross.transpose()).diagonal().array());

  const GpPrediction standardized = gp.predict_standardized(xs);
  EXPECT_LT((standardized.mean - mean).cwiseAbs().maxCoeff(), 1e-10);
  EXPECT_LT((standardized.variance - variance).cwiseAbs().maxCoeff(), 1e-10);
  const GpPrediction original = gp.predict(xs);
  EXPECT_LT(
      (original.mean - (mean * s.scale).array().matrix() - Eigen::VectorXd::Constant(5, s.offset))
          .cwiseAbs()
          .maxCoeff(),
      1e-10);
  EXPECT_LT((original.variance - variance * s.scale * s.scale).cwiseAbs().maxCoeff(), 1e-10);

  const double lml = -0.5 * residual.dot(k_inverse * residual) -
                     0.5 * std::log(k.fullPivLu().determinant()) -
                     4.5 * std::log(2.0 * std::numbers::pi);
  EXPECT_NEAR(gp.log_marginal_likelihood(), lml, 1e-10);
}

TEST(GaussianProcess, LogMarginalLikelihoodGradientMatchesCentralFiniteDifferences) {
  const Eigen::MatrixXd x = irregular_points(12, 3, 0.2);
  const Eigen::VectorXd y = smooth_targets(x);
  const GpHyperparameters h = hyperparameters_3d();
  const GaussianProcess gp(x, y, h);
  const Eigen::VectorXd gradient = gp.log_marginal_likelihood_gradient();
  const Eigen::VectorXd theta = h.to_vector();
  ASSERT_EQ(gradient.size(), 5);
  const double step = 1e-5;
  for (Eigen::Index j = 0; j < theta.size(); ++j) {
    Eigen::VectorXd plus = theta, minus = theta;
    plus[j] += step;
    minus[j] -= step;
    const Standardization s = gp.standardization();
    const double numeric = (GaussianProcess(x, y, GpHyperparameters::from_vector(plus, h.mean), s)
                                .log_marginal_likelihood() -
                            GaussianProcess(x, y, GpHyperparameters::from_vector(minus, h.mean), s)
                                .log_marginal_likelihood()) /
                           (2.0 * step);
    EXPECT_NEAR(gradient[j], numeric, 1e-5 * std::max(1.0, std::abs(numeric))) << "θ_" << j;
  }
}

TEST(GaussianProcess, LogMarginalLikelihoodGradientMatchesExplicitInverseFormulaAtLargerN) {
  // 130 points: large enough for the blocked triangular inverse to recurse several levels.
  const Eigen::MatrixXd x = irregular_points(130, 3, 0.07);
  const Eigen::VectorXd y = smooth_targets(x);
  const GpHyperparameters h = hyperparameters_3d();
  const GaussianProcess gp(x, y, h);
  const Eigen::MatrixXd k =
      h.kernel().covariance(x) + h.noise_variance() * Eigen::MatrixXd::Identity(130, 130);
  const Eigen::MatrixXd k_inverse = k.fullPivLu().inverse();
  const Eigen::VectorXd alpha =
      k_inverse * (gp.standardization().apply(y).array() - h.mean).matrix();
  const Eigen::MatrixXd w = alpha * alpha.transpose() - k_inverse;
  const std::vector<Eigen::MatrixXd> dk = h.kernel().covariance_gradients(x);
  const Eigen::VectorXd gradient = gp.log_marginal_likelihood_gradient();
  for (std::size_t j = 0; j < dk.size(); ++j) {
    const double expected = 0.5 * (w.array() * dk[j].array()).sum();
    EXPECT_NEAR(gradient[static_cast<Eigen::Index>(j)], expected,
                1e-8 * std::max(1.0, std::abs(expected)));
  }
  const double noise_expected = 0.5 * h.noise_variance() * w.trace();
  EXPECT_NEAR(gradient[4], noise_expected, 1e-8 * std::max(1.0, std::abs(noise_expected)));
}

TEST(GaussianProcess, FreeLogMarginalLikelihoodAgreesWithTheModel) {
  const Eigen::MatrixXd x = irregular_points(10, 3, 0.3);
  const Eigen::VectorXd y = smooth_targets(x);
  const GpHyperparameters h = hyperparameters_3d();
  const GaussianProcess gp(x, y, h);
  Eigen::VectorXd gradient;
  const double lml = log_marginal_likelihood(x, gp.standardization().apply(y), h, &gradient);
  EXPECT_NEAR(lml, gp.log_marginal_likelihood(), 1e-12);
  EXPECT_LT((gradient - gp.log_marginal_likelihood_gradient()).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_NEAR(log_marginal_likelihood(x, gp.standardization().apply(y), h, nullptr), lml, 1e-12);
}

TEST(GaussianProcess, PointPredictionGradientMatchesFiniteDifferencesAndBatch) {
  const Eigen::MatrixXd x = irregular_points(11, 3, 0.15);
  const Eigen::VectorXd y = smooth_targets(x);
  const GaussianProcess gp(x, y, hyperparameters_3d());
  const Eigen::Vector3d query(0.42, 0.13, 0.77);
  const GpPointPrediction point = gp.predict_with_gradient(query);
  const GpPrediction batch = gp.predict(query.transpose());
  EXPECT_NEAR(point.mean, batch.mean[0], 1e-12);
  EXPECT_NEAR(point.variance, batch.variance[0], 1e-12);
  const double step = 1e-6;
  for (Eigen::Index i = 0; i < 3; ++i) {
    Eigen::Vector3d plus = query, minus = query;
    plus[i] += step;
    minus[i] -= step;
    const GpPrediction up = gp.predict(plus.transpose());
    const GpPrediction down = gp.predict(minus.transpose());
    EXPECT_NEAR(point.mean_gradient[i], (up.mean[0] - down.mean[0]) / (2.0 * step), 1e-6);
    EXPECT_NEAR(point.variance_gradient[i], (up.variance[0] - down.variance[0]) / (2.0 * step),
                1e-6);
  }
}

TEST(GaussianProcess, RankOneUpdatesEqualAFullFitWithTheSameConstants) {
  const Eigen::MatrixXd x = irregular_points(14, 3, 0.05);
  const Eigen::VectorXd y = smooth_targets(x);
  const Eigen::MatrixXd xs = irregular_points(6, 3, 0.61);
  const GpHyperparameters h = hyperparameters_3d();
  GaussianProcess updated(x.topRows(8), y.head(8), h);
  for (Eigen::Index i = 8; i < 14; ++i) updated.add_observation(x.row(i).transpose(), y[i]);
  // Keeps the standardization of the first 8 targets, not of all 14.
  EXPECT_DOUBLE_EQ(updated.standardization().offset, Standardization::of(y.head(8)).offset);
  const GaussianProcess full(x, y, h, updated.standardization());

  ASSERT_EQ(updated.size(), 14);
  EXPECT_LT((updated.cholesky_factor() - full.cholesky_factor()).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_LT((updated.alpha() - full.alpha()).cwiseAbs().maxCoeff(), 1e-9);
  const GpPrediction a = updated.predict(xs);
  const GpPrediction b = full.predict(xs);
  EXPECT_LT((a.mean - b.mean).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_LT((a.variance - b.variance).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_NEAR(updated.log_marginal_likelihood(), full.log_marginal_likelihood(), 1e-9);
}

TEST(GaussianProcess, ABlockOfObservationsEqualsAFullFitWithTheSameConstants) {
  const Eigen::MatrixXd x = irregular_points(14, 3, 0.05);
  const Eigen::VectorXd y = smooth_targets(x);
  const GpHyperparameters h = hyperparameters_3d();
  GaussianProcess updated(x.topRows(8), y.head(8), h);
  updated.add_observations(x.bottomRows(6), y.tail(6));
  const GaussianProcess full(x, y, h, updated.standardization());
  ASSERT_EQ(updated.size(), 14);
  EXPECT_LT((updated.cholesky_factor() - full.cholesky_factor()).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_LT((updated.alpha() - full.alpha()).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_NEAR(updated.log_marginal_likelihood(), full.log_marginal_likelihood(), 1e-9);
}

TEST(GaussianProcess, ABlockWithADuplicatePointStillGivesAFiniteFitThroughTheNoise) {
  const Eigen::MatrixXd x = irregular_points(10, 3, 0.05);
  const Eigen::VectorXd y = smooth_targets(x);
  GpHyperparameters h = hyperparameters_3d();
  h.log_noise_variance = std::log(1e-14);  // a repeated point makes the corner singular
  GaussianProcess gp(x.topRows(8), y.head(8), h);
  Eigen::MatrixXd block(2, 3);
  block.row(0) = x.row(8);
  block.row(1) = x.row(8);
  gp.add_observations(block, Eigen::Vector2d(y[8], y[8]));
  EXPECT_EQ(gp.size(), 10);
  EXPECT_TRUE(gp.alpha().allFinite());
  EXPECT_NEAR(gp.predict(x.row(8)).mean[0], y[8], 1e-3);
}

TEST(GaussianProcess, InterpolatesTrainingPointsWhenNoiseIsTiny) {
  const Eigen::MatrixXd x = irregular_points(10, 2, 0.25);
  const Eigen::VectorXd y = (x.col(0).array() * 4.0).sin() + x.col(1).array();
  GpHyperparameters h;
  h.log_lengthscales = Eigen::Vector2d(std::log(0.5), std::log(0.5));
  h.log_signal_variance = 0.0;
  h.log_noise_variance = std::log(kMinNoiseVariance);
  const GaussianProcess gp(x, y, h);
  const GpPrediction at_data = gp.predict(x);
  const double scale = gp.standardization().scale;
  EXPECT_LT((at_data.mean - y).cwiseAbs().maxCoeff(), 1e-4 * scale);
  EXPECT_LT(at_data.variance.maxCoeff(), 1e-5 * scale * scale);
  // Away from the data the model is honestly uncertain.
  EXPECT_GT(gp.predict(Eigen::RowVector2d(2.0, -1.0)).variance[0], 0.5 * scale * scale);
}

TEST(GaussianProcess, PredictionsAreEquivariantToAffineTargetChanges) {
  const Eigen::MatrixXd x = irregular_points(8, 3, 0.4);
  const Eigen::VectorXd y = smooth_targets(x);
  const Eigen::MatrixXd xs = irregular_points(4, 3, 0.9);
  const GpHyperparameters h = hyperparameters_3d();
  const GpPrediction base = GaussianProcess(x, y, h).predict(xs);
  const GpPrediction moved = GaussianProcess(x, (y.array() * 250.0 - 7.0).matrix(), h).predict(xs);
  EXPECT_LT((moved.mean - (base.mean.array() * 250.0 - 7.0).matrix()).cwiseAbs().maxCoeff(), 1e-8);
  EXPECT_LT((moved.variance - base.variance * 62500.0).cwiseAbs().maxCoeff(), 1e-6);
}

TEST(GaussianProcess, ConstantTargetsUseTheScaleFloor) {
  const Eigen::MatrixXd x = irregular_points(5, 2, 0.3);
  const Eigen::VectorXd y = Eigen::VectorXd::Constant(5, 0.25);
  const GaussianProcess gp(x, y, GpHyperparameters::defaults(2));
  EXPECT_EQ(gp.standardization().scale, kMinTargetScale);
  const GpPrediction p = gp.predict(Eigen::RowVector2d(0.5, 0.5));
  EXPECT_NEAR(p.mean[0], 0.25, 1e-12);
  EXPECT_TRUE(std::isfinite(p.variance[0]));
}

TEST(GaussianProcess, SavedHyperparametersReproducePredictions) {
  const Eigen::MatrixXd x = irregular_points(12, 3, 0.45);
  const Eigen::VectorXd y = smooth_targets(x);
  const Eigen::MatrixXd xs = irregular_points(7, 3, 0.12);
  const GaussianProcess original(x, y, hyperparameters_3d());
  // What a checkpoint stores: θ as plain numbers and the constant mean.
  const Eigen::VectorXd saved_theta = original.hyperparameters().to_vector();
  const double saved_mean = original.hyperparameters().mean;
  const GaussianProcess restored(x, y, GpHyperparameters::from_vector(saved_theta, saved_mean));
  const GpPrediction a = original.predict(xs);
  const GpPrediction b = restored.predict(xs);
  EXPECT_EQ(a.mean, b.mean);
  EXPECT_EQ(a.variance, b.variance);
  EXPECT_EQ(restored.hyperparameters().to_vector(), saved_theta);
}

TEST(GaussianProcess, AddsJitterWhenTheCovarianceIsNumericallySingular) {
  // Duplicate points and s² = 1e12 against σ² = 1e-6: K + σ²I is singular in doubles.
  Eigen::MatrixXd x{{0.2, 0.2}, {0.2, 0.2}, {0.7, 0.1}};
  GpHyperparameters h = GpHyperparameters::defaults(2);
  h.log_signal_variance = std::log(1e12);
  h.log_noise_variance = std::log(kMinNoiseVariance);
  const GaussianProcess gp(x, Eigen::Vector3d(1.0, 1.1, 0.0), h);
  EXPECT_GT(gp.jitter(), 0.0);
  EXPECT_TRUE(gp.cholesky_factor().allFinite());
  const GpPrediction p = gp.predict(Eigen::RowVector2d(0.4, 0.4));
  EXPECT_TRUE(p.mean.allFinite());
  EXPECT_TRUE(p.variance.allFinite());
}

TEST(GaussianProcess, AddingANearDuplicateThatBreaksTheUpdateRefactorizesWithJitter) {
  // With s² = 1e12 the new pivot s² + σ² − |l|² of a duplicate point is lost to rounding,
  // so the rank-one update cannot be used; the result must equal a full fit.
  GpHyperparameters h = GpHyperparameters::defaults(2);
  h.log_signal_variance = std::log(1e12);
  h.log_noise_variance = std::log(kMinNoiseVariance);
  GaussianProcess gp(Eigen::MatrixXd{{0.2, 0.2}, {0.7, 0.1}}, Eigen::Vector2d(1.0, 0.0), h);
  ASSERT_EQ(gp.jitter(), 0.0);
  gp.add_observation(Eigen::Vector2d(0.2, 0.2), 1.1);
  EXPECT_GT(gp.jitter(), 0.0);
  const GaussianProcess full(gp.inputs(), gp.targets(), h, gp.standardization());
  EXPECT_EQ(gp.jitter(), full.jitter());
  EXPECT_TRUE(gp.cholesky_factor().isApprox(full.cholesky_factor(), 1e-12));
  EXPECT_TRUE(gp.alpha().isApprox(full.alpha(), 1e-12));
}

TEST(GaussianProcess, NoiseVarianceIsFlooredInStandardizedUnits) {
  GpHyperparameters h = GpHyperparameters::defaults(2);
  h.log_noise_variance = std::log(1e-12);
  EXPECT_EQ(h.noise_variance(), kMinNoiseVariance);
  h.log_noise_variance = std::log(0.3);
  EXPECT_NEAR(h.noise_variance(), 0.3, 1e-15);
}

TEST(GaussianProcess, RejectsMismatchedOrNonFiniteData) {
  const GpHyperparameters h = GpHyperparameters::defaults(2);
  EXPECT_THROW(GaussianProcess(Eigen::MatrixXd::Zero(3, 2), Eigen::VectorXd::Zero(2), h),
               std::invalid_argument);
  EXPECT_THROW(GaussianProcess(Eigen::MatrixXd::Zero(3, 3), Eigen::VectorXd::Zero(3), h),
               std::invalid_argument);
  Eigen::VectorXd y = Eigen::VectorXd::Zero(3);
  y[1] = std::nan("");
  EXPECT_THROW(GaussianProcess(irregular_points(3, 2, 0.1), y, h), std::invalid_argument);
  GaussianProcess gp(irregular_points(3, 2, 0.1), Eigen::Vector3d(1, 2, 3), h);
  EXPECT_THROW(gp.add_observation(Eigen::Vector3d(0.1, 0.2, 0.3), 1.0), std::invalid_argument);
  EXPECT_THROW(gp.predict(Eigen::MatrixXd::Zero(2, 3)), std::invalid_argument);
}

}  // namespace
}  // namespace fermata
