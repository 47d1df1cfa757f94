// The history CSV reader (fermata criterion --history, recorded runs): any text is a list of
// trials of the given space or an error naming the file and line.
#include <fermata/core/error.hpp>
#include <fermata/study/history_csv.hpp>

#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fermata::Space space(
      {{"x", fermata::ParamKind::kFloat, 0.0, 1.0, false, {}},
       {"n", fermata::ParamKind::kInt, 1, 8, false, {}},
       {"k", fermata::ParamKind::kCategorical, 0, 1, false, {"a", "b,c"}}});
  try {
    const auto trials = fermata::parse_history_csv(fermata::fuzz::text(data, size), "fuzz.csv",
                                                   space, 3, (size & 1) != 0);
    for (const auto& t : trials) {
      if (t.params.size() != space.size() || t.fold_error.size() != 3) std::abort();
    }
  } catch (const fermata::Error&) {
  }
  return 0;
}
