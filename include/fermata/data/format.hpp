#pragma once

#include <string>

#include <fermata/data/settings.hpp>

namespace fermata {

/// @brief The format `data.format: auto` reads `path` in, from its extension (case-insensitive,
/// after stripping a trailing .gz): .csv → kCsv; .tsv, .tab, .txt → kTsv; .libsvm, .svm,
/// .svmlight → kLibsvm; .h5, .hdf5 → kHdf5. Text tables still sniff their delimiter under
/// auto, so a .csv file with tabs reads correctly. Throws DataError naming the file and the
/// accepted extensions, and suggesting data.format, for any other extension.
DataFormat format_from_extension(const std::string& path);

/// @brief The format `settings.path` is read in: `settings.format`, or the extension's under
/// kAuto (see format_from_extension). Never returns kAuto.
DataFormat resolve_format(const DataSettings& settings);

}  // namespace fermata
