#include <fermata/core/allocator.hpp>

#include <cstdlib>  // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace fermata {

void keep_freed_heap_memory() {
#if defined(__GLIBC__)
  // Setting either fixes both thresholds (glibc then stops adjusting them dynamically);
  // 32 MiB is the largest mmap threshold glibc accepts on 64-bit systems.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

}  // namespace fermata
