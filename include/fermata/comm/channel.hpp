#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <fermata/comm/messages.hpp>

namespace fermata {

/// @brief What reaches the coordinator: a worker asking for its first task, or a result
/// (which also means the worker is free again).
struct Incoming {
  enum class Kind { kReady, kResult };
  Kind kind = Kind::kReady;
  int worker = 0;
  ResultMessage result;
  /// kReady: the node the worker runs on (SLURM's node name, else MPI's processor name);
  /// empty for workers in the coordinator's own process.
  std::string node;
};

/// @brief The coordinator's side of the transport. Workers are numbered 1..worker_count().
class CoordinatorChannel {
 public:
  virtual ~CoordinatorChannel() = default;
  virtual int worker_count() const = 0;
  /// The next message, or nothing after `timeout`.
  virtual std::optional<Incoming> poll(std::chrono::milliseconds timeout) = 0;
  virtual void send_task(int worker, const TaskMessage& task) = 0;
  /// Tells a worker to leave its loop.
  virtual void send_stop(int worker) = 0;
};

/// @brief A worker's side of the transport.
class WorkerChannel {
 public:
  virtual ~WorkerChannel() = default;
  /// This worker's number (its MPI rank, or 1..N for local threads).
  virtual int worker_id() const = 0;
  /// Announces the worker once, before its first task.
  virtual void send_ready() = 0;
  /// Blocks for the next task; nothing means stop.
  virtual std::optional<TaskMessage> receive_task() = 0;
  virtual void send_result(const ResultMessage& result) = 0;
};

}  // namespace fermata
