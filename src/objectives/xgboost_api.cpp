#include "objectives/xgboost_api.hpp"

#include <limits>
#include <utility>

#include <fermata/core/error.hpp>

namespace fermata::xgb {

void check(int rc, const char* call) {
  if (rc != 0) throw ModelError(std::string("XGBoost ") + call + ": " + XGBGetLastError());
}

std::string version() {
  int major = 0;
  int minor = 0;
  int patch = 0;
  XGBoostVersion(&major, &minor, &patch);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

DMatrix::DMatrix(const float* data, std::size_t rows, std::size_t cols) {
  check(XGDMatrixCreateFromMat(data, rows, cols, std::numeric_limits<float>::quiet_NaN(), &handle_),
        "XGDMatrixCreateFromMat");
}

DMatrix::~DMatrix() {
  if (handle_ != nullptr) XGDMatrixFree(handle_);
}

DMatrix::DMatrix(DMatrix&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}

DMatrix& DMatrix::operator=(DMatrix&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) XGDMatrixFree(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
  }
  return *this;
}

DMatrix DMatrix::slice(const std::vector<std::size_t>& rows) const {
  std::vector<int> index(rows.begin(), rows.end());
  DMatrix out;
  check(XGDMatrixSliceDMatrix(handle_, index.data(), static_cast<bst_ulong>(index.size()),
                              &out.handle_),
        "XGDMatrixSliceDMatrix");
  return out;
}

void DMatrix::set_labels(const float* labels, std::size_t n) {
  check(XGDMatrixSetFloatInfo(handle_, "label", labels, static_cast<bst_ulong>(n)),
        "XGDMatrixSetFloatInfo(label)");
}

void DMatrix::set_feature_types(const std::vector<bool>& categorical) {
  std::vector<const char*> types;
  types.reserve(categorical.size());
  for (const bool c : categorical) types.push_back(c ? "c" : "q");
  check(XGDMatrixSetStrFeatureInfo(handle_, "feature_type", types.data(),
                                   static_cast<bst_ulong>(types.size())),
        "XGDMatrixSetStrFeatureInfo(feature_type)");
}

Booster::Booster(const DMatrix& train) {
  DMatrixHandle matrices[] = {train.get()};
  check(XGBoosterCreate(matrices, 1, &handle_), "XGBoosterCreate");
}

Booster::~Booster() {
  if (handle_ != nullptr) XGBoosterFree(handle_);
}

void Booster::set_param(const std::string& name, const std::string& value) {
  const int rc = XGBoosterSetParam(handle_, name.c_str(), value.c_str());
  if (rc != 0) {
    throw ModelError("XGBoost rejected parameter " + name + "=" + value + ": " + XGBGetLastError());
  }
}

void Booster::update(int iteration, const DMatrix& train) {
  check(XGBoosterUpdateOneIter(handle_, iteration, train.get()), "XGBoosterUpdateOneIter");
}

std::vector<float> Booster::predict(const DMatrix& data) const {
  bst_ulong length = 0;
  const float* values = nullptr;
  check(XGBoosterPredict(handle_, data.get(), 0, 0, 0, &length, &values), "XGBoosterPredict");
  return std::vector<float>(values, values + length);
}

std::string Booster::json_config() const {
  bst_ulong length = 0;
  const char* text = nullptr;
  check(XGBoosterSaveJsonConfig(handle_, &length, &text), "XGBoosterSaveJsonConfig");
  return std::string(text, length);
}

}  // namespace fermata::xgb
