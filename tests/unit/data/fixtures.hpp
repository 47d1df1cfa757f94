#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>
#include <zlib.h>

#include <gtest/gtest.h>

#include <fermata/core/error.hpp>
#include <fermata/data/dataset.hpp>
#include <fermata/data/table_reader.hpp>

namespace fermata::test_support {

/// @brief A fresh directory under the system temp dir, removed with everything in it when
/// the object goes away; named after the running test and the process so parallel ctest
/// runs never share one.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::string test =
        info ? std::string(info->test_suite_name()) + "." + info->name() : std::string("no-test");
    path_ = std::filesystem::temp_directory_path() /
            ("fermata-data-" + test + "-" + std::to_string(::getpid()) + "-" +
             std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  /// @brief Writes `text` byte for byte to `name` in the directory; returns the full path.
  std::string write(const std::string& name, const std::string& text) const {
    const std::string file = (path_ / name).string();
    std::ofstream out(file, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + file);
    return file;
  }

  /// @brief Writes `text` gzip-compressed to `name`; returns the full path.
  std::string write_gz(const std::string& name, const std::string& text) const {
    const std::string file = (path_ / name).string();
    gzFile gz = gzopen(file.c_str(), "wb");
    if (gz == nullptr) throw std::runtime_error("cannot open " + file);
    const int written = gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
    if (gzclose(gz) != Z_OK || written != static_cast<int>(text.size())) {
      throw std::runtime_error("cannot write " + file);
    }
    return file;
  }

 private:
  std::filesystem::path path_;
};

/// @brief A classification dataset (one zero feature) whose classes have the given sizes,
/// labels interleaved 0, 1, 2, 0, 1, 2, ... until each class is used up.
inline Dataset with_classes(const std::vector<int>& sizes) {
  std::vector<float> labels;
  std::vector<int> left = sizes;
  for (bool any = true; any;) {
    any = false;
    for (std::size_t c = 0; c < left.size(); ++c) {
      if (left[c]-- > 0) {
        labels.push_back(static_cast<float>(c));
        any = true;
      }
    }
  }
  Dataset d;
  d.task = Task::kClassification;
  d.num_classes = static_cast<int>(sizes.size());
  d.y = Eigen::Map<Eigen::VectorXf>(labels.data(), static_cast<Eigen::Index>(labels.size()));
  d.X = Dataset::Matrix::Zero(d.y.size(), 1);
  d.source = "test";
  return d;
}

/// @brief The message of the DataError (exit 3) that reading `path` throws; a test failure,
/// and "", when it reads without one.
inline std::string read_error(const std::string& path, const TableOptions& options) {
  try {
    read_table(path, options);
  } catch (const DataError& e) {
    EXPECT_EQ(e.exit_code(), kExitData);
    return e.what();
  }
  ADD_FAILURE() << "reading " << path << " did not throw DataError";
  return "";
}

}  // namespace fermata::test_support
