#pragma once

#include <stdexcept>
#include <string>

namespace fermata {

/// @brief Documented process exit codes (DESIGN.md §3). Only `main` turns errors into these.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,
  kExitUsage = 2,
  kExitData = 3,
  kExitCheckpoint = 4,
  kExitInterrupted = 75,
};

/// @brief Base of every error fermata throws on purpose; carries the exit code it maps to.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, int exit_code = kExitFailure)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const noexcept { return exit_code_; }

 private:
  int exit_code_;
};

/// @brief Bad command line or job file (exit 2).
class JobError : public Error {
 public:
  explicit JobError(const std::string& message) : Error(message, kExitUsage) {}
};

/// @brief Missing, unreadable or malformed data (exit 3).
class DataError : public Error {
 public:
  explicit DataError(const std::string& message) : Error(message, kExitData) {}
};

/// @brief Missing, corrupt or incompatible checkpoint (exit 4).
class CheckpointError : public Error {
 public:
  explicit CheckpointError(const std::string& message) : Error(message, kExitCheckpoint) {}
};

/// @brief Failure of the transport between ranks (exit 1).
class CommError : public Error {
 public:
  explicit CommError(const std::string& message) : Error(message, kExitFailure) {}
};

/// @brief A model failed on one fold; the worker turns it into a failed fold, never a crash.
class ModelError : public Error {
 public:
  explicit ModelError(const std::string& message) : Error(message, kExitFailure) {}
};

}  // namespace fermata
