#include <fermata/gp/gaussian_process.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Cholesky>

#include <fermata/core/error.hpp>

namespace fermata {

namespace {

constexpr double kFirstJitter = 1e-10;   // relative to mean(diag K)
constexpr double kJitterGrowth = 100.0;  // per retry
constexpr int kJitterRetries = 5;

void check_data(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                const GpHyperparameters& hyperparameters) {
  if (x.rows() == 0) throw std::invalid_argument("GaussianProcess: needs at least one point");
  if (x.rows() != y.size()) {
    throw std::invalid_argument("GaussianProcess: " + std::to_string(x.rows()) +
                                " input rows but " + std::to_string(y.size()) + " targets");
  }
  if (x.cols() != hyperparameters.dim()) {
    throw std::invalid_argument("GaussianProcess: inputs have " + std::to_string(x.cols()) +
                                " columns but there are " + std::to_string(hyperparameters.dim()) +
                                " lengthscales");
  }
  if (!x.allFinite() || !y.allFinite()) {
    throw std::invalid_argument("GaussianProcess: inputs and targets must be finite");
  }
}

struct Factorization {
  Eigen::MatrixXd factor;
  double jitter = 0.0;
};

/// Cholesky of `covariance` (noise already on its diagonal), adding growing jitter on failure.
Factorization factorize_with_jitter(const Eigen::MatrixXd& covariance) {
  const double diagonal_scale = std::max(covariance.diagonal().mean(), 1e-300);
  double jitter = 0.0;
  for (int attempt = 0; attempt <= kJitterRetries; ++attempt) {
    if (attempt > 0) jitter = attempt == 1 ? kFirstJitter * diagonal_scale : jitter * kJitterGrowth;
    Eigen::LLT<Eigen::MatrixXd> llt;
    if (jitter == 0.0) {
      llt.compute(covariance);
    } else {
      Eigen::MatrixXd jittered = covariance;
      jittered.diagonal().array() += jitter;
      llt.compute(jittered);
    }
    if (llt.info() == Eigen::Success && llt.matrixLLT().diagonal().allFinite() &&
        (llt.matrixLLT().diagonal().array() > 0.0).all()) {
      return {llt.matrixL(), jitter};
    }
  }
  throw Error("GaussianProcess: the covariance matrix of " + std::to_string(covariance.rows()) +
              " points is not positive definite even with jitter " + std::to_string(jitter) +
              "; expected distinct, finite inputs and finite hyperparameters");
}

/// d σ²_used / d log σ²: the floor makes it zero below kMinNoiseVariance.
double noise_derivative(const GpHyperparameters& h) {
  const double raw = std::exp(h.log_noise_variance);
  return raw >= kMinNoiseVariance ? raw : 0.0;
}

/// Inverts a lower-triangular matrix in place (upper part untouched) by recursive 2 × 2
/// blocking, inv([A 0; B C]) = [A⁻¹ 0; −C⁻¹ B A⁻¹  C⁻¹]: n³/3 flops in matrix products,
/// a third of a triangular solve against the identity.
void invert_lower_triangular(Eigen::Ref<Eigen::MatrixXd> l) {
  const Eigen::Index n = l.rows();
  constexpr Eigen::Index kBlock = 48;
  if (n <= kBlock) {
    l.triangularView<Eigen::Lower>() =
        l.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(n, n));
    return;
  }
  const Eigen::Index h = n / 2;
  auto a = l.topLeftCorner(h, h);
  auto b = l.bottomLeftCorner(n - h, h);
  auto c = l.bottomRightCorner(n - h, n - h);
  invert_lower_triangular(a);
  invert_lower_triangular(c);
  const Eigen::MatrixXd b_times_a_inverse = b * a.triangularView<Eigen::Lower>();
  b.noalias() = -(c.triangularView<Eigen::Lower>() * b_times_a_inverse);
}

/// ½ tr((ααᵀ − K⁻¹) ∂K/∂θ) for θ = (log ℓ, log s², log σ²), from the factor of K.
Eigen::VectorXd lml_gradient(const Matern52Gram& gram, const Eigen::MatrixXd& factor,
                             const Eigen::VectorXd& alpha, const GpHyperparameters& h) {
  Eigen::MatrixXd factor_inverse = factor;
  invert_lower_triangular(factor_inverse);
  factor_inverse.triangularView<Eigen::StrictlyUpper>().setZero();
  // W = ααᵀ − K⁻¹ with K⁻¹ = L⁻ᵀ L⁻¹, a triangular-times-dense product.
  Eigen::MatrixXd weights = alpha * alpha.transpose();
  weights.noalias() -= factor_inverse.transpose().triangularView<Eigen::Upper>() * factor_inverse;
  Eigen::VectorXd gradient(h.dim() + 2);
  gradient.head(h.dim() + 1) = 0.5 * gram.weighted_gradient(weights);
  gradient[h.dim() + 1] = 0.5 * noise_derivative(h) * weights.trace();
  return gradient;
}

double lml_value(const Eigen::MatrixXd& factor, const Eigen::VectorXd& forward) {
  const double n = static_cast<double>(factor.rows());
  return -0.5 * forward.squaredNorm() - factor.diagonal().array().log().sum() -
         0.5 * n * std::log(2.0 * std::numbers::pi);
}

}  // namespace

GpHyperparameters GpHyperparameters::defaults(Eigen::Index dim) {
  GpHyperparameters h;
  h.log_lengthscales = Eigen::VectorXd::Constant(dim, std::log(0.5));
  return h;
}

Eigen::VectorXd GpHyperparameters::to_vector() const {
  Eigen::VectorXd theta(dim() + 2);
  theta << log_lengthscales, log_signal_variance, log_noise_variance;
  return theta;
}

GpHyperparameters GpHyperparameters::from_vector(const Eigen::VectorXd& theta, double mean) {
  if (theta.size() < 3) {
    throw std::invalid_argument("GpHyperparameters: a vector of " + std::to_string(theta.size()) +
                                " values; expected D + 2 >= 3 (log lengthscales, log signal "
                                "variance, log noise variance)");
  }
  GpHyperparameters h;
  h.log_lengthscales = theta.head(theta.size() - 2);
  h.log_signal_variance = theta[theta.size() - 2];
  h.log_noise_variance = theta[theta.size() - 1];
  h.mean = mean;
  return h;
}

double GpHyperparameters::noise_variance() const {
  return std::max(std::exp(log_noise_variance), kMinNoiseVariance);
}

Matern52Kernel GpHyperparameters::kernel() const {
  return Matern52Kernel::from_log(log_lengthscales, log_signal_variance);
}

Standardization Standardization::of(const Eigen::VectorXd& y) {
  if (y.size() == 0) throw std::invalid_argument("Standardization: no targets");
  Standardization s;
  s.offset = y.mean();
  const double variance = (y.array() - s.offset).square().mean();
  s.scale = std::max(std::sqrt(variance), kMinTargetScale);
  return s;
}

Eigen::VectorXd Standardization::apply(const Eigen::VectorXd& y) const {
  return (y.array() - offset) / scale;
}

GaussianProcess::GaussianProcess(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                 const GpHyperparameters& hyperparameters)
    : GaussianProcess(x, y, hyperparameters, Standardization::of(y)) {}

GaussianProcess::GaussianProcess(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                 const GpHyperparameters& hyperparameters,
                                 const Standardization& standardization)
    : kernel_(hyperparameters.kernel()) {
  fit(x, y, hyperparameters, standardization);
}

void GaussianProcess::fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                          const GpHyperparameters& hyperparameters) {
  fit(x, y, hyperparameters, Standardization::of(y));
}

void GaussianProcess::fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                          const GpHyperparameters& hyperparameters,
                          const Standardization& standardization) {
  check_data(x, y, hyperparameters);
  if (!(standardization.scale > 0.0) || !std::isfinite(standardization.scale) ||
      !std::isfinite(standardization.offset)) {
    throw std::invalid_argument(
        "GaussianProcess: standardization needs a finite offset and a "
        "finite scale > 0, found scale " +
        std::to_string(standardization.scale));
  }
  kernel_ = hyperparameters.kernel();
  hyperparameters_ = hyperparameters;
  standardization_ = standardization;
  x_ = x;
  y_ = y;
  residual_ = standardization_.apply(y_).array() - hyperparameters_.mean;
  factorize();
}

void GaussianProcess::factorize() {
  Eigen::MatrixXd covariance = kernel_.covariance(x_);
  covariance.diagonal().array() += hyperparameters_.noise_variance();
  Factorization f = factorize_with_jitter(covariance);
  factor_ = std::move(f.factor);
  jitter_ = f.jitter;
  forward_ = factor_.triangularView<Eigen::Lower>().solve(residual_);
  update_alpha();
}

void GaussianProcess::update_alpha() {
  alpha_ = factor_.transpose().triangularView<Eigen::Upper>().solve(forward_);
}

void GaussianProcess::add_observation(const Eigen::VectorXd& x, double y) {
  if (x.size() != dim()) {
    throw std::invalid_argument("GaussianProcess::add_observation: point has " +
                                std::to_string(x.size()) + " coordinates, expected " +
                                std::to_string(dim()));
  }
  if (!x.allFinite() || !std::isfinite(y)) {
    throw std::invalid_argument(
        "GaussianProcess::add_observation: point and target must be "
        "finite");
  }
  const Eigen::Index n = size();
  const Eigen::VectorXd cross = kernel_.covariance(x_, x.transpose());
  const Eigen::VectorXd row = factor_.triangularView<Eigen::Lower>().solve(cross);
  const double pivot_squared =
      kernel_.signal_variance() + hyperparameters_.noise_variance() + jitter_ - row.squaredNorm();
  const double residual =
      (y - standardization_.offset) / standardization_.scale - hyperparameters_.mean;

  x_.conservativeResize(n + 1, Eigen::NoChange);
  x_.row(n) = x.transpose();
  y_.conservativeResize(n + 1);
  y_[n] = y;
  residual_.conservativeResize(n + 1);
  residual_[n] = residual;

  if (!(pivot_squared > 0.0) || !std::isfinite(pivot_squared)) {
    // The new point nearly duplicates old ones: redo the factorization, which adds jitter.
    factorize();
    return;
  }
  const double pivot = std::sqrt(pivot_squared);
  factor_.conservativeResize(n + 1, n + 1);
  factor_.col(n).head(n).setZero();
  factor_.row(n).head(n) = row.transpose();
  factor_(n, n) = pivot;
  forward_.conservativeResize(n + 1);
  forward_[n] = (residual - row.dot(forward_.head(n))) / pivot;
  update_alpha();
}

GpPrediction GaussianProcess::predict_standardized(const Eigen::MatrixXd& xs) const {
  if (xs.cols() != dim()) {
    throw std::invalid_argument("GaussianProcess::predict: points have " +
                                std::to_string(xs.cols()) + " columns, expected " +
                                std::to_string(dim()));
  }
  const Eigen::MatrixXd cross = kernel_.covariance(x_, xs);  // n × m
  GpPrediction p;
  p.mean = (cross.transpose() * alpha_).array() + hyperparameters_.mean;
  // One triangular solve for the whole batch: V = L⁻¹ K(X, Xs), var = s² − |V_col|².
  const Eigen::MatrixXd v = factor_.triangularView<Eigen::Lower>().solve(cross);
  p.variance = (kernel_.signal_variance() - v.colwise().squaredNorm().array()).cwiseMax(0.0);
  return p;
}

void GaussianProcess::add_observations(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  if (x.rows() != y.size() || x.cols() != dim()) {
    throw std::invalid_argument(
        "GaussianProcess::add_observations: " + std::to_string(x.rows()) + " × " +
        std::to_string(x.cols()) + " points and " + std::to_string(y.size()) +
        " targets, expected D = " + std::to_string(dim()) + " columns and one target per point");
  }
  if (!x.allFinite() || !y.allFinite()) {
    throw std::invalid_argument(
        "GaussianProcess::add_observations: points and targets must be "
        "finite");
  }
  const Eigen::Index n = size();
  const Eigen::Index k = x.rows();
  if (k == 0) return;
  if (k == 1 || n == 0) {
    for (Eigen::Index i = 0; i < k; ++i) add_observation(x.row(i).transpose(), y[i]);
    return;
  }
  // [L 0; B C] with B = (L⁻¹ K_XN)ᵀ and C C ᵀ = K_NN + (σ² + jitter) I − B Bᵀ.
  Eigen::MatrixXd b = kernel_.covariance(x_, x);  // n × k
  factor_.triangularView<Eigen::Lower>().solveInPlace(b);
  Eigen::MatrixXd schur = kernel_.covariance(x);
  schur.diagonal().array() += hyperparameters_.noise_variance() + jitter_;
  schur.noalias() -= b.transpose() * b;
  const Eigen::LLT<Eigen::MatrixXd> corner(schur);
  const Eigen::VectorXd residual =
      ((y.array() - standardization_.offset) / standardization_.scale - hyperparameters_.mean)
          .matrix();
  x_.conservativeResize(n + k, Eigen::NoChange);
  x_.bottomRows(k) = x;
  y_.conservativeResize(n + k);
  y_.tail(k) = y;
  residual_.conservativeResize(n + k);
  residual_.tail(k) = residual;
  if (corner.info() != Eigen::Success) {
    // Some new point nearly duplicates others: redo the factorization, which adds jitter.
    factorize();
    return;
  }
  Eigen::MatrixXd grown = Eigen::MatrixXd::Zero(n + k, n + k);
  grown.topLeftCorner(n, n) = factor_;
  grown.bottomLeftCorner(k, n) = b.transpose();
  grown.bottomRightCorner(k, k) = corner.matrixL();
  factor_ = std::move(grown);
  forward_.conservativeResize(n + k);
  forward_.tail(k) = residual - b.transpose() * forward_.head(n);
  factor_.bottomRightCorner(k, k).triangularView<Eigen::Lower>().solveInPlace(forward_.tail(k));
  update_alpha();
}

GpScreen GaussianProcess::screen_standardized(const Eigen::MatrixXd& xs,
                                              Eigen::Index neighbours) const {
  if (xs.cols() != dim()) {
    throw std::invalid_argument("GaussianProcess::screen: points have " +
                                std::to_string(xs.cols()) + " columns, expected " +
                                std::to_string(dim()));
  }
  GpScreen screen;
  screen.cross = kernel_.covariance(x_, xs);  // n × m
  screen.mean = (screen.cross.transpose() * alpha_).array() + hyperparameters_.mean;
  const double s2 = kernel_.signal_variance();
  const double diagonal = s2 + hyperparameters_.noise_variance() + jitter_;
  if (size() == 0 || neighbours <= 0) {
    screen.variance_bound = Eigen::VectorXd::Constant(xs.rows(), s2);
    return screen;
  }
  // The latent variance given only the `neighbours` observations most correlated with the
  // point: a Gaussian conditioned on more observations never has a larger variance, so this
  // bounds the exact one, in O(n + k³) per point. With one neighbour the bound is loose
  // wherever many observations sit near the point, and every candidate of a batch then
  // needed its exact O(n²) variance; with 32 (the default, the BO's) most need none.
  const Eigen::Index k = std::min(neighbours, size());
  screen.variance_bound.resize(xs.rows());
  std::vector<Eigen::Index> order(static_cast<std::size_t>(size()));
  Eigen::MatrixXd near(k, dim());
  Eigen::VectorXd near_cross(k);
  for (Eigen::Index j = 0; j < xs.rows(); ++j) {
    const auto column = screen.cross.col(j);
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::nth_element(order.begin(), order.begin() + (k - 1), order.end(),
                     [&](Eigen::Index a, Eigen::Index b) { return column[a] > column[b]; });
    for (Eigen::Index i = 0; i < k; ++i) {
      near.row(i) = x_.row(order[static_cast<std::size_t>(i)]);
      near_cross[i] = column[order[static_cast<std::size_t>(i)]];
    }
    Eigen::MatrixXd gram = kernel_.covariance(near);
    gram.diagonal().array() += diagonal - s2;
    const Eigen::LLT<Eigen::MatrixXd> llt(gram);
    double explained = near_cross.cwiseAbs().maxCoeff();
    explained = explained * explained / diagonal;
    if (llt.info() == Eigen::Success) {
      explained = std::max(explained, llt.matrixL().solve(near_cross).squaredNorm());
    }
    // A relative margin keeps the bound above the exact variance's rounding errors.
    screen.variance_bound[j] = std::min(s2, s2 - explained + 1e-9 * s2);
  }
  return screen;
}

Eigen::VectorXd GaussianProcess::screened_variances(
    const GpScreen& screen, const std::vector<Eigen::Index>& columns) const {
  Eigen::MatrixXd cross(screen.cross.rows(), static_cast<Eigen::Index>(columns.size()));
  for (std::size_t i = 0; i < columns.size(); ++i) {
    cross.col(static_cast<Eigen::Index>(i)) = screen.cross.col(columns[i]);
  }
  factor_.triangularView<Eigen::Lower>().solveInPlace(cross);
  return (kernel_.signal_variance() - cross.colwise().squaredNorm().array()).cwiseMax(0.0);
}

Eigen::MatrixXd GaussianProcess::prior_covariance(const Eigen::MatrixXd& a,
                                                  const Eigen::MatrixXd& b) const {
  return kernel_.covariance(a, b);
}

Eigen::MatrixXd GaussianProcess::whiten(Eigen::MatrixXd b) const {
  if (b.rows() != size()) {
    throw std::invalid_argument("GaussianProcess::whiten: " + std::to_string(b.rows()) +
                                " rows, expected " + std::to_string(size()));
  }
  factor_.triangularView<Eigen::Lower>().solveInPlace(b);
  return b;
}

Eigen::MatrixXd GaussianProcess::unwhiten(Eigen::MatrixXd v) const {
  if (v.rows() != size()) {
    throw std::invalid_argument("GaussianProcess::unwhiten: " + std::to_string(v.rows()) +
                                " rows, expected " + std::to_string(size()));
  }
  factor_.transpose().triangularView<Eigen::Upper>().solveInPlace(v);
  return v;
}

Eigen::MatrixXd GaussianProcess::prior_covariance_gradient(const Eigen::VectorXd& x,
                                                           const Eigen::MatrixXd& points) const {
  return kernel_.cross_covariance_input_gradient(x, points);
}

GpPrediction GaussianProcess::to_original(GpPrediction p) const {
  p.mean = p.mean.array() * standardization_.scale + standardization_.offset;
  p.variance *= standardization_.scale * standardization_.scale;
  return p;
}

GpPrediction GaussianProcess::predict(const Eigen::MatrixXd& xs) const {
  return to_original(predict_standardized(xs));
}

GpPointPrediction GaussianProcess::predict_with_gradient_standardized(
    const Eigen::VectorXd& x) const {
  const Eigen::VectorXd cross = kernel_.covariance(x_, x.transpose());
  const Eigen::MatrixXd jacobian = kernel_.cross_covariance_input_gradient(x, x_);  // n × D
  const Eigen::VectorXd v = factor_.triangularView<Eigen::Lower>().solve(cross);
  const Eigen::VectorXd w = factor_.transpose().triangularView<Eigen::Upper>().solve(v);
  GpPointPrediction p;
  p.mean = cross.dot(alpha_) + hyperparameters_.mean;
  p.mean_gradient = jacobian.transpose() * alpha_;
  p.variance = std::max(kernel_.signal_variance() - v.squaredNorm(), 0.0);
  p.variance_gradient = -2.0 * (jacobian.transpose() * w);
  return p;
}

GpPointPrediction GaussianProcess::predict_with_gradient(const Eigen::VectorXd& x) const {
  GpPointPrediction p = predict_with_gradient_standardized(x);
  const double scale = standardization_.scale;
  p.mean = p.mean * scale + standardization_.offset;
  p.mean_gradient *= scale;
  p.variance *= scale * scale;
  p.variance_gradient *= scale * scale;
  return p;
}

double GaussianProcess::log_marginal_likelihood() const {
  return lml_value(factor_, forward_);
}

Eigen::VectorXd GaussianProcess::log_marginal_likelihood_gradient() const {
  return lml_gradient(Matern52Gram(kernel_, x_), factor_, alpha_, hyperparameters_);
}

double log_marginal_likelihood(const Eigen::MatrixXd& x, const Eigen::VectorXd& y_standardized,
                               const GpHyperparameters& hyperparameters,
                               Eigen::VectorXd* gradient) {
  check_data(x, y_standardized, hyperparameters);
  const Matern52Gram gram(hyperparameters.kernel(), x);
  Eigen::MatrixXd covariance = gram.covariance();
  covariance.diagonal().array() += hyperparameters.noise_variance();
  const Factorization f = factorize_with_jitter(covariance);
  const Eigen::VectorXd residual = y_standardized.array() - hyperparameters.mean;
  const Eigen::VectorXd forward = f.factor.triangularView<Eigen::Lower>().solve(residual);
  if (gradient != nullptr) {
    const Eigen::VectorXd alpha =
        f.factor.transpose().triangularView<Eigen::Upper>().solve(forward);
    *gradient = lml_gradient(gram, f.factor, alpha, hyperparameters);
  }
  return lml_value(f.factor, forward);
}

}  // namespace fermata
