#pragma once

#include <cstdint>
#include <string>

#include <fermata/space/space.hpp>

namespace fermata {

/// @brief The `fold` of a task that asks for the test-set error of a trial's configuration
/// (Objective::test_error) instead of a validation fold.
inline constexpr int kTestFold = -1;

/// @brief Coordinator → worker: evaluate one fold of one trial (or its test error).
struct TaskMessage {
  std::int64_t trial = 0;
  int fold = 0;
  Config params;
  int attempt = 0;  ///< earlier failed attempts of this fold
};

/// @brief Worker → coordinator: what one fold gave. A failure is data, not an exception.
struct ResultMessage {
  std::int64_t trial = 0;
  int fold = 0;
  int worker = 0;
  bool ok = true;
  double error = 0.0;
  double seconds = 0.0;  ///< training time of the fold
  std::string message;   ///< why it failed, when !ok
};

/// @brief Boost.Serialization binary archives of the messages (versioned).
std::string encode(const TaskMessage& message);
std::string encode(const ResultMessage& message);
TaskMessage decode_task(const std::string& bytes);
ResultMessage decode_result(const std::string& bytes);

}  // namespace fermata
