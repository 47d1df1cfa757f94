#pragma once

#include <cstdint>
#include <memory>

#include <Eigen/Core>

namespace fermata {

/// @brief A randomly shifted Sobol sequence in [0,1)^dim (Boost.Random's `sobol` with a
/// Cranley–Patterson rotation drawn from `seed`, so different seeds give different but
/// equally uniform designs). Its whole state is (dim, seed, index); the seed lives on in the
/// shift it drew.
class SobolSequence {
 public:
  SobolSequence(std::size_t dim, std::uint64_t seed, std::uint64_t index = 0);
  ~SobolSequence();
  SobolSequence(const SobolSequence& other);
  SobolSequence& operator=(const SobolSequence& other);
  SobolSequence(SobolSequence&&) noexcept;
  SobolSequence& operator=(SobolSequence&&) noexcept;

  /// The point at the current index; advances the index.
  Eigen::VectorXd next();
  /// `n` points as the rows of a matrix.
  Eigen::MatrixXd next(std::size_t n);

  std::uint64_t index() const { return index_; }
  std::size_t dim() const { return dim_; }

 private:
  /// Boost's engine, positioned at the point of `index_` (built once: building it costs
  /// about as much as drawing a few thousand points).
  struct Engine;

  std::size_t dim_;
  std::uint64_t index_;
  Eigen::VectorXd shift_;
  std::unique_ptr<Engine> engine_;
};

}  // namespace fermata
