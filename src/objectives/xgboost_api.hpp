#pragma once

// Thin RAII wrappers over XGBoost's C API: every call is checked once here and turned into a
// ModelError carrying XGBGetLastError(), so the objective code stays free of return codes.

#include <cstddef>
#include <string>
#include <vector>

#include <xgboost/c_api.h>

namespace fermata::xgb {

/// Throws ModelError with XGBoost's last error when rc != 0.
void check(int rc, const char* call);

/// The linked library's version, "1.7.4".
std::string version();

/// @brief An owned DMatrixHandle.
class DMatrix {
 public:
  DMatrix() = default;
  /// Dense row-major float matrix; NaN marks a missing value.
  DMatrix(const float* data, std::size_t rows, std::size_t cols);
  ~DMatrix();
  DMatrix(DMatrix&& other) noexcept;
  DMatrix& operator=(DMatrix&& other) noexcept;
  DMatrix(const DMatrix&) = delete;
  DMatrix& operator=(const DMatrix&) = delete;

  /// The given rows (with their labels) as a new matrix.
  DMatrix slice(const std::vector<std::size_t>& rows) const;
  void set_labels(const float* labels, std::size_t n);
  /// Marks each column numeric ("q") or categorical ("c", XGBoost's native categorical
  /// splits: the column holds category codes 0, 1, ..., NaN for missing).
  void set_feature_types(const std::vector<bool>& categorical);
  DMatrixHandle get() const { return handle_; }

 private:
  DMatrixHandle handle_ = nullptr;
};

/// @brief An owned BoosterHandle trained on one matrix.
class Booster {
 public:
  explicit Booster(const DMatrix& train);
  ~Booster();
  Booster(const Booster&) = delete;
  Booster& operator=(const Booster&) = delete;

  void set_param(const std::string& name, const std::string& value);
  void update(int iteration, const DMatrix& train);
  /// Raw predictions (probabilities for logistic/softprob objectives), row-major.
  std::vector<float> predict(const DMatrix& data) const;
  /// The booster's whole configuration as JSON (XGBoosterSaveJsonConfig), after configuring it
  /// with the parameters set so far.
  std::string json_config() const;

 private:
  BoosterHandle handle_ = nullptr;
};

}  // namespace fermata::xgb
