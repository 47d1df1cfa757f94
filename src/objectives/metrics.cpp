#include <fermata/objectives/metrics.hpp>

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace fermata {

double compute_metric(const std::string& metric, const std::vector<float>& predictions,
                      const std::vector<float>& labels, int num_classes) {
  const std::size_t n = labels.size();
  if (n == 0) throw std::invalid_argument("no rows to score");
  const std::size_t width = predictions.size() / n;
  if (width == 0 || width * n != predictions.size()) {
    throw std::invalid_argument("predictions do not match the number of rows");
  }
  if (metric == "rmse") {
    double sum = 0.0;
    for (std::size_t r = 0; r < n; ++r) {
      const double d = static_cast<double>(predictions[r]) - labels[r];
      sum += d * d;
    }
    return std::sqrt(sum / static_cast<double>(n));
  }
  if (metric == "error") {
    if (width != 1 && static_cast<int>(width) != num_classes) {
      throw std::invalid_argument("predictions have " + std::to_string(width) +
                                  " values per row for " + std::to_string(num_classes) +
                                  " classes");
    }
    std::size_t wrong = 0;
    for (std::size_t r = 0; r < n; ++r) {
      int cls = 0;
      if (width == 1) {
        cls = predictions[r] > 0.5f ? 1 : 0;
      } else {
        const float* row = predictions.data() + r * width;
        for (std::size_t c = 1; c < width; ++c) {
          if (row[c] > row[cls]) cls = static_cast<int>(c);
        }
      }
      wrong += cls != static_cast<int>(labels[r]) ? 1 : 0;
    }
    return static_cast<double>(wrong) / static_cast<double>(n);
  }
  throw std::invalid_argument("unknown metric '" + metric + "'");
}

}  // namespace fermata
