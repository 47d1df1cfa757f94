#include <fermata/core/rng.hpp>

namespace fermata {

std::uint64_t mix_seed(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t derive_seed(std::uint64_t seed, std::initializer_list<std::uint64_t> stream) {
  std::uint64_t h = mix_seed(seed);
  for (std::uint64_t s : stream) h = mix_seed(h ^ mix_seed(s));
  return h;
}

}  // namespace fermata
