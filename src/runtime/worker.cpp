#include <fermata/runtime/worker.hpp>

#include <chrono>
#include <cmath>
#include <exception>

#include <spdlog/spdlog.h>

namespace fermata {

ResultMessage evaluate_task(Objective& objective, const TaskMessage& task, int worker) {
  ResultMessage result;
  result.trial = task.trial;
  result.fold = task.fold;
  result.worker = worker;
  const auto start = std::chrono::steady_clock::now();
  try {
    result.error = task.fold == kTestFold ? objective.test_error(task.params, task.trial)
                                          : objective.evaluate_attempt(task.params, task.trial,
                                                                       task.fold, task.attempt);
    if (!std::isfinite(result.error)) {
      result.ok = false;
      result.message = "the model returned a non-finite error";
    }
  } catch (const std::exception& e) {
    result.ok = false;
    result.message = e.what();
  } catch (...) {
    result.ok = false;
    result.message = "the model threw an unknown exception";
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!result.ok) {
    spdlog::warn("trial {} fold {} failed: {}", task.trial, task.fold, result.message);
  }
  return result;
}

long run_worker(WorkerChannel& channel, Objective& objective) {
  long evaluated = 0;
  channel.send_ready();
  while (auto task = channel.receive_task()) {
    channel.send_result(evaluate_task(objective, *task, channel.worker_id()));
    ++evaluated;
  }
  return evaluated;
}

}  // namespace fermata
