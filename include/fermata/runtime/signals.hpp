#pragma once

namespace fermata {

/// @brief Routes SIGTERM, SIGINT, SIGUSR1 and SIGUSR2 to a flag instead of ending the
/// process, so the coordinator can checkpoint and exit 75 (resumable).
void install_stop_signal_handlers();

/// @brief The signal received since installation, or 0.
int stop_signal_received();

/// @brief A function the SIGTERM handler calls before it sets the flag, for a process that
/// SIGTERM will end soon (an MPI worker, which MPI_Abort ends with SIGTERM then SIGKILL).
/// It must be async-signal-safe. nullptr removes it.
void set_termination_hook(void (*hook)() noexcept);

/// @brief Forgets a received signal (tests).
void reset_stop_signal();

}  // namespace fermata
