#include <fermata/data/one_hot.hpp>

#include <cmath>
#include <stdexcept>

namespace fermata {

std::size_t one_hot_width(const Dataset& data, const CategoryCodes& codes) {
  std::size_t width = 0;
  for (std::size_t j = 0; j < data.features(); ++j) {
    width += data.is_categorical(j) ? codes.count(j) : 1;
  }
  return width;
}

Dataset::Matrix one_hot(const Dataset& data, const CategoryCodes& codes,
                        const Dataset::Matrix& coded) {
  if (static_cast<std::size_t>(coded.cols()) != data.features()) {
    throw std::invalid_argument("one_hot: expected as many columns as the dataset has features");
  }
  const auto width = static_cast<Eigen::Index>(one_hot_width(data, codes));
  Dataset::Matrix out = Dataset::Matrix::Zero(coded.rows(), width);
  for (Eigen::Index r = 0; r < coded.rows(); ++r) {
    Eigen::Index at = 0;
    for (std::size_t j = 0; j < data.features(); ++j) {
      const float cell = coded(r, static_cast<Eigen::Index>(j));
      if (!data.is_categorical(j)) {
        out(r, at++) = cell;
        continue;
      }
      const auto count = static_cast<Eigen::Index>(codes.count(j));
      if (!std::isnan(cell)) out(r, at + static_cast<Eigen::Index>(cell)) = 1.0f;
      at += count;
    }
  }
  return out;
}

}  // namespace fermata
