#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

#include <fermata/data/dataset.hpp>

namespace fermata {

/// @brief The validation error of predictions against labels. Every metric is an error:
/// lower is better, 0 is perfect, so the tuner minimizes all of them alike.
///
/// `predictions` is row-major with `width` = predictions.size() / labels.size() values per
/// row: one value (a regression prediction, or the positive-class probability when
/// num_classes == 2), or num_classes class probabilities. Classification labels are class
/// indices 0..num_classes-1. With n rows:
/// - "error": misclassification rate, (rows whose predicted class ≠ label) / n; the predicted
///   class is p > 0.5 for one value per row, else the argmax (first on ties). In [0, 1].
/// - "logloss": cross-entropy −(1/n)·Σ log p_r(label_r) with every probability clipped to
///   [1e-15, 1 − 1e-15] first (so one confident mistake costs at most −ln 1e-15 ≈ 34.5, not
///   infinity); with one value per row p_r(1) = p, p_r(0) = 1 − p. Probabilities are not
///   renormalized after clipping. In [1e-15, 34.54].
/// - "auc": 1 − ROC AUC, in [0, 1] (0: every positive ranked above every negative, 0.5: no
///   better than chance). Binary: AUC = (R₊ − n₊(n₊+1)/2) / (n₊·n₋), the Mann–Whitney U of the
///   positive-class scores, with R₊ the sum of the positives' ranks among all scores and tied
///   scores given their average rank (a tie counts one half). Multiclass: the macro average
///   over classes c of the one-vs-rest AUC of column c (label = c against the rest), over the
///   classes present among the labels; a class absent from the rows has no positives and no
///   defined AUC, so it is left out. Throws ModelError when the labels hold fewer than two
///   classes: AUC is undefined there (a validation fold of a single class).
/// - "rmse": root mean squared error, sqrt((1/n)·Σ (prediction − label)²). Regression only.
/// - "mae": mean absolute error, (1/n)·Σ |prediction − label|. Regression only.
///
/// The probability metrics (logloss, auc) need probabilities, not margins or class indices:
/// see metric_needs_probabilities(). A NaN prediction (a diverged model) gives NaN.
/// Throws std::invalid_argument for an unknown metric, no rows, a width that is neither 1 nor
/// num_classes (regression metrics: not 1), or a label that is not a class index.
double compute_metric(const std::string& metric, const std::vector<float>& predictions,
                      const std::vector<float>& labels, int num_classes);

/// @brief Whether `metric` scores class probabilities (logloss, auc), so that a model must
/// output calibrated probabilities rather than hard classes for it to be meaningful.
bool metric_needs_probabilities(const std::string& metric);

/// @brief `metric`, or the default of the task when it is empty (ModelSettings::metric):
/// "error" for classification, "rmse" for regression. Throws JobError naming model.metric
/// when the metric is not one of the task's (classification: error, logloss, auc;
/// regression: rmse, mae).
std::string resolve_metric(const std::string& metric, Task task);

}  // namespace fermata
