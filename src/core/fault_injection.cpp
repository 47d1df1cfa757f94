#include <fermata/core/fault_injection.hpp>

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace fermata {
namespace {

struct FaultSpec {
  std::string site;  ///< empty: no fault
  long nth = 1;
};

FaultSpec read_spec() {
  const char* text = std::getenv("FERMATA_INJECT_FAULT");
  if (text == nullptr) return {};
  FaultSpec spec{text, 1};
  if (const auto colon = spec.site.find(':'); colon != std::string::npos) {
    const std::string count = spec.site.substr(colon + 1);
    spec.site.resize(colon);
    const auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), spec.nth);
    if (ec != std::errc() || end != count.data() + count.size() || spec.nth < 1) spec.nth = 1;
  }
  return spec;
}

}  // namespace

void inject_fault(std::string_view site) {
  static const FaultSpec spec = read_spec();
  if (spec.site.empty() || site != spec.site) return;
  static std::atomic<long> calls{0};
  if (++calls == spec.nth) {
    throw std::logic_error("injected fault at " + spec.site + " (FERMATA_INJECT_FAULT)");
  }
}

}  // namespace fermata
