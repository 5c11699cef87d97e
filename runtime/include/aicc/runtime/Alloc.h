//===- Alloc.h - Heap functions for compiled code ---------------*- C++ -*-===//
//
// Code lowered with MLIR's `use-generic-functions` option calls these
// instead of malloc/aligned_alloc/free, so the runtime defines them and
// counts the calls. They are exported with C linkage and default visibility
// so that JIT-compiled and AOT-compiled code resolves them from libaiccrt.
//
// Allocation failure cannot be reported to compiled code (it does not check
// for null): it is a fatal kernel error (KernelError.h), which returns to
// rt::callCompiled() or else prints a message and aborts.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_RUNTIME_ALLOC_H
#define AICC_RUNTIME_ALLOC_H

#include <cstddef>
#include <cstdint>

#define AICC_RT_EXPORT __attribute__((visibility("default")))

extern "C" {
/// malloc; a zero size still returns a unique, non-null pointer.
AICC_RT_EXPORT void *_mlir_memref_to_llvm_alloc(size_t size);
/// Memory aligned to `alignment` (rounded up to a power of two and to at
/// least sizeof(void *)); `size` is rounded up to a multiple of it.
AICC_RT_EXPORT void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment,
                                                        size_t size);
/// Frees memory from either function above; null is ignored.
AICC_RT_EXPORT void _mlir_memref_to_llvm_free(void *ptr);
}

namespace aicc::rt {

/// Counters since program start or the last resetAllocStats(). Updated with
/// relaxed atomics: exact once the counted threads have synchronized with
/// the reader, cheap otherwise.
struct AllocStats {
  /// Calls of either allocation function.
  uint64_t allocations;
  /// Calls of the free function with a non-null pointer.
  uint64_t frees;
  /// Sum of the requested sizes (before rounding).
  uint64_t bytesAllocated;
};

AllocStats allocStats();

/// Largest single requested size since the last reset.
uint64_t largestAllocation();

void resetAllocStats();

} // namespace aicc::rt

#endif // AICC_RUNTIME_ALLOC_H
