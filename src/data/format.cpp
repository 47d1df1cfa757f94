#include <fermata/data/format.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include <fmt/format.h>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

struct Extension {
  std::string_view suffix;
  DataFormat format;
};

// .txt is read as a table because that is what most exported .txt data sets are; LibSVM
// files that happen to end in .txt need data.format: libsvm.
constexpr std::array<Extension, 9> kExtensions = {{{".csv", DataFormat::kCsv},
                                                   {".tsv", DataFormat::kTsv},
                                                   {".tab", DataFormat::kTsv},
                                                   {".txt", DataFormat::kTsv},
                                                   {".libsvm", DataFormat::kLibsvm},
                                                   {".svm", DataFormat::kLibsvm},
                                                   {".svmlight", DataFormat::kLibsvm},
                                                   {".h5", DataFormat::kHdf5},
                                                   {".hdf5", DataFormat::kHdf5}}};

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  return std::equal(
      suffix.begin(), suffix.end(), text.end() - suffix.size(),
      [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); });
}

std::string accepted_extensions() {
  std::string list;
  for (const Extension& e : kExtensions) list += (list.empty() ? "" : ", ") + std::string(e.suffix);
  return list;
}

}  // namespace

DataFormat format_from_extension(const std::string& path) {
  std::string_view name = path;
  const bool gzipped = ends_with_ignoring_case(name, ".gz");
  if (gzipped) name.remove_suffix(3);
  for (const Extension& e : kExtensions) {
    if (ends_with_ignoring_case(name, e.suffix)) return e.format;
  }
  const std::size_t slash = name.find_last_of('/');
  const std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  const std::size_t dot = base.find_last_of('.');
  const std::string found = dot == std::string_view::npos || dot == 0
                                ? std::string("no extension")
                                : "'" + std::string(base.substr(dot)) + (gzipped ? ".gz'" : "'");
  throw DataError(fmt::format(
      "{}: data.path: cannot tell the data format from the extension: expected one of {} "
      "(text formats optionally .gz), found {}; set data.format to csv, tsv, libsvm or hdf5 "
      "to read it anyway",
      path, accepted_extensions(), found));
}

DataFormat resolve_format(const DataSettings& settings) {
  if (settings.format != DataFormat::kAuto) return settings.format;
  return format_from_extension(settings.path);
}

}  // namespace fermata
