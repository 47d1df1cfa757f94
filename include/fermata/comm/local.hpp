#pragma once

#include <memory>
#include <vector>

#include <fermata/comm/channel.hpp>

namespace fermata {

/// @brief In-process transport: a coordinator and `workers` worker channels joined by
/// thread-safe queues, for `--local-workers` and for tests. Messages go through the same
/// encoding as over MPI.
class LocalHub {
 public:
  explicit LocalHub(int workers);
  ~LocalHub();

  CoordinatorChannel& coordinator();
  /// Worker `id` in 1..workers.
  WorkerChannel& worker(int id);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fermata
