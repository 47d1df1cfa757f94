#include "stopping/posterior_search.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <numeric>
#include <span>
#include <vector>

#include <LBFGSB.h>

#include <fermata/acquisition/acquisition.hpp>
#include <fermata/space/sobol.hpp>

namespace fermata::stopping_detail {
namespace {

/// Encoded coordinates of the parameters of the given kinds: the ones L-BFGS-B may move.
std::vector<Eigen::Index> coordinates_of(const Space& space, bool with_ints) {
  std::vector<Eigen::Index> out;
  Eigen::Index at = 0;
  for (const Parameter& p : space.parameters()) {
    if (p.kind == ParamKind::kFloat || (with_ints && p.kind == ParamKind::kInt)) out.push_back(at);
    at += static_cast<Eigen::Index>(p.encoded_width());
  }
  return out;
}

double latent_sd(double variance) {
  return std::max(std::sqrt(std::max(variance, 0.0)), kMinAcquisitionSd);
}

/// −score over the continuous coordinates (LBFGSpp minimizes). Remembers the best finite point
/// it evaluated, because a failed line search leaves the solver's iterate unspecified.
class NegativeScore {
 public:
  NegativeScore(const GaussianProcess& gp, const MomentScore& score, Eigen::VectorXd base,
                const std::vector<Eigen::Index>& coordinates)
      : gp_(gp), score_(score), base_(std::move(base)), coordinates_(coordinates) {}

  double operator()(const Eigen::VectorXd& z, Eigen::VectorXd& gradient) {
    const Eigen::VectorXd x = full(z);
    const GpPointPrediction p = gp_.predict_with_gradient_standardized(x);
    const double sd = latent_sd(p.variance);
    double d_mean = 0.0;
    double d_sd = 0.0;
    const double value = score_(p.mean, sd, d_mean, d_sd);
    gradient.resize(z.size());
    if (!std::isfinite(value)) {
      gradient.setZero();
      return std::numeric_limits<double>::max();
    }
    // dσ/dx = (dσ²/dx)/(2σ); zero where σ sits on its floor.
    const bool floored = sd <= kMinAcquisitionSd;
    for (Eigen::Index i = 0; i < z.size(); ++i) {
      const Eigen::Index c = coordinates_[static_cast<std::size_t>(i)];
      const double sd_gradient = floored ? 0.0 : p.variance_gradient[c] / (2.0 * sd);
      gradient[i] = -(d_mean * p.mean_gradient[c] + d_sd * sd_gradient);
    }
    if (-value < best_value_) {
      best_value_ = -value;
      best_z_ = z;
    }
    return -value;
  }

  Eigen::VectorXd full(const Eigen::VectorXd& z) const {
    Eigen::VectorXd x = base_;
    for (Eigen::Index i = 0; i < z.size(); ++i) x[coordinates_[static_cast<std::size_t>(i)]] = z[i];
    return x;
  }

  /// The best point evaluated, or `fallback` if none was finite.
  Eigen::VectorXd best(const Eigen::VectorXd& fallback) const {
    return best_z_.size() == 0 ? fallback : best_z_;
  }

 private:
  const GaussianProcess& gp_;
  const MomentScore& score_;
  Eigen::VectorXd base_;
  const std::vector<Eigen::Index>& coordinates_;
  double best_value_ = std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_z_;
};

/// Below this many observations every candidate's exact variance costs less than the screen
/// (its 32-neighbour bound is O(k³) per candidate against the exact O(n²)).
constexpr Eigen::Index kScreenFrom = 256;
/// Exact variances are computed in blocks of this many columns (one blocked solve each).
constexpr Eigen::Index kScreenBlock = 64;

/// Rows of xs in the order of `key` (ascending or descending), ties by row: the order in which
/// their exact scores are computed.
std::vector<Eigen::Index> rows_by(const Eigen::VectorXd& key, bool descending) {
  std::vector<Eigen::Index> order(static_cast<std::size_t>(key.size()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return descending ? key[a] > key[b] : key[a] < key[b];
  });
  return order;
}

/// Exact scores of the rows order[from, to) of a screen, into `scores`.
void score_block(const GaussianProcess& gp, const GpScreen& screen, const MomentScore& score,
                 const std::vector<Eigen::Index>& order, std::size_t from, std::size_t to,
                 Eigen::VectorXd& scores) {
  const std::vector<Eigen::Index> columns(order.begin() + static_cast<std::ptrdiff_t>(from),
                                          order.begin() + static_cast<std::ptrdiff_t>(to));
  const Eigen::VectorXd variance = gp.screened_variances(screen, columns);
  double d_mean = 0.0;
  double d_sd = 0.0;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const Eigen::Index c = columns[i];
    scores[c] =
        score(screen.mean[c], latent_sd(variance[static_cast<Eigen::Index>(i)]), d_mean, d_sd);
  }
}

/// The scores at the rows of xs, exact where they can matter. Without a bound, on a small GP
/// or with a NaN bound, every row is scored (posterior_scores). Otherwise rows are scored in
/// blocks, best bound first (the highest for a maximum, the lowest for a minimum), until
/// `enough(scores, scored, next)` says that no row left can matter (`scored`: the rows
/// scored so far; `next`: the best bound left); the rows left out hold −∞ for a maximum and
/// +∞ for a minimum.
template <class Enough>
Eigen::VectorXd scores_by_bound(const GaussianProcess& gp, const Eigen::MatrixXd& xs,
                                const MomentScore& score, const ScoreBound& bound, bool maximum,
                                Enough enough) {
  if (!bound.at || gp.size() < kScreenFrom) return posterior_scores(gp, xs, score);
  const GpScreen screen = gp.screen_standardized(xs, bound.neighbours);
  Eigen::VectorXd keys(xs.rows());
  for (Eigen::Index i = 0; i < xs.rows(); ++i) {
    keys[i] = bound.at(screen.mean[i], latent_sd(screen.variance_bound[i]));
  }
  if (keys.hasNaN()) return posterior_scores(gp, xs, score);
  const std::vector<Eigen::Index> order = rows_by(keys, /*descending=*/maximum);
  const double infinity = std::numeric_limits<double>::infinity();
  Eigen::VectorXd scores = Eigen::VectorXd::Constant(xs.rows(), maximum ? -infinity : infinity);
  for (std::size_t from = 0; from < order.size();) {
    const std::size_t to = std::min(order.size(), from + static_cast<std::size_t>(kScreenBlock));
    score_block(gp, screen, score, order, from, to, scores);
    from = to;
    if (from < order.size() &&
        enough(scores, std::span<const Eigen::Index>(order.data(), from), keys[order[from]])) {
      break;
    }
  }
  return scores;
}

/// The `k`-th best exact score among distinct rows of xs (−∞ if fewer than k), over the rows
/// scored so far.
double kth_distinct_best(const Eigen::MatrixXd& xs, const Eigen::VectorXd& scores,
                         std::span<const Eigen::Index> scored, int k) {
  std::vector<Eigen::Index> rows;
  for (Eigen::Index r : scored) {
    if (!std::isnan(scores[r])) rows.push_back(r);
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return scores[a] > scores[b]; });
  std::vector<Eigen::Index> distinct;
  for (Eigen::Index r : rows) {
    const bool seen = std::any_of(distinct.begin(), distinct.end(),
                                  [&](Eigen::Index d) { return xs.row(d) == xs.row(r); });
    if (seen) continue;
    distinct.push_back(r);
    if (static_cast<int>(distinct.size()) == k) return scores[r];
  }
  return -std::numeric_limits<double>::infinity();
}

/// The candidates' scores: exact for every row that can be the best or a refinement start,
/// −∞ for the rows the screen rules out (see maximize_posterior_score).
Eigen::VectorXd candidate_scores(const GaussianProcess& gp, const Eigen::MatrixXd& xs,
                                 const MomentScore& score, const ScoreBound& bound, int refine) {
  return scores_by_bound(
      gp, xs, score, bound, /*maximum=*/true,
      [&](const Eigen::VectorXd& scores, std::span<const Eigen::Index> scored, double next) {
        // Strictly below: a row left out can neither beat nor tie the k-th
        // start.
        return next < kth_distinct_best(xs, scores, scored, std::max(1, refine));
      });
}

/// One L-BFGS-B run from `start` over `coordinates` in the unit box, snapped to a valid point.
Eigen::VectorXd refine(const GaussianProcess& gp, const Space& space, const MomentScore& score,
                       const Eigen::VectorXd& start, const std::vector<Eigen::Index>& coordinates,
                       int iterations) {
  const auto n = static_cast<Eigen::Index>(coordinates.size());
  Eigen::VectorXd z(n);
  for (Eigen::Index i = 0; i < n; ++i) z[i] = start[coordinates[static_cast<std::size_t>(i)]];
  const Eigen::VectorXd z0 = z;
  LBFGSpp::LBFGSBParam<double> param;
  param.max_iterations = iterations;
  param.epsilon = 1e-6;
  param.max_linesearch = 20;
  LBFGSpp::LBFGSBSolver<double> solver(param);
  NegativeScore objective(gp, score, start, coordinates);
  double value = 0.0;
  try {
    solver.minimize(objective, z, value, Eigen::VectorXd::Zero(n), Eigen::VectorXd::Ones(n));
  } catch (const std::exception&) {
    // Line-search failures on a flat score: keep the best point evaluated.
  }
  return space.snap(objective.full(objective.best(z0)));
}

}  // namespace

Eigen::VectorXd posterior_scores(const GaussianProcess& gp, const Eigen::MatrixXd& xs,
                                 const MomentScore& score) {
  const GpPrediction p = gp.predict_standardized(xs);
  Eigen::VectorXd out(xs.rows());
  double d_mean = 0.0;
  double d_sd = 0.0;
  for (Eigen::Index i = 0; i < xs.rows(); ++i) {
    out[i] = score(p.mean[i], latent_sd(p.variance[i]), d_mean, d_sd);
  }
  return out;
}

double min_posterior_score(const GaussianProcess& gp, const Eigen::MatrixXd& xs,
                           const MomentScore& score, const ScoreBound& bound) {
  if (xs.rows() == 0) return std::numeric_limits<double>::infinity();
  const Eigen::VectorXd scores = scores_by_bound(
      gp, xs, score, bound, /*maximum=*/false,
      [](const Eigen::VectorXd& scores, std::span<const Eigen::Index> scored, double next) {
        double best = std::numeric_limits<double>::infinity();
        for (Eigen::Index r : scored) {
          if (std::isnan(scores[r])) return false;  // then every row is scored, as without a bound
          best = std::min(best, scores[r]);
        }
        return next > best;
      });
  return scores.minCoeff();
}

SearchResult maximize_posterior_score(const GaussianProcess& gp, const Space& space,
                                      const Eigen::MatrixXd& include, const MomentScore& score,
                                      std::uint64_t seed, const PosteriorSearch& search,
                                      const ScoreBound& bound) {
  const auto dim = static_cast<Eigen::Index>(space.encoded_dim());
  Eigen::MatrixXd xs(include.rows() + search.candidates, dim);
  if (include.rows() > 0) xs.topRows(include.rows()) = include;
  SobolSequence sobol(space.size(), seed);
  for (int i = 0; i < search.candidates; ++i) {
    xs.row(include.rows() + i) = space.encode(space.from_uniform(sobol.next())).transpose();
  }
  const Eigen::VectorXd scores = candidate_scores(gp, xs, score, bound, search.refine);

  std::vector<Eigen::Index> order(static_cast<std::size_t>(xs.rows()));
  std::iota(order.begin(), order.end(), 0);
  // NaN scores sort last; ties keep candidate order, so the result is deterministic.
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return scores[a] > scores[b] || (!std::isnan(scores[a]) && std::isnan(scores[b]));
  });

  SearchResult best{scores[order.front()], xs.row(order.front()).transpose()};
  // Integers relaxed to the continuum and then rounded can land off the optimum of their
  // level, so each start is refined twice: over the floats with the integers held, and over
  // floats and integers followed, once rounded, by the floats alone again.
  const auto floats = coordinates_of(space, false);
  const auto continuous = coordinates_of(space, true);
  if (continuous.empty()) return best;
  const bool has_ints = continuous.size() > floats.size();
  std::vector<Eigen::VectorXd> starts;
  for (Eigen::Index i : order) {
    if (static_cast<int>(starts.size()) >= search.refine) break;
    const Eigen::VectorXd x = xs.row(i).transpose();
    if (std::find(starts.begin(), starts.end(), x) != starts.end()) continue;
    starts.push_back(x);
  }
  const int iterations = search.refine_iterations;
  std::vector<Eigen::VectorXd> results;
  for (const Eigen::VectorXd& start : starts) {
    if (!floats.empty()) results.push_back(refine(gp, space, score, start, floats, iterations));
    if (has_ints) {
      const Eigen::VectorXd rounded = refine(gp, space, score, start, continuous, iterations);
      results.push_back(floats.empty() ? rounded
                                       : refine(gp, space, score, rounded, floats, iterations));
    }
  }
  Eigen::MatrixXd refined(static_cast<Eigen::Index>(results.size()), dim);
  for (std::size_t r = 0; r < results.size(); ++r) {
    refined.row(static_cast<Eigen::Index>(r)) = results[r].transpose();
  }
  const Eigen::VectorXd refined_scores = posterior_scores(gp, refined, score);
  for (Eigen::Index i = 0; i < refined.rows(); ++i) {
    if (refined_scores[i] > best.score) best = {refined_scores[i], refined.row(i).transpose()};
  }
  return best;
}

}  // namespace fermata::stopping_detail
