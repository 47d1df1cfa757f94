#include "objectives/mlp_training.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <utility>

// libtorch is included here only: its headers cost seconds per translation unit.
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <torch/optim/adamw.h>
#include <torch/types.h>

namespace fermata {
namespace {

/// Sets the calling thread's ATen intra-op thread count. libgomp keeps OpenMP's count per OS
/// thread and ATen's parallel_for reads the caller's, so every local worker thread sets its
/// own. ATen also initializes a thread lazily, on its first parallel op, from the last count
/// set anywhere in the process, which would undo ours later: run that initialization first.
/// The process-wide parts of set_num_threads (MKL, pthreadpool) get the same model.threads
/// from every worker; the mutex keeps their setters from running concurrently.
void use_intra_op_threads(int threads) {
  thread_local int current = 0;
  if (current == threads) return;
  static std::mutex mutex;
  const std::lock_guard<std::mutex> lock(mutex);
  at::internal::lazy_init_num_threads();
  at::set_num_threads(threads);
  current = threads;
}

torch::Tensor to_tensor(const Dataset::Matrix& m) {
  // from_blob only views the rows; clone so the tensor owns its memory.
  return torch::from_blob(const_cast<float*>(m.data()), {m.rows(), m.cols()}, torch::kFloat)
      .clone();
}

/// Weights [in, out] and biases [out] of each layer, hidden layers first.
struct Network {
  std::vector<torch::Tensor> weights;
  std::vector<torch::Tensor> biases;
};

/// He-uniform weights, U(±√(6/fan_in)), for the ReLU layers and LeCun-uniform, U(±√(3/fan_in)),
/// for the linear output, so activations keep their scale with depth; zero biases.
Network init_network(std::int64_t inputs, const MlpOptions& options, std::int64_t outputs,
                     at::Generator& generator) {
  Network net;
  std::int64_t fan_in = std::max<std::int64_t>(inputs, 1);
  for (int layer = 0; layer <= options.layers; ++layer) {
    const bool output = layer == options.layers;
    const std::int64_t fan_out = output ? outputs : options.width;
    const double bound = std::sqrt((output ? 3.0 : 6.0) / static_cast<double>(fan_in));
    net.weights.push_back(
        torch::empty({fan_in, fan_out}).uniform_(-bound, bound, generator).requires_grad_());
    net.biases.push_back(torch::zeros({fan_out}).requires_grad_());
    fan_in = fan_out;
  }
  return net;
}

/// The network's outputs (logits, or the standardized regression value). Dropout, drawn from
/// `generator`, applies after each hidden ReLU when `generator` is given (training only).
torch::Tensor forward(const Network& net, torch::Tensor h, double dropout,
                      at::Generator* generator) {
  const std::size_t last = net.weights.size() - 1;
  for (std::size_t layer = 0; layer <= last; ++layer) {
    h = torch::addmm(net.biases[layer], h, net.weights[layer]);
    if (layer == last) break;
    h = torch::relu(h);
    if (generator != nullptr && dropout > 0.0) {
      const torch::Tensor keep = torch::empty_like(h).bernoulli_(1.0 - dropout, *generator);
      h = h * keep / (1.0 - dropout);  // inverted dropout: no rescaling at prediction
    }
  }
  return h;
}

torch::Tensor training_targets(const MlpProblem& problem) {
  const auto n = static_cast<std::int64_t>(problem.train_y.size());
  if (!problem.classification) {
    return torch::from_blob(const_cast<float*>(problem.train_y.data()), {n}, torch::kFloat).clone();
  }
  std::vector<std::int64_t> classes(problem.train_y.begin(), problem.train_y.end());
  return torch::from_blob(classes.data(), {n}, torch::kLong).clone();
}

/// AdamW over every parameter; biases are exempt from weight decay, which is meant to shrink
/// the weights (the function's slope), not its offsets.
torch::optim::AdamW make_optimizer(const Network& net, const MlpOptions& options) {
  using torch::optim::AdamWOptions;
  const auto with_decay = [&](double decay) {
    return std::make_unique<AdamWOptions>(AdamWOptions(options.learning_rate).weight_decay(decay));
  };
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(net.weights, with_decay(options.weight_decay));
  groups.emplace_back(net.biases, with_decay(0.0));
  return torch::optim::AdamW(
      std::move(groups), AdamWOptions(options.learning_rate).weight_decay(options.weight_decay));
}

}  // namespace

std::vector<float> train_mlp_and_predict(const MlpOptions& options, const MlpProblem& problem,
                                         std::uint64_t seed, int threads) {
  use_intra_op_threads(threads);
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  const torch::Tensor x = to_tensor(problem.train_x);
  const torch::Tensor y = training_targets(problem);
  const std::int64_t n = x.size(0);

  Network net = init_network(x.size(1), options, problem.outputs, generator);
  torch::optim::AdamW optimizer = make_optimizer(net, options);
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    const torch::Tensor order = torch::randperm(n, generator);
    for (std::int64_t start = 0; start < n; start += options.batch_size) {
      const torch::Tensor rows = order.slice(0, start, std::min(n, start + options.batch_size));
      const torch::Tensor out = forward(net, x.index_select(0, rows), options.dropout, &generator);
      const torch::Tensor batch_y = y.index_select(0, rows);
      const torch::Tensor loss = problem.classification ? torch::cross_entropy_loss(out, batch_y)
                                                        : torch::mse_loss(out.squeeze(1), batch_y);
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
    }
  }

  const torch::NoGradGuard no_grad;
  torch::Tensor predictions = forward(net, to_tensor(problem.predict_x), 0.0, nullptr);
  if (problem.classification) predictions = torch::softmax(predictions, 1);
  predictions = predictions.contiguous();
  const float* begin = predictions.data_ptr<float>();
  return std::vector<float>(begin, begin + predictions.numel());
}

}  // namespace fermata
