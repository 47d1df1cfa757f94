#pragma once

namespace fermata {

/// @brief Routes SIGTERM, SIGINT, SIGUSR1 and SIGUSR2 to a flag instead of ending the
/// process, so the coordinator can checkpoint and exit 75 (resumable).
void install_stop_signal_handlers();

/// @brief The signal received since installation, or 0.
int stop_signal_received();

/// @brief Forgets a received signal (tests).
void reset_stop_signal();

}  // namespace fermata
