#pragma once

#include <memory>

#include <fermata/comm/channel.hpp>

namespace fermata {

/// @brief MPI_Init_thread (funneled: only the main thread calls MPI) / MPI_Finalize.
class MpiSession {
 public:
  MpiSession(int* argc, char*** argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  /// Ends every rank at once (for errors that leave no other way out).
  [[noreturn]] static void abort(int code);
  /// Rank 0's `value` on every rank (collective): how the coordinator tells workers whether
  /// the job and data checked out before anyone starts work.
  int broadcast_from_coordinator(int value) const;

 private:
  int rank_ = 0;
  int size_ = 1;
};

/// @brief The coordinator's channel over MPI_COMM_WORLD (rank 0; workers are ranks 1..P-1).
std::unique_ptr<CoordinatorChannel> make_mpi_coordinator_channel();
/// @brief A worker's channel over MPI_COMM_WORLD.
std::unique_ptr<WorkerChannel> make_mpi_worker_channel();

}  // namespace fermata
