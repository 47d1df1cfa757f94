// Google Benchmark: the coordinator's cost of one suggestion after n observed trials in
// d = 9 dimensions: a full MAP hyperparameter refit plus one acquisition maximization
// (fit-plus-suggest), and the rank-one path that runs between refits (update-plus-suggest).

#include <benchmark/benchmark.h>

#include <cmath>

#include <fermata/acquisition/acquisition_optimizer.hpp>
#include <fermata/gp/gp_fit.hpp>
#include <fermata/space/sobol.hpp>

#include "bench/machine.hpp"

namespace {

constexpr int kDim = 9;

fermata::Space unit_space() {
  std::vector<fermata::Parameter> params;
  for (int i = 0; i < kDim; ++i) {
    params.push_back({"x" + std::to_string(i), fermata::ParamKind::kFloat, 0, 1, false, {}});
  }
  return fermata::Space(params);
}

/// n observations of a smooth function with noise, like CV errors of a 9-parameter model.
void observations(int n, Eigen::MatrixXd& x, Eigen::VectorXd& y) {
  fermata::SobolSequence sobol(kDim, 17);
  x = sobol.next(static_cast<std::size_t>(n));
  y.resize(n);
  fermata::Rng rng(5);
  std::normal_distribution<double> noise(0.0, 0.01);
  for (int i = 0; i < n; ++i) {
    double v = 0;
    for (int d = 0; d < kDim; ++d) v += std::sin(3.0 * x(i, d) + d) / (1.0 + d);
    y[i] = v + noise(rng);
  }
}

void BM_FitPlusSuggest(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  observations(n, x, y);
  const fermata::Space space = unit_space();
  const auto prior = fermata::GpPrior::weak(kDim);
  fermata::GpFitSettings settings;
  fermata::Rng rng(1);
  // Warm start from a first fit, as the optimizer does on every refit after the first.
  const auto warm = fermata::fit_hyperparameters(x, y, prior, settings, rng).hyperparameters;
  for (auto _ : state) {
    const auto fit = fermata::fit_hyperparameters(x, y, prior, settings, rng, warm);
    fermata::GaussianProcess gp(x, y, fit.hyperparameters);
    const double best = (y.minCoeff() - gp.standardization().offset) / gp.standardization().scale;
    fermata::Acquisition acquisition(gp, fermata::AcquisitionKind::kExpectedImprovement, best);
    auto next = fermata::maximize_acquisition(acquisition, space, {}, {}, {}, rng);
    benchmark::DoNotOptimize(next);
  }
}

void BM_UpdatePlusSuggest(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  observations(n + 1, x, y);
  const fermata::Space space = unit_space();
  fermata::Rng rng(1);
  const auto prior = fermata::GpPrior::weak(kDim);
  const auto hp =
      fermata::fit_hyperparameters(x.topRows(n), y.head(n), prior, {}, rng).hyperparameters;
  const fermata::GaussianProcess base(x.topRows(n), y.head(n), hp);
  for (auto _ : state) {
    fermata::GaussianProcess gp = base;
    gp.add_observation(x.row(n).transpose(), y[n]);
    fermata::Acquisition acquisition(gp, fermata::AcquisitionKind::kExpectedImprovement, -1.0);
    auto next = fermata::maximize_acquisition(acquisition, space, {}, {}, {}, rng);
    benchmark::DoNotOptimize(next);
  }
}

}  // namespace

BENCHMARK(BM_FitPlusSuggest)
    ->Arg(100)
    ->Arg(500)
    ->Arg(1000)
    ->Arg(2000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_UpdatePlusSuggest)
    ->Arg(100)
    ->Arg(500)
    ->Arg(1000)
    ->Arg(2000)
    ->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
  benchmark::AddCustomContext("machine", fermata::bench::machine_description());
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
