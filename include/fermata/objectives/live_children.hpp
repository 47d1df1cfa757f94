#pragma once

namespace fermata {

/// @brief Sends SIGKILL to the process group of every training program that is running
/// (the `command` model's), so that a worker that is about to end leaves no orphan behind.
/// Async-signal-safe: it only reads an array of atomics and calls kill().
void terminate_live_children() noexcept;

}  // namespace fermata
