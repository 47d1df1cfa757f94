#include <fermata/gp/gp_fit.hpp>

#include <cmath>
#include <random>
#include <stdexcept>

#include <gtest/gtest.h>

namespace fermata {
namespace {

/// n points uniform in [0,1]^4; y depends on dimensions 0 and 1 only, plus N(0, noise_sd²).
struct RelevanceData {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
};

RelevanceData relevance_data(Eigen::Index n, double noise_sd, std::uint64_t seed) {
  Rng rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  RelevanceData d{Eigen::MatrixXd(n, 4), Eigen::VectorXd(n)};
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < 4; ++j) d.x(i, j) = uniform(rng);
    d.y[i] = std::sin(6.0 * d.x(i, 0)) + 0.8 * std::cos(5.0 * d.x(i, 1)) + noise_sd * normal(rng);
  }
  return d;
}

TEST(GpPrior, LogDensityMatchesHandComputedNumber) {
  // python3 -c "import math
  // ln=lambda t,m,s: -0.5*((t-m)/s)**2-math.log(s)-0.5*math.log(2*math.pi)
  // m=math.log(0.5*math.sqrt(2))
  // print(ln(0.5,m,1.5)+ln(-1,m,1.5)+ln(0.2,0,1.5)+ln(math.log(0.05),math.log(1e-2),2))"
  const GpPrior prior = GpPrior::weak(2);
  const Eigen::Vector4d theta(0.5, -1.0, 0.2, std::log(0.05));
  EXPECT_NEAR(prior.log_density(theta, nullptr), -6.172116918434909, 1e-13);
}

TEST(GpPrior, GradientMatchesFiniteDifferencesAndSamplesStayInBounds) {
  const GpPrior prior = GpPrior::weak(3);
  const Eigen::VectorXd theta = (Eigen::VectorXd(5) << 0.1, -2.0, 1.0, 0.7, -5.0).finished();
  Eigen::VectorXd gradient;
  prior.log_density(theta, &gradient);
  for (Eigen::Index j = 0; j < 5; ++j) {
    Eigen::VectorXd plus = theta, minus = theta;
    plus[j] += 1e-6;
    minus[j] -= 1e-6;
    const double numeric =
        (prior.log_density(plus, nullptr) - prior.log_density(minus, nullptr)) / 2e-6;
    EXPECT_NEAR(gradient[j], numeric, 1e-7);
  }
  Rng rng(5);
  for (int s = 0; s < 200; ++s) {
    const Eigen::VectorXd sample = prior.sample(3, rng);
    EXPECT_TRUE((sample.array() >= prior.lower_bounds(3).array()).all());
    EXPECT_TRUE((sample.array() <= prior.upper_bounds(3).array()).all());
  }
  EXPECT_NEAR(std::exp(prior.lower_bounds(3)[4]), kMinNoiseVariance, 1e-18);
}

TEST(GpFit, NegativeLogPosteriorGradientMatchesCentralFiniteDifferences) {
  const RelevanceData d = relevance_data(15, 0.05, 3);
  const Eigen::VectorXd y = Standardization::of(d.y).apply(d.y);
  const GpPrior prior = GpPrior::weak(4);
  const Eigen::VectorXd theta =
      (Eigen::VectorXd(6) << std::log(0.3), std::log(0.6), 0.2, 1.0, 0.3, std::log(0.05))
          .finished();
  Eigen::VectorXd gradient;
  negative_log_posterior(d.x, y, theta, prior, &gradient);
  for (Eigen::Index j = 0; j < theta.size(); ++j) {
    Eigen::VectorXd plus = theta, minus = theta;
    plus[j] += 1e-5;
    minus[j] -= 1e-5;
    const double numeric = (negative_log_posterior(d.x, y, plus, prior, nullptr) -
                            negative_log_posterior(d.x, y, minus, prior, nullptr)) /
                           2e-5;
    EXPECT_NEAR(gradient[j], numeric, 1e-5 * std::max(1.0, std::abs(numeric))) << "θ_" << j;
  }
}

TEST(GpFit, RelevantDimensionsGetShorterLengthscalesThanIrrelevantOnes) {
  const RelevanceData d = relevance_data(60, 0.02, 11);
  Rng rng(1);
  const GpFitResult fit = fit_hyperparameters(d.x, d.y, GpPrior::weak(4), GpFitSettings{}, rng);
  const Eigen::VectorXd ell = fit.hyperparameters.log_lengthscales.array().exp();
  for (Eigen::Index relevant : {0, 1}) {
    for (Eigen::Index irrelevant : {2, 3}) {
      EXPECT_LT(3.0 * ell[relevant], ell[irrelevant]) << "lengthscales " << ell.transpose();
    }
  }
  // Nearly noiseless data: the noise is a small fraction of the standardized variance.
  EXPECT_LT(fit.hyperparameters.noise_variance(), 0.05);
  EXPECT_EQ(fit.hyperparameters.mean, 0.0);
  EXPECT_EQ(fit.fit_points, 60);
}

TEST(GpFit, NoisierDataGetsALargerNoiseVariance) {
  const RelevanceData clean = relevance_data(50, 0.01, 21);
  const RelevanceData noisy = relevance_data(50, 0.6, 21);
  Rng rng_a(2), rng_b(2);
  const GpPrior prior = GpPrior::weak(4);
  const double clean_noise =
      fit_hyperparameters(clean.x, clean.y, prior, {}, rng_a).hyperparameters.noise_variance();
  const double noisy_noise =
      fit_hyperparameters(noisy.x, noisy.y, prior, {}, rng_b).hyperparameters.noise_variance();
  EXPECT_LT(10.0 * clean_noise, noisy_noise);
}

TEST(GpFit, ResultIsInBoundsAndItsObjectiveIsTheMinimumOverStarts) {
  const RelevanceData d = relevance_data(30, 0.1, 4);
  const GpPrior prior = GpPrior::weak(4);
  Rng rng(9);
  const GpFitResult fit = fit_hyperparameters(d.x, d.y, prior, {}, rng);
  const Eigen::VectorXd theta = fit.hyperparameters.to_vector();
  EXPECT_TRUE((theta.array() >= prior.lower_bounds(4).array() - 1e-12).all());
  EXPECT_TRUE((theta.array() <= prior.upper_bounds(4).array() + 1e-12).all());
  const Eigen::VectorXd y = Standardization::of(d.y).apply(d.y);
  EXPECT_NEAR(fit.objective, negative_log_posterior(d.x, y, theta, prior, nullptr), 1e-9);
  EXPECT_LE(fit.objective, negative_log_posterior(d.x, y, prior.center(4), prior, nullptr));
  EXPECT_EQ(fit.starts, 1 + GpFitSettings{}.random_starts);
  EXPECT_GT(fit.evaluations, fit.starts);
}

TEST(GpFit, IsDeterministicGivenTheRngAndIndependentOfThreads) {
  const RelevanceData d = relevance_data(40, 0.05, 8);
  GpFitSettings one_thread;
  GpFitSettings two_threads;
  two_threads.threads = 2;
  Rng rng_a(77), rng_b(77), rng_c(77);
  const GpFitResult a = fit_hyperparameters(d.x, d.y, GpPrior::weak(4), one_thread, rng_a);
  const GpFitResult b = fit_hyperparameters(d.x, d.y, GpPrior::weak(4), one_thread, rng_b);
  const GpFitResult c = fit_hyperparameters(d.x, d.y, GpPrior::weak(4), two_threads, rng_c);
  EXPECT_EQ(a.hyperparameters.to_vector(), b.hyperparameters.to_vector());
  EXPECT_EQ(a.hyperparameters.to_vector(), c.hyperparameters.to_vector());
  EXPECT_EQ(a.objective, c.objective);
  EXPECT_EQ(a.evaluations, c.evaluations);
}

TEST(GpFit, WarmStartAtTheOptimumStaysThere) {
  const RelevanceData d = relevance_data(40, 0.05, 12);
  Rng rng(3);
  const GpFitResult first = fit_hyperparameters(d.x, d.y, GpPrior::weak(4), {}, rng);
  GpFitSettings warm_only;
  warm_only.random_starts = 0;
  const GpFitResult again =
      fit_hyperparameters(d.x, d.y, GpPrior::weak(4), warm_only, rng, first.hyperparameters);
  EXPECT_EQ(again.starts, 2);  // the warm start and the prior centre
  EXPECT_LE(again.objective, first.objective + 1e-9);
  EXPECT_LT(
      (again.hyperparameters.to_vector() - first.hyperparameters.to_vector()).cwiseAbs().maxCoeff(),
      0.05);
}

TEST(GpFit, LargeDataIsFittedOnAStableSubsetWithFewerStarts) {
  const RelevanceData d = relevance_data(90, 0.05, 13);
  GpFitSettings settings;
  settings.max_fit_points = 50;
  settings.random_starts_large = 1;
  Rng rng(4);
  const GpFitResult cold = fit_hyperparameters(d.x, d.y, GpPrior::weak(4), settings, rng);
  EXPECT_EQ(cold.fit_points, 50);
  EXPECT_EQ(cold.starts, 2);  // prior centre and one random start
  const GpFitResult warm =
      fit_hyperparameters(d.x, d.y, GpPrior::weak(4), settings, rng, cold.hyperparameters);
  EXPECT_EQ(warm.starts, 2);  // warm start and one random start, no centre
  // Same rows, same subset: the warm start is already the optimum.
  EXPECT_LE(warm.objective, cold.objective + 1e-9);
}

TEST(GpFit, RejectsInconsistentInputs) {
  const RelevanceData d = relevance_data(10, 0.05, 1);
  Rng rng(1);
  EXPECT_THROW(fit_hyperparameters(d.x, d.y.head(9), GpPrior::weak(4), {}, rng),
               std::invalid_argument);
  GpFitSettings bad;
  bad.threads = 0;
  EXPECT_THROW(fit_hyperparameters(d.x, d.y, GpPrior::weak(4), bad, rng), std::invalid_argument);
  EXPECT_THROW(
      fit_hyperparameters(d.x, d.y, GpPrior::weak(4), {}, rng, GpHyperparameters::defaults(3)),
      std::invalid_argument);
}

}  // namespace
}  // namespace fermata
