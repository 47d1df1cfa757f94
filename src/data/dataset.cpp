#include <fermata/data/dataset.hpp>

namespace fermata {

const char* to_string(Task task) {
  switch (task) {
    case Task::kClassification:
      return "classification";
    case Task::kRegression:
      return "regression";
  }
  return "?";
}

}  // namespace fermata
