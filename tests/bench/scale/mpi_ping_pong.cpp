// The transport's own ceiling, to compare fermata's dispatch throughput with: rank 0 sends a
// message of --bytes bytes (default 200, about a fold result or a task) to rank 1 and waits
// for it to come back, --round-trips times (default 100000), after a warm-up of a tenth as
// many. Rank 0 prints one line: "round_trips_per_second <R> round_trips <N> bytes <B>".
//   mpirun -n 2 scale_ping_pong [--round-trips N] [--bytes B]
// fermata uses MPI's C API only, so this does too.

#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Options {
  long round_trips = 100000;
  int bytes = 200;
};

/// Parses --round-trips and --bytes; exits with a usage line on anything else.
Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 < argc && arg == "--round-trips") {
      options.round_trips = std::atol(argv[++i]);
    } else if (i + 1 < argc && arg == "--bytes") {
      options.bytes = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: mpirun -n 2 %s [--round-trips N] [--bytes B]\n", argv[0]);
      std::exit(2);
    }
  }
  if (options.round_trips < 1 || options.bytes < 1) {
    std::fprintf(stderr, "--round-trips and --bytes must be positive\n");
    std::exit(2);
  }
  return options;
}

/// `count` round trips of `buffer` between ranks 0 and 1; other ranks do nothing.
void ping_pong(int rank, long count, std::vector<char>& buffer) {
  const int size = static_cast<int>(buffer.size());
  for (long i = 0; i < count; ++i) {
    if (rank == 0) {
      MPI_Send(buffer.data(), size, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
      MPI_Recv(buffer.data(), size, MPI_BYTE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else if (rank == 1) {
      MPI_Recv(buffer.data(), size, MPI_BYTE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      MPI_Send(buffer.data(), size, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (size < 2) {
    if (rank == 0) std::fprintf(stderr, "scale_ping_pong needs 2 ranks (mpirun -n 2)\n");
    MPI_Finalize();
    return 2;
  }
  const Options options = parse(argc, argv);
  std::vector<char> buffer(static_cast<std::size_t>(options.bytes), 'f');

  ping_pong(rank, options.round_trips / 10 + 1, buffer);  // connections, caches, page faults
  MPI_Barrier(MPI_COMM_WORLD);
  const double start = MPI_Wtime();
  ping_pong(rank, options.round_trips, buffer);
  const double seconds = MPI_Wtime() - start;

  if (rank == 0) {
    std::printf("round_trips_per_second %.1f round_trips %ld bytes %d\n",
                static_cast<double>(options.round_trips) / seconds, options.round_trips,
                options.bytes);
  }
  MPI_Finalize();
  return 0;
}
