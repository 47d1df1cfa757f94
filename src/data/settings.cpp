#include <fermata/data/settings.hpp>

namespace fermata {

const char* to_string(DataFormat format) {
  switch (format) {
    case DataFormat::kAuto:
      return "auto";
    case DataFormat::kCsv:
      return "csv";
    case DataFormat::kTsv:
      return "tsv";
    case DataFormat::kLibsvm:
      return "libsvm";
    case DataFormat::kHdf5:
      return "hdf5";
  }
  return "?";
}

const char* to_string(MissingPolicy policy) {
  switch (policy) {
    case MissingPolicy::kError:
      return "error";
    case MissingPolicy::kAllow:
      return "allow";
  }
  return "?";
}

}  // namespace fermata
