#include <fermata/acquisition/acquisition_optimizer.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <LBFGSB.h>
#include <boost/random/normal_distribution.hpp>

#include <fermata/space/sobol.hpp>

namespace fermata {
namespace {

/// Indices of the encoded coordinates that are continuous (float and int parameters).
std::vector<Eigen::Index> continuous_coordinates(const Space& space) {
  std::vector<Eigen::Index> out;
  Eigen::Index at = 0;
  for (const Parameter& p : space.parameters()) {
    if (p.kind != ParamKind::kCategorical) out.push_back(at);
    at += static_cast<Eigen::Index>(p.encoded_width());
  }
  return out;
}

}  // namespace

double distance_to(const Eigen::VectorXd& x, const std::vector<Eigen::VectorXd>& points) {
  double best = std::numeric_limits<double>::infinity();
  for (const auto& p : points) best = std::min(best, (x - p).norm());
  return best;
}

Eigen::Index farthest_row(const Eigen::MatrixXd& xs, const std::vector<Eigen::VectorXd>& points) {
  Eigen::Index far = 0;
  double far_distance = -1.0;
  for (Eigen::Index i = 0; i < xs.rows(); ++i) {
    const double d = distance_to(xs.row(i).transpose(), points);
    if (d > far_distance) {
      far = i;
      far_distance = d;
    }
  }
  return far;
}

Eigen::MatrixXd acquisition_candidates(const Space& space,
                                       const std::vector<Eigen::VectorXd>& anchors,
                                       const AcquisitionSearch& search, Rng& rng) {
  const auto continuous = continuous_coordinates(space);
  const int local = anchors.empty() ? 0 : search.local_candidates;
  Eigen::MatrixXd xs(search.candidates + local, static_cast<Eigen::Index>(space.encoded_dim()));
  SobolSequence sobol(space.size(), rng());
  for (int i = 0; i < search.candidates; ++i) {
    xs.row(i) = space.encode(space.from_uniform(sobol.next())).transpose();
  }
  boost::random::normal_distribution<double> step(0.0, 0.05);
  for (int i = 0; i < local; ++i) {
    Eigen::VectorXd x = anchors[static_cast<std::size_t>(i) % anchors.size()];
    for (Eigen::Index c : continuous) x[c] = std::clamp(x[c] + step(rng), 0.0, 1.0);
    xs.row(search.candidates + i) = space.snap(x).transpose();
  }
  return xs;
}

namespace {

/// −acquisition over the continuous coordinates, for LBFGSpp (which minimizes).
class RefineObjective {
 public:
  RefineObjective(const AcquisitionFunction& acquisition, Eigen::VectorXd base,
                  const std::vector<Eigen::Index>& coordinates)
      : acquisition_(acquisition), base_(std::move(base)), coordinates_(coordinates) {}

  double operator()(const Eigen::VectorXd& z, Eigen::VectorXd& gradient) {
    const Eigen::VectorXd x = full(z);
    Eigen::VectorXd g;
    const double value = acquisition_(x, &g);
    gradient.resize(z.size());
    for (Eigen::Index i = 0; i < z.size(); ++i) gradient[i] = -g[coordinates_[i]];
    if (!std::isfinite(value)) {
      gradient.setZero();
      return std::numeric_limits<double>::max();
    }
    return -value;
  }

  Eigen::VectorXd full(const Eigen::VectorXd& z) const {
    Eigen::VectorXd x = base_;
    for (Eigen::Index i = 0; i < z.size(); ++i) x[coordinates_[i]] = z[i];
    return x;
  }

 private:
  const AcquisitionFunction& acquisition_;
  Eigen::VectorXd base_;
  const std::vector<Eigen::Index>& coordinates_;
};

Eigen::VectorXd refine(const AcquisitionFunction& acquisition, const Space& space,
                       const Eigen::VectorXd& start, const std::vector<Eigen::Index>& coordinates,
                       int iterations) {
  if (coordinates.empty()) return start;
  const auto n = static_cast<Eigen::Index>(coordinates.size());
  Eigen::VectorXd z(n);
  for (Eigen::Index i = 0; i < n; ++i) z[i] = start[coordinates[static_cast<std::size_t>(i)]];
  LBFGSpp::LBFGSBParam<double> param;
  param.max_iterations = iterations;
  param.epsilon = 1e-6;
  param.max_linesearch = 20;
  LBFGSpp::LBFGSBSolver<double> solver(param);
  RefineObjective objective(acquisition, start, coordinates);
  double value = 0.0;
  try {
    solver.minimize(objective, z, value, Eigen::VectorXd::Zero(n), Eigen::VectorXd::Ones(n));
  } catch (const std::exception&) {
    // A failed line search leaves z at the best point reached, which is still usable.
  }
  return space.snap(objective.full(z));
}

}  // namespace

Eigen::VectorXd refine_acquisition(const AcquisitionFunction& acquisition, const Space& space,
                                   const Eigen::VectorXd& start, int iterations) {
  return refine(acquisition, space, start, continuous_coordinates(space), iterations);
}

Eigen::VectorXd maximize_acquisition(const Acquisition& acquisition, const Space& space,
                                     const std::vector<Eigen::VectorXd>& anchors,
                                     const std::vector<Eigen::VectorXd>& avoid,
                                     const AcquisitionSearch& search, Rng& rng) {
  const Eigen::MatrixXd xs = acquisition_candidates(space, anchors, search, rng);
  std::vector<bool> eligible(static_cast<std::size_t>(xs.rows()));
  for (Eigen::Index i = 0; i < xs.rows(); ++i) {
    eligible[static_cast<std::size_t>(i)] =
        distance_to(xs.row(i).transpose(), avoid) >= search.min_distance;
  }
  // The loop below looks at the refine + 1 best eligible candidates.
  const Eigen::VectorXd values = acquisition.top_values(xs, eligible, search.refine + 1);
  std::vector<Eigen::Index> order(static_cast<std::size_t>(xs.rows()));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return values[a] > values[b]; });

  const auto coordinates = continuous_coordinates(space);
  Eigen::VectorXd best;
  double best_value = -std::numeric_limits<double>::infinity();
  auto consider = [&](const Eigen::VectorXd& x, double value) {
    if (value > best_value && distance_to(x, avoid) >= search.min_distance) {
      best = x;
      best_value = value;
    }
  };
  int refined = 0;
  for (Eigen::Index i : order) {
    if (!eligible[static_cast<std::size_t>(i)]) continue;
    const Eigen::VectorXd x = xs.row(i).transpose();
    consider(x, values[i]);
    if (refined < search.refine) {
      const Eigen::VectorXd r =
          refine([&](const Eigen::VectorXd& point,
                     Eigen::VectorXd* gradient) { return acquisition.value(point, gradient); },
                 space, x, coordinates, search.refine_iterations);
      consider(r, acquisition.value(r, nullptr));
      ++refined;
    } else {
      break;
    }
  }
  if (best.size() == 0) {
    // Every candidate is crowded by pending points: take the one farthest from them.
    best = xs.row(farthest_row(xs, avoid)).transpose();
  }
  return best;
}

}  // namespace fermata
