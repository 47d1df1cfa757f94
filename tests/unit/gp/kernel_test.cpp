#include <fermata/gp/kernel.hpp>

#include <cmath>
#include <stdexcept>

#include <gtest/gtest.h>

namespace fermata {
namespace {

/// The kernel written out for one pair of points, the way the formula reads.
double scalar_kernel(const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                     const Eigen::VectorXd& lengthscales, double signal_variance) {
  double r2 = 0.0;
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    const double d = (a[i] - b[i]) / lengthscales[i];
    r2 += d * d;
  }
  const double r = std::sqrt(r2);
  return signal_variance * (1.0 + std::sqrt(5.0) * r + 5.0 * r2 / 3.0) *
         std::exp(-std::sqrt(5.0) * r);
}

Eigen::MatrixXd points(Eigen::Index n, Eigen::Index dim, double shift) {
  // Deterministic, irregular points in the unit cube.
  Eigen::MatrixXd x(n, dim);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < dim; ++j) {
      x(i, j) = std::fmod(0.1 + shift + 0.37 * static_cast<double>(i) +
                              0.61 * static_cast<double>(j * j + 1) * static_cast<double>(i + 1),
                          1.0);
    }
  }
  return x;
}

TEST(Matern52Kernel, ValueAtDistanceMatchesHandComputedNumbers) {
  // python3 -c "import math; s=math.sqrt(5)*0.5; print(2*(1+s+s*s/3)*math.exp(-s))"
  EXPECT_NEAR(Matern52Kernel::value_at_distance(0.5, 2.0), 1.657298284836251, 1e-14);
  // python3 -c "import math; s=math.sqrt(5); print((1+s+s*s/3)*math.exp(-s))"
  EXPECT_NEAR(Matern52Kernel::value_at_distance(1.0, 1.0), 0.5239941088318203, 1e-14);
  EXPECT_DOUBLE_EQ(Matern52Kernel::value_at_distance(0.0, 3.5), 3.5);
}

TEST(Matern52Kernel, CovarianceOfTwoPointsMatchesHandComputedNumber) {
  // r² = (0.3/0.5)² + (0.7/2)²; python3 -c "import math; r=math.sqrt((0.3/0.5)**2+(0.7/2)**2);
  //   s=math.sqrt(5)*r; print(1.5*(1+s+s*s/3)*math.exp(-s))"
  const Matern52Kernel kernel(Eigen::Vector2d(0.5, 2.0), 1.5);
  Eigen::MatrixXd a(1, 2), b(1, 2);
  a << 0.1, 0.2;
  b << 0.4, 0.9;
  EXPECT_NEAR(kernel.covariance(a, b)(0, 0), 1.06545962273885, 1e-13);
  EXPECT_NEAR(kernel.covariance(b, a)(0, 0), 1.06545962273885, 1e-13);
}

TEST(Matern52Kernel, CrossCovarianceMatchesScalarLoop) {
  const Eigen::Vector3d lengthscales(0.2, 0.7, 1.9);
  const Matern52Kernel kernel(lengthscales, 0.8);
  const Eigen::MatrixXd x1 = points(7, 3, 0.0);
  const Eigen::MatrixXd x2 = points(5, 3, 0.33);
  const Eigen::MatrixXd k = kernel.covariance(x1, x2);
  ASSERT_EQ(k.rows(), 7);
  ASSERT_EQ(k.cols(), 5);
  for (Eigen::Index a = 0; a < 7; ++a) {
    for (Eigen::Index b = 0; b < 5; ++b) {
      EXPECT_NEAR(k(a, b), scalar_kernel(x1.row(a), x2.row(b), lengthscales, 0.8), 1e-12);
    }
  }
}

TEST(Matern52Kernel, SymmetricCovarianceHasExactDiagonalAndMatchesScalarLoop) {
  const Eigen::Vector4d lengthscales(0.05, 0.3, 1.0, 10.0);
  const Matern52Kernel kernel(lengthscales, 2.5);
  const Eigen::MatrixXd x = points(9, 4, 0.1);
  const Eigen::MatrixXd k = kernel.covariance(x);
  for (Eigen::Index a = 0; a < 9; ++a) {
    EXPECT_EQ(k(a, a), 2.5);
    for (Eigen::Index b = 0; b < 9; ++b) {
      EXPECT_NEAR(k(a, b), scalar_kernel(x.row(a), x.row(b), lengthscales, 2.5), 1e-12);
      EXPECT_EQ(k(a, b), k(b, a));
    }
  }
  EXPECT_TRUE(kernel.diagonal(x).isApprox(Eigen::VectorXd::Constant(9, 2.5)));
}

TEST(Matern52Kernel, FromLogExponentiatesHyperparameters) {
  const Matern52Kernel kernel =
      Matern52Kernel::from_log(Eigen::Vector2d(std::log(0.4), 0.0), std::log(3.0));
  EXPECT_NEAR(kernel.lengthscales()[0], 0.4, 1e-15);
  EXPECT_NEAR(kernel.lengthscales()[1], 1.0, 1e-15);
  EXPECT_NEAR(kernel.signal_variance(), 3.0, 1e-14);
}

TEST(Matern52Kernel, CovarianceGradientsMatchCentralFiniteDifferences) {
  const Eigen::Vector3d log_lengthscales(std::log(0.3), std::log(0.8), std::log(2.0));
  const double log_signal = std::log(1.7);
  const Eigen::MatrixXd x = points(6, 3, 0.2);
  const std::vector<Eigen::MatrixXd> gradients =
      Matern52Kernel::from_log(log_lengthscales, log_signal).covariance_gradients(x);
  ASSERT_EQ(gradients.size(), 4u);
  const double h = 1e-6;
  for (int j = 0; j < 4; ++j) {
    Eigen::Vector4d theta;
    theta << log_lengthscales, log_signal;
    Eigen::Vector4d plus = theta, minus = theta;
    plus[j] += h;
    minus[j] -= h;
    const Eigen::MatrixXd k_plus = Matern52Kernel::from_log(plus.head(3), plus[3]).covariance(x);
    const Eigen::MatrixXd k_minus = Matern52Kernel::from_log(minus.head(3), minus[3]).covariance(x);
    const Eigen::MatrixXd numeric = (k_plus - k_minus) / (2.0 * h);
    EXPECT_LT((numeric - gradients[static_cast<std::size_t>(j)]).cwiseAbs().maxCoeff(), 1e-8)
        << "θ_" << j;
  }
}

TEST(Matern52Kernel, WeightedGradientEqualsContractionOfGradientMatrices) {
  const Matern52Kernel kernel(Eigen::Vector3d(0.25, 0.9, 0.6), 1.3);
  const Eigen::MatrixXd x = points(8, 3, 0.05);
  Eigen::MatrixXd w = Eigen::MatrixXd::Zero(8, 8);
  for (Eigen::Index a = 0; a < 8; ++a) {
    for (Eigen::Index b = 0; b <= a; ++b) {
      w(a, b) = w(b, a) = std::sin(1.0 + static_cast<double>(3 * a + b));
    }
  }
  const Eigen::VectorXd contracted = kernel.weighted_gradient(x, w);
  const std::vector<Eigen::MatrixXd> gradients = kernel.covariance_gradients(x);
  ASSERT_EQ(contracted.size(), 4);
  for (std::size_t j = 0; j < gradients.size(); ++j) {
    EXPECT_NEAR(contracted[static_cast<Eigen::Index>(j)], (w.array() * gradients[j].array()).sum(),
                1e-12);
  }
}

TEST(Matern52Kernel, InputGradientMatchesCentralFiniteDifferences) {
  const Matern52Kernel kernel(Eigen::Vector3d(0.25, 0.9, 0.6), 1.3);
  const Eigen::MatrixXd x = points(5, 3, 0.4);
  const Eigen::Vector3d query(0.3, 0.55, 0.8);
  const Eigen::MatrixXd jacobian = kernel.cross_covariance_input_gradient(query, x);
  ASSERT_EQ(jacobian.rows(), 5);
  ASSERT_EQ(jacobian.cols(), 3);
  const double h = 1e-6;
  for (Eigen::Index i = 0; i < 3; ++i) {
    Eigen::Vector3d plus = query, minus = query;
    plus[i] += h;
    minus[i] -= h;
    const Eigen::VectorXd numeric =
        (kernel.covariance(x, plus.transpose()) - kernel.covariance(x, minus.transpose())) /
        (2.0 * h);
    EXPECT_LT((numeric - jacobian.col(i)).cwiseAbs().maxCoeff(), 1e-8) << "x_" << i;
  }
}

TEST(Matern52Kernel, SquaredDistancesAreNonNegativeAndExact) {
  Eigen::MatrixXd a(2, 2), b(3, 2);
  a << 0.0, 0.0, 1.0, 2.0;
  b << 0.0, 0.0, 3.0, 4.0, 1.0, 2.0;
  const Eigen::MatrixXd d2 = squared_distances(a, b);
  EXPECT_NEAR(d2(0, 1), 25.0, 1e-12);
  EXPECT_NEAR(d2(1, 1), 8.0, 1e-12);
  EXPECT_GE(d2.minCoeff(), 0.0);
  EXPECT_NEAR(d2(1, 2), 0.0, 1e-12);
}

TEST(Matern52Kernel, RejectsBadHyperparametersAndDimensions) {
  EXPECT_THROW(Matern52Kernel(Eigen::Vector2d(0.5, 0.0), 1.0), std::invalid_argument);
  EXPECT_THROW(Matern52Kernel(Eigen::Vector2d(0.5, 0.5), -1.0), std::invalid_argument);
  EXPECT_THROW(Matern52Kernel(Eigen::VectorXd(), 1.0), std::invalid_argument);
  const Matern52Kernel kernel(Eigen::Vector2d(0.5, 0.5), 1.0);
  EXPECT_THROW(kernel.covariance(Eigen::MatrixXd::Zero(3, 3)), std::invalid_argument);
  EXPECT_THROW(kernel.weighted_gradient(Eigen::MatrixXd::Zero(3, 2), Eigen::MatrixXd::Zero(2, 2)),
               std::invalid_argument);
}

}  // namespace
}  // namespace fermata
