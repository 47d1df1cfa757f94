#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace fermata {

/// @brief A configuration in natural units, one value per parameter; a categorical value is
/// the index of its choice.
using Config = std::vector<double>;

enum class ParamKind { kFloat, kInt, kCategorical };

/// @brief "float", "int" or "categorical".
const char* to_string(ParamKind kind);

/// @brief One tunable hyperparameter.
struct Parameter {
  std::string name;
  ParamKind kind = ParamKind::kFloat;
  double low = 0.0;                  ///< inclusive lower bound (float, int)
  double high = 1.0;                 ///< inclusive upper bound (float, int)
  bool log = false;                  ///< encode on a log scale (requires low > 0)
  std::vector<std::string> choices;  ///< categorical only

  /// Number of unit-cube coordinates: 1, or the number of choices (one-hot).
  std::size_t encoded_width() const;

  bool operator==(const Parameter&) const = default;
};

/// @brief The search space: parameters, and the map between natural units and the unit
/// cube the optimizer works in (float/int → [0,1], log scale where asked; categorical →
/// one-hot).
class Space {
 public:
  Space() = default;
  /// Validates the parameters (throws std::invalid_argument naming the parameter).
  explicit Space(std::vector<Parameter> parameters);

  std::size_t size() const { return parameters_.size(); }
  std::size_t encoded_dim() const { return encoded_dim_; }
  const std::vector<Parameter>& parameters() const { return parameters_; }
  const Parameter& operator[](std::size_t i) const { return parameters_[i]; }
  /// Index of the parameter called `name`, or -1.
  int index_of(const std::string& name) const;

  /// Natural units → unit cube (one-hot for categoricals).
  Eigen::VectorXd encode(const Config& config) const;
  /// Unit cube → natural units; integers rounded, categoricals snapped to the largest
  /// coordinate of their block, values clamped to the bounds.
  Config decode(const Eigen::VectorXd& unit) const;
  /// decode then encode: the nearest valid point of the cube.
  Eigen::VectorXd snap(const Eigen::VectorXd& unit) const;

  /// Maps a point of [0,1]^size() (one coordinate per parameter, as from a Sobol
  /// sequence) to a configuration: categoricals take choice floor(u·C).
  Config from_uniform(const Eigen::VectorXd& u) const;

  /// Human-readable value of parameter i ("0.0123", "7", "gbtree").
  std::string format_value(std::size_t i, double value) const;

 private:
  std::vector<Parameter> parameters_;
  std::size_t encoded_dim_ = 0;
};

}  // namespace fermata
