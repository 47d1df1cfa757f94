#include <fermata/space/sobol.hpp>

#include <cmath>
#include <stdexcept>

#include <boost/random/sobol.hpp>
#include <boost/random/uniform_01.hpp>

#include <fermata/core/rng.hpp>

namespace fermata {

struct SobolSequence::Engine {
  boost::random::sobol sobol;
};

SobolSequence::SobolSequence(std::size_t dim, std::uint64_t seed, std::uint64_t index)
    : dim_(dim), index_(index), shift_(static_cast<Eigen::Index>(dim)) {
  if (dim == 0) throw std::invalid_argument("a Sobol sequence needs at least one dimension");
  Rng rng(derive_seed(seed, {kStreamOptimizer, 0x50b01}));
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (Eigen::Index i = 0; i < shift_.size(); ++i) shift_[i] = uniform(rng);
  // Boost's engine starts at the second point of the sequence (it skips the origin), so
  // index 0 is the origin and index i ≥ 1 is Boost's point i − 1: the first 2^m points then
  // form the usual (t, m, s)-net. The engine jumps to any index in O(log index).
  engine_ = std::make_unique<Engine>(Engine{boost::random::sobol(dim_)});
  if (index_ > 1) engine_->sobol.discard((index_ - 1) * dim_);
}

SobolSequence::~SobolSequence() = default;
SobolSequence::SobolSequence(SobolSequence&&) noexcept = default;
SobolSequence& SobolSequence::operator=(SobolSequence&&) noexcept = default;

SobolSequence::SobolSequence(const SobolSequence& other)
    : dim_(other.dim_),
      index_(other.index_),
      shift_(other.shift_),
      engine_(std::make_unique<Engine>(*other.engine_)) {}

SobolSequence& SobolSequence::operator=(const SobolSequence& other) {
  if (this != &other) *this = SobolSequence(other);
  return *this;
}

Eigen::VectorXd SobolSequence::next() {
  Eigen::VectorXd point = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(dim_));
  if (index_ > 0) {
    const double scale = 1.0 / (static_cast<double>(boost::random::sobol::max()) + 1.0);
    for (Eigen::Index i = 0; i < point.size(); ++i)
      point[i] = static_cast<double>(engine_->sobol()) * scale;
  }
  ++index_;
  for (Eigen::Index i = 0; i < point.size(); ++i) point[i] = std::fmod(point[i] + shift_[i], 1.0);
  return point;
}

Eigen::MatrixXd SobolSequence::next(std::size_t n) {
  Eigen::MatrixXd points(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(dim_));
  for (std::size_t r = 0; r < n; ++r) points.row(static_cast<Eigen::Index>(r)) = next().transpose();
  return points;
}

}  // namespace fermata
