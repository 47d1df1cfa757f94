#include <fermata/data/generate.hpp>

#include <cmath>
#include <set>
#include <vector>

#include <fmt/format.h>
#include <boost/math/constants/constants.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <fermata/core/error.hpp>
#include <fermata/core/rng.hpp>

#include "data/shuffle.hpp"

// Boost's distributions, not <random>'s: std::normal_distribution is implementation-defined,
// and a generated dataset must be identical on every rank and every machine.

namespace fermata {
namespace {

constexpr int kMinRows = 10;
// Distance of the class centroids from the origin along every informative axis; with unit
// within-class noise the classes overlap a little, as in make_classification's default.
constexpr double kClassSeparation = 1.0;

[[noreturn]] void bad_setting(const char* key, const std::string& expected, double found) {
  throw JobError(fmt::format("data.generate.{}: expected {}, found {}", key, expected, found));
}

void validate(const GenerateSettings& s) {
  if (s.kind != "classification" && s.kind != "regression") {
    throw JobError(fmt::format(
        "data.generate.kind: expected classification or regression, found '{}'", s.kind));
  }
  if (s.rows < kMinRows) bad_setting("rows", fmt::format("at least {}", kMinRows), s.rows);
  if (s.features < 1) bad_setting("features", "at least 1", s.features);
  if (s.informative < 1 || s.informative > s.features) {
    bad_setting("informative", fmt::format("1..features ({})", s.features), s.informative);
  }
  if (s.kind == "regression") {
    if (!(s.noise >= 0.0 && std::isfinite(s.noise))) bad_setting("noise", "a value >= 0", s.noise);
    return;
  }
  if (s.classes < 2) bad_setting("classes", "at least 2", s.classes);
  // Every class needs its own hypercube vertex, and two rows so it survives a split.
  const double vertices = std::ldexp(1.0, s.informative);
  if (s.classes > vertices) {
    bad_setting("classes", fmt::format("at most 2^informative ({})", vertices), s.classes);
  }
  if (s.classes > s.rows / 2) {
    bad_setting("classes", fmt::format("at most rows/2 ({})", s.rows / 2), s.classes);
  }
  if (!(s.label_noise >= 0.0 && s.label_noise < 1.0)) {
    bad_setting("label_noise", "a value in [0, 1)", s.label_noise);
  }
}

Dataset empty_dataset(const GenerateSettings& s, Task task) {
  Dataset data;
  data.task = task;
  data.X.resize(s.rows, s.features);
  data.y.resize(s.rows);
  for (int j = 0; j < s.features; ++j) data.feature_names.push_back(fmt::format("x{}", j));
  data.target_name = "target";
  data.source = "generate:" + s.kind;
  return data;
}

// Distinct random vertices of the hypercube {-1, +1}^informative, one per class.
std::vector<std::vector<double>> class_centroids(int classes, int informative, Rng& rng) {
  boost::random::uniform_int_distribution<int> coin(0, 1);
  std::set<std::vector<double>> used;
  std::vector<std::vector<double>> centroids;
  while (static_cast<int>(centroids.size()) < classes) {
    std::vector<double> vertex(static_cast<std::size_t>(informative));
    for (double& v : vertex) v = coin(rng) == 1 ? kClassSeparation : -kClassSeparation;
    if (used.insert(vertex).second) centroids.push_back(std::move(vertex));
  }
  return centroids;
}

Dataset make_classification(const GenerateSettings& s, Rng& rng) {
  Dataset data = empty_dataset(s, Task::kClassification);
  const auto centroids = class_centroids(s.classes, s.informative, rng);
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  // Balanced classes in blocks of rows; the rows are shuffled at the end.
  std::vector<int> label(static_cast<std::size_t>(s.rows));
  for (int r = 0; r < s.rows; ++r) {
    const int c = static_cast<int>(static_cast<long long>(r) * s.classes / s.rows);
    label[static_cast<std::size_t>(r)] = c;
    for (int j = 0; j < s.features; ++j) {
      const double center = j < s.informative ? centroids[c][static_cast<std::size_t>(j)] : 0.0;
      data.X(r, j) = static_cast<float>(center + normal(rng));
    }
  }
  // Flip exactly round(label_noise·rows) labels, each to a different class.
  std::vector<std::size_t> rows(static_cast<std::size_t>(s.rows));
  for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = r;
  data_detail::shuffle_in_place(rows, rng);
  const auto flips = static_cast<std::size_t>(std::llround(s.label_noise * s.rows));
  boost::random::uniform_int_distribution<int> offset(1, s.classes - 1);
  for (std::size_t i = 0; i < flips; ++i) {
    int& c = label[rows[i]];
    c = (c + offset(rng)) % s.classes;
  }
  // Shuffle so that row order carries no class information.
  data_detail::shuffle_in_place(rows, rng);
  Dataset::Matrix ordered(s.rows, s.features);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto from = static_cast<Eigen::Index>(rows[i]);
    ordered.row(static_cast<Eigen::Index>(i)) = data.X.row(from);
    data.y[static_cast<Eigen::Index>(i)] = static_cast<float>(label[rows[i]]);
  }
  data.X = std::move(ordered);
  data.num_classes = s.classes;
  for (int c = 0; c < s.classes; ++c) data.class_labels.push_back(std::to_string(c));
  return data;
}

// Friedman #1 generalized to any number of informative features x_0..x_{m-1}, cycling
// through its terms in blocks of five:
//   10 sin(pi x_b x_{b+1}) + 20 (x_{b+2} - 0.5)^2 + 10 x_{b+3} + 5 x_{b+4}
// (a block's first feature alone gives 10 sin(pi x_b)).
double friedman_signal(const Eigen::Ref<const Eigen::VectorXd>& x, int informative) {
  constexpr double kPi = boost::math::constants::pi<double>();
  double y = 0.0;
  for (int i = 0; i < informative; ++i) {
    switch (i % 5) {
      case 0:
        y += 10.0 * std::sin(kPi * x[i] * (i + 1 < informative ? x[i + 1] : 1.0));
        break;
      case 1:
        break;  // the partner of the sine term above
      case 2:
        y += 20.0 * (x[i] - 0.5) * (x[i] - 0.5);
        break;
      case 3:
        y += 10.0 * x[i];
        break;
      default:
        y += 5.0 * x[i];
        break;
    }
  }
  return y;
}

Dataset make_regression(const GenerateSettings& s, Rng& rng) {
  Dataset data = empty_dataset(s, Task::kRegression);
  boost::random::uniform_real_distribution<double> unit(0.0, 1.0);
  Eigen::VectorXd signal(s.rows);
  Eigen::VectorXd x(s.features);
  for (int r = 0; r < s.rows; ++r) {
    for (int j = 0; j < s.features; ++j) {
      x[j] = unit(rng);
      data.X(r, j) = static_cast<float>(x[j]);
    }
    signal[r] = friedman_signal(x, s.informative);
  }
  const double centered = (signal.array() - signal.mean()).square().mean();
  boost::random::normal_distribution<double> noise(0.0, s.noise * std::sqrt(centered));
  for (int r = 0; r < s.rows; ++r) {
    data.y[r] = static_cast<float>(signal[r] + (s.noise > 0.0 ? noise(rng) : 0.0));
  }
  return data;
}

}  // namespace

Dataset generate_dataset(const GenerateSettings& settings, std::uint64_t seed) {
  validate(settings);
  Rng rng(derive_seed(seed, {kStreamGenerate}));
  return settings.kind == "classification" ? make_classification(settings, rng)
                                           : make_regression(settings, rng);
}

}  // namespace fermata
