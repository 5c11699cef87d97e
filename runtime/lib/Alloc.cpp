//===- Alloc.cpp - Heap functions for compiled code -----------------------===//

#include "aicc/runtime/Alloc.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace {

std::atomic<uint64_t> allocations{0};
std::atomic<uint64_t> frees{0};
std::atomic<uint64_t> bytesAllocated{0};
std::atomic<uint64_t> largest{0};

void record(size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  bytesAllocated.fetch_add(size, std::memory_order_relaxed);
  uint64_t seen = largest.load(std::memory_order_relaxed);
  while (size > seen &&
         !largest.compare_exchange_weak(seen, size, std::memory_order_relaxed))
    ;
}

[[noreturn]] void outOfMemory(size_t size, size_t alignment) {
  std::fprintf(stderr,
               "aicc runtime: out of memory allocating %zu bytes (alignment "
               "%zu) for compiled code\n",
               size, alignment);
  std::abort();
}

} // namespace

extern "C" void *_mlir_memref_to_llvm_alloc(size_t size) {
  record(size);
  // malloc(0) may return null, which compiled code would treat as valid.
  void *ptr = std::malloc(size == 0 ? 1 : size);
  if (!ptr)
    outOfMemory(size, 0);
  return ptr;
}

extern "C" void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment,
                                                    size_t size) {
  record(size);
  // posix_memalign needs a power of two that is a multiple of sizeof(void*).
  size_t align = sizeof(void *);
  while (align < alignment && align <= (SIZE_MAX >> 1))
    align <<= 1;
  if (align < alignment)
    outOfMemory(size, alignment);
  size_t rounded = size == 0 ? align : size;
  if (rounded % align != 0) {
    if (rounded > SIZE_MAX - align)
      outOfMemory(size, alignment);
    rounded += align - rounded % align;
  }
  void *ptr = nullptr;
  if (::posix_memalign(&ptr, align, rounded) != 0)
    outOfMemory(size, alignment);
  return ptr;
}

extern "C" void _mlir_memref_to_llvm_free(void *ptr) {
  if (!ptr)
    return;
  frees.fetch_add(1, std::memory_order_relaxed);
  // Both allocation functions return memory that free() releases.
  std::free(ptr);
}

aicc::rt::AllocStats aicc::rt::allocStats() {
  return {allocations.load(std::memory_order_relaxed),
          frees.load(std::memory_order_relaxed),
          bytesAllocated.load(std::memory_order_relaxed)};
}

uint64_t aicc::rt::largestAllocation() {
  return largest.load(std::memory_order_relaxed);
}

void aicc::rt::resetAllocStats() {
  allocations.store(0, std::memory_order_relaxed);
  frees.store(0, std::memory_order_relaxed);
  bytesAllocated.store(0, std::memory_order_relaxed);
  largest.store(0, std::memory_order_relaxed);
}
