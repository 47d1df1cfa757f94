#include <fermata/space/space.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace fermata {

const char* to_string(ParamKind kind) {
  switch (kind) {
    case ParamKind::kFloat:
      return "float";
    case ParamKind::kInt:
      return "int";
    case ParamKind::kCategorical:
      return "categorical";
  }
  return "?";
}

std::size_t Parameter::encoded_width() const {
  return kind == ParamKind::kCategorical ? choices.size() : 1;
}

namespace {

double to_unit(const Parameter& p, double value) {
  if (p.high == p.low) return 0.5;
  if (p.log) return (std::log(value) - std::log(p.low)) / (std::log(p.high) - std::log(p.low));
  return (value - p.low) / (p.high - p.low);
}

/// u in [0, 1] (clamped) to [low, high], on a log scale where `log`, and clamped to it.
double from_unit_range(double low, double high, bool log, double u) {
  u = std::clamp(u, 0.0, 1.0);
  const double value =
      log ? std::exp(std::log(low) + u * (std::log(high) - std::log(low))) : low + u * (high - low);
  return std::clamp(value, low, high);
}

double from_unit(const Parameter& p, double u) {
  const double value = from_unit_range(p.low, p.high, p.log, u);
  // An int's bounds are whole numbers, so rounding after the clamp stays within them.
  return p.kind == ParamKind::kInt ? std::round(value) : value;
}

}  // namespace

Space::Space(std::vector<Parameter> parameters) : parameters_(std::move(parameters)) {
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    const Parameter& p = parameters_[i];
    const std::string where = "parameter '" + p.name + "'";
    for (std::size_t j = 0; j < i; ++j) {
      if (parameters_[j].name == p.name) throw std::invalid_argument(where + " appears twice");
    }
    if (p.kind == ParamKind::kCategorical) {
      if (p.choices.empty()) throw std::invalid_argument(where + ": needs at least one choice");
    } else {
      if (!std::isfinite(p.low) || !std::isfinite(p.high) || p.low > p.high) {
        throw std::invalid_argument(where + ": needs finite low <= high");
      }
      if (p.log && p.low <= 0.0) throw std::invalid_argument(where + ": log scale needs low > 0");
      if (p.kind == ParamKind::kInt && (p.low != std::round(p.low) || p.high != std::round(p.high)))
        throw std::invalid_argument(where + ": int bounds must be whole numbers");
    }
    encoded_dim_ += p.encoded_width();
  }
}

int Space::index_of(const std::string& name) const {
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    if (parameters_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Eigen::VectorXd Space::encode(const Config& config) const {
  if (config.size() != parameters_.size()) {
    throw std::invalid_argument("configuration has " + std::to_string(config.size()) +
                                " values, the space has " + std::to_string(parameters_.size()));
  }
  Eigen::VectorXd unit = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(encoded_dim_));
  Eigen::Index at = 0;
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    const Parameter& p = parameters_[i];
    if (p.kind == ParamKind::kCategorical) {
      const auto choice = static_cast<Eigen::Index>(config[i]);
      if (choice < 0 || choice >= static_cast<Eigen::Index>(p.choices.size())) {
        throw std::invalid_argument("parameter '" + p.name + "': choice index out of range");
      }
      unit[at + choice] = 1.0;
    } else {
      unit[at] = std::clamp(to_unit(p, config[i]), 0.0, 1.0);
    }
    at += static_cast<Eigen::Index>(p.encoded_width());
  }
  return unit;
}

Config Space::decode(const Eigen::VectorXd& unit) const {
  if (static_cast<std::size_t>(unit.size()) != encoded_dim_) {
    throw std::invalid_argument("encoded point has " + std::to_string(unit.size()) +
                                " coordinates, the space has " + std::to_string(encoded_dim_));
  }
  Config config(parameters_.size());
  Eigen::Index at = 0;
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    const Parameter& p = parameters_[i];
    const auto width = static_cast<Eigen::Index>(p.encoded_width());
    if (p.kind == ParamKind::kCategorical) {
      Eigen::Index best = 0;
      unit.segment(at, width).maxCoeff(&best);
      config[i] = static_cast<double>(best);
    } else {
      config[i] = from_unit(p, unit[at]);
    }
    at += width;
  }
  return config;
}

Eigen::VectorXd Space::snap(const Eigen::VectorXd& unit) const {
  return encode(decode(unit));
}

Config Space::from_uniform(const Eigen::VectorXd& u) const {
  if (static_cast<std::size_t>(u.size()) != parameters_.size()) {
    throw std::invalid_argument("uniform point has the wrong dimension");
  }
  Config config(parameters_.size());
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    const Parameter& p = parameters_[i];
    if (p.kind == ParamKind::kCategorical) {
      const double c = std::floor(u[static_cast<Eigen::Index>(i)] * p.choices.size());
      config[i] = std::clamp(c, 0.0, static_cast<double>(p.choices.size() - 1));
    } else if (p.kind == ParamKind::kInt) {
      // Widen by half a step on each side so the end values are as likely as the others.
      const double low = p.log ? std::max(p.low - 0.5, p.low * 0.5) : p.low - 0.5;
      const double value =
          from_unit_range(low, p.high + 0.5, p.log, u[static_cast<Eigen::Index>(i)]);
      config[i] = std::clamp(std::round(value), p.low, p.high);
    } else {
      config[i] = from_unit(p, u[static_cast<Eigen::Index>(i)]);
    }
  }
  return config;
}

std::string Space::format_value(std::size_t i, double value) const {
  const Parameter& p = parameters_.at(i);
  if (p.kind == ParamKind::kCategorical) {
    const auto c = static_cast<std::size_t>(value);
    return c < p.choices.size() ? p.choices[c] : "?";
  }
  std::ostringstream out;
  if (p.kind == ParamKind::kInt) {
    out << static_cast<long long>(std::llround(value));
  } else {
    out.precision(6);
    out << value;
  }
  return out.str();
}

}  // namespace fermata
