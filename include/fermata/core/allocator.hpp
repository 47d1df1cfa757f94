#pragma once

namespace fermata {

/// @brief Keeps freed heap memory in the process instead of returning it to the kernel at
/// once: allocations below 32 MiB come from the heap and the heap is trimmed only above
/// 256 MiB free (glibc's mallopt; a no-op elsewhere).
///
/// The coordinator allocates and frees the same few-megabyte matrices (a GP's cross
/// covariances and solves over 2048 candidates) many times a second. With glibc's dynamic
/// defaults the heap is trimmed after each, and the next allocation faults its pages in again:
/// at n = 200 that was a tenth of a regret-bound evaluation. Called by the coordinator and the
/// criterion replay only; workers, whose models may hold much more memory, keep the defaults.
void keep_freed_heap_memory();

}  // namespace fermata
