#include <fermata/core/allocator.hpp>

#include <cstdlib>
#include <cstring>

#include <gtest/gtest.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace fermata {
namespace {

// A few-megabyte block, like a GP prediction's matrices over 2048 candidates, comes from the
// heap rather than from its own mapping, and freeing it does not give the heap back.
TEST(KeepFreedHeapMemory, ServesMegabyteBlocksFromTheHeapAndKeepsThemAfterFree) {
#if defined(__GLIBC__)
  keep_freed_heap_memory();
  const std::size_t size = 4u << 20;
  const struct mallinfo2 before = mallinfo2();
  void* block = std::malloc(size);
  ASSERT_NE(block, nullptr);
  std::memset(block, 1, size);  // touch it, as a matrix would be
  const struct mallinfo2 held = mallinfo2();
  EXPECT_EQ(held.hblks, before.hblks) << "the block got a mapping of its own";
  std::free(block);
  const struct mallinfo2 after = mallinfo2();
  EXPECT_GE(after.arena, held.arena) << "the heap was trimmed after the free";
#else
  GTEST_SKIP() << "glibc only: elsewhere keep_freed_heap_memory does nothing";
#endif
}

}  // namespace
}  // namespace fermata
