#include "checkpoint/categorical_record.hpp"

#include <algorithm>
#include <set>
#include <string>

#include <fermata/core/error.hpp>

#include "hdf5/hdf5_data.hpp"

namespace fermata {
namespace {

// A column name as a link name where HDF5 can hold it, once; otherwise by the feature index.
std::string link_name(const CategoricalFeature& f, std::set<std::string>& used) {
  std::string name = f.column;
  if (!h5::is_link_name(name) || used.count(name) != 0) {
    name = "feature_" + std::to_string(f.feature);
  }
  used.insert(name);
  return name;
}

}  // namespace

void write_categorical_record(const h5::Handle& file, const std::vector<CategoricalFeature>& list,
                              int folds) {
  const h5::Handle data = h5::create_group(file, "data");
  const h5::Handle categorical = h5::create_group(data, "categorical");
  std::set<std::string> used;
  for (const CategoricalFeature& f : list) {
    const std::size_t c = f.categories.size();
    std::vector<std::int8_t> in_fold;
    in_fold.reserve(static_cast<std::size_t>(folds) * c);
    if (f.in_fold_training.size() != static_cast<std::size_t>(folds)) {
      throw CheckpointError("categorical feature '" + f.column + "' has a record of " +
                            std::to_string(f.in_fold_training.size()) + " folds, the study has " +
                            std::to_string(folds));
    }
    for (const std::vector<std::int8_t>& fold : f.in_fold_training) {
      if (fold.size() != c) {
        throw CheckpointError("categorical feature '" + f.column + "' has a fold record of " +
                              std::to_string(fold.size()) + " categories, expected " +
                              std::to_string(c));
      }
      in_fold.insert(in_fold.end(), fold.begin(), fold.end());
    }
    const h5::Handle group = h5::create_group(categorical, link_name(f, used));
    h5::write_attribute(group, "column", f.column);
    h5::write_attribute(group, "feature", static_cast<int>(f.feature));
    h5::write_string_dataset(group, "categories", f.categories);
    h5::write_dataset(group, "in_fold_training", {static_cast<std::uint64_t>(folds), c}, in_fold);
  }
}

std::vector<CategoricalFeature> read_categorical_record(const LayoutReader& in,
                                                        const h5::Handle& file, int folds) {
  if (!h5::has_child(file, "data")) return {};
  const h5::Handle data = in.group(file, "data");
  if (!h5::has_child(data, "categorical")) return {};
  const h5::Handle categorical = in.group(data, "categorical");
  std::vector<CategoricalFeature> list;
  const auto k = static_cast<std::size_t>(folds);
  for (const std::string& name : h5::child_names(categorical)) {
    const h5::Handle group = in.group(categorical, name);
    CategoricalFeature f;
    f.column = in.string_attribute(group, "column");
    f.feature = in.int_attribute(group, "feature");
    f.categories = in.vector<std::string>(group, "categories");
    const std::size_t c = f.categories.size();
    const auto flat = in.array<std::int8_t>(group, "in_fold_training", {k, c});
    for (std::size_t j = 0; j < k; ++j) {
      const auto begin = flat.begin() + static_cast<std::ptrdiff_t>(j * c);
      f.in_fold_training.emplace_back(begin, begin + static_cast<std::ptrdiff_t>(c));
    }
    list.push_back(std::move(f));
  }
  std::sort(list.begin(), list.end(), [](const CategoricalFeature& a, const CategoricalFeature& b) {
    return a.feature < b.feature;
  });
  return list;
}

}  // namespace fermata
