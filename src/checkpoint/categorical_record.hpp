#pragma once

// The data's categorical features in the checkpoint, beside the contract layout of DESIGN.md §7:
//
//   /data/categorical/<name>          group per categorical feature; attributes column (the
//                                     exact column name) and feature (0-based feature index)
//   /data/categorical/<name>/categories        strings [c], sorted byte-wise, as seen on the
//                                              non-test rows
//   /data/categorical/<name>/in_fold_training  int8 [k, c], 1 where the category occurs in
//                                              fold j's training rows (has a code there)
//
// <name> is the column name when HDF5 can hold it as one link name, else feature_<index>.
// Checkpoints written before the record existed have no /data: they read as no features.

#include <vector>

#include <fermata/study/study.hpp>

#include "checkpoint/layout_reader.hpp"
#include "hdf5/hdf5_handle.hpp"

namespace fermata {

/// @brief Writes `/data/categorical` (an empty group when there is no categorical feature).
/// Throws CheckpointError when a feature's fold record does not have `folds` rows of one entry
/// per category.
void write_categorical_record(const h5::Handle& file, const std::vector<CategoricalFeature>& list,
                              int folds);

/// @brief The features under `/data/categorical`, in feature order; none when the file has no
/// such group. Fails through `in` on a malformed record.
std::vector<CategoricalFeature> read_categorical_record(const LayoutReader& in,
                                                        const h5::Handle& file, int folds);

}  // namespace fermata
