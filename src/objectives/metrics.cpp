#include <fermata/objectives/metrics.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

constexpr double kMinProbability = 1e-15;
constexpr double kMaxProbability = 1.0 - 1e-15;

/// The number of values per row; throws unless it is a whole, positive number.
std::size_t row_width(const std::vector<float>& predictions, std::size_t rows) {
  if (rows == 0) throw std::invalid_argument("no rows to score");
  const std::size_t width = predictions.size() / rows;
  if (width == 0 || width * rows != predictions.size()) {
    throw std::invalid_argument(std::to_string(predictions.size()) + " predictions do not match " +
                                std::to_string(rows) + " rows");
  }
  return width;
}

/// The labels as class indices; throws unless each is an integer in [0, num_classes) and a
/// row holds one value (binary) or num_classes values.
std::vector<int> class_indices(const std::vector<float>& labels, std::size_t width,
                               int num_classes) {
  const bool binary_column = width == 1 && num_classes <= 2;
  if (!binary_column && static_cast<int>(width) != num_classes) {
    throw std::invalid_argument("predictions have " + std::to_string(width) +
                                " values per row for " + std::to_string(num_classes) + " classes");
  }
  const int classes = std::max(num_classes, 2);
  std::vector<int> out(labels.size());
  for (std::size_t r = 0; r < labels.size(); ++r) {
    const float label = labels[r];
    if (!(label >= 0.0f && label < static_cast<float>(classes)) || label != std::floor(label)) {
      throw std::invalid_argument("row " + std::to_string(r) + ": expected a class index in [0, " +
                                  std::to_string(classes - 1) + "], found " +
                                  std::to_string(label));
    }
    out[r] = static_cast<int>(label);
  }
  return out;
}

/// The probability that row r belongs to class c, clipped away from 0 and 1.
double clipped_probability(const std::vector<float>& predictions, std::size_t width, std::size_t r,
                           int c) {
  const double p = width == 1 ? (c == 1 ? predictions[r] : 1.0 - predictions[r])
                              : predictions[r * width + static_cast<std::size_t>(c)];
  return std::clamp(p, kMinProbability, kMaxProbability);
}

double misclassification_rate(const std::vector<float>& predictions, const std::vector<int>& y,
                              std::size_t width) {
  std::size_t wrong = 0;
  for (std::size_t r = 0; r < y.size(); ++r) {
    int predicted = 0;
    if (width == 1) {
      predicted = predictions[r] > 0.5f ? 1 : 0;
    } else {
      const float* row = predictions.data() + r * width;
      predicted = static_cast<int>(std::max_element(row, row + width) - row);
    }
    wrong += predicted != y[r] ? 1 : 0;
  }
  return static_cast<double>(wrong) / static_cast<double>(y.size());
}

double log_loss(const std::vector<float>& predictions, const std::vector<int>& y,
                std::size_t width) {
  double sum = 0.0;
  for (std::size_t r = 0; r < y.size(); ++r) {
    sum -= std::log(clipped_probability(predictions, width, r, y[r]));
  }
  return sum / static_cast<double>(y.size());
}

/// Mann–Whitney AUC of `scores` for rows where `positive` holds; ties share their average
/// rank. Needs at least one positive and one negative row.
double roc_auc(const std::vector<double>& scores, const std::vector<bool>& positive) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  double positive_rank_sum = 0.0;
  double positives = 0.0;
  for (std::size_t begin = 0; begin < order.size();) {
    std::size_t end = begin + 1;
    while (end < order.size() && scores[order[end]] == scores[order[begin]]) ++end;
    // Ranks begin+1 .. end (1-based) are tied; each gets their mean.
    const double average_rank = 0.5 * static_cast<double>(begin + 1 + end);
    for (std::size_t i = begin; i < end; ++i) {
      if (positive[order[i]]) {
        positive_rank_sum += average_rank;
        positives += 1.0;
      }
    }
    begin = end;
  }
  const double negatives = static_cast<double>(scores.size()) - positives;
  return (positive_rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives);
}

double one_minus_auc(const std::vector<float>& predictions, const std::vector<int>& y,
                     std::size_t width, int num_classes) {
  const int classes = std::max(num_classes, 2);
  std::vector<std::size_t> counts(static_cast<std::size_t>(classes), 0);
  for (int label : y) ++counts[static_cast<std::size_t>(label)];
  const auto present = std::count_if(counts.begin(), counts.end(), [](auto n) { return n > 0; });
  if (present < 2) {
    throw ModelError("metric auc: the " + std::to_string(y.size()) +
                     " validation rows all hold one class, and AUC needs at least two; use "
                     "more rows per fold (fewer folds), stratified folds, or metric error");
  }
  // Binary: the positive class's column; one-vs-rest for class 1 is the whole story.
  const int first_class = classes == 2 ? 1 : 0;
  double sum = 0.0;
  int scored = 0;
  std::vector<double> scores(y.size());
  std::vector<bool> positive(y.size());
  for (int c = first_class; c < classes; ++c) {
    if (counts[static_cast<std::size_t>(c)] == 0) continue;
    for (std::size_t r = 0; r < y.size(); ++r) {
      scores[r] =
          width == 1 ? predictions[r] : predictions[r * width + static_cast<std::size_t>(c)];
      positive[r] = y[r] == c;
    }
    sum += roc_auc(scores, positive);
    ++scored;
  }
  return 1.0 - sum / scored;
}

double regression_error(const std::string& metric, const std::vector<float>& predictions,
                        const std::vector<float>& labels, std::size_t width) {
  if (width != 1) {
    throw std::invalid_argument("metric " + metric + ": expected one prediction per row, found " +
                                std::to_string(width));
  }
  double sum = 0.0;
  for (std::size_t r = 0; r < labels.size(); ++r) {
    const double d = static_cast<double>(predictions[r]) - labels[r];
    sum += metric == "rmse" ? d * d : std::abs(d);
  }
  const double mean = sum / static_cast<double>(labels.size());
  return metric == "rmse" ? std::sqrt(mean) : mean;
}

}  // namespace

double compute_metric(const std::string& metric, const std::vector<float>& predictions,
                      const std::vector<float>& labels, int num_classes) {
  const bool regression = metric == "rmse" || metric == "mae";
  if (!regression && metric != "error" && metric != "logloss" && metric != "auc") {
    throw std::invalid_argument("unknown metric '" + metric +
                                "' (expected error, logloss, auc, rmse or mae)");
  }
  const std::size_t width = row_width(predictions, labels.size());
  // A diverged model; NaN also has no place in the sort behind AUC.
  if (std::any_of(predictions.begin(), predictions.end(), [](float p) { return std::isnan(p); })) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (regression) {
    return regression_error(metric, predictions, labels, width);
  }
  const std::vector<int> y = class_indices(labels, width, num_classes);
  if (metric == "error") return misclassification_rate(predictions, y, width);
  if (metric == "logloss") return log_loss(predictions, y, width);
  return one_minus_auc(predictions, y, width, num_classes);
}

bool metric_needs_probabilities(const std::string& metric) {
  return metric == "logloss" || metric == "auc";
}

std::string resolve_metric(const std::string& metric, Task task) {
  const bool classification = task == Task::kClassification;
  if (metric.empty()) return classification ? "error" : "rmse";
  const bool known = classification ? (metric == "error" || metric == "logloss" || metric == "auc")
                                    : (metric == "rmse" || metric == "mae");
  if (!known) {
    throw JobError(std::string("model.metric: expected ") +
                   (classification ? "error, logloss or auc" : "rmse or mae") + " for " +
                   to_string(task) + ", found '" + metric + "'");
  }
  return metric;
}

}  // namespace fermata
