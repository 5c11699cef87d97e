//===- Alloc.cpp - Heap functions for compiled code -----------------------===//

#include "aicc/runtime/Alloc.h"
#include "aicc/runtime/KernelError.h"

#include <fmt/format.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

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
  aicc::rt::fatalKernelError(fmt::format(
      "out of memory: compiled code needs {} bytes ({:.1f} GiB) for an "
      "intermediate tensor (alignment {}), which cannot be allocated",
      size, double(size) / double(uint64_t(1) << 30), alignment));
}

} // namespace

namespace {
/// Stored just before every block handed to compiled code.
struct Header {
  void *base;   // what malloc returned
  size_t size;  // requested size
  size_t align; // alignment of the returned pointer
};

/// Freed blocks of at least kCachedMin bytes are kept for the next request
/// of the same size and alignment: a training step allocates the same
/// temporaries every time, and without the cache each large block is a fresh
/// mmap whose pages the kernel faults in and zeroes again. At most
/// kCacheLimit bytes are kept.
constexpr size_t kCachedMin = 64 * 1024;
constexpr size_t kCacheLimit = size_t(512) << 20;

struct BlockCache {
  std::mutex mutex;
  std::map<std::pair<size_t, size_t>, std::vector<void *>> blocks;
  size_t bytes = 0;
};
BlockCache &cache() {
  static BlockCache *c = new BlockCache; // never destroyed: used at exit
  return *c;
}

Header *headerOf(void *ptr) {
  return reinterpret_cast<Header *>(static_cast<char *>(ptr) - sizeof(Header));
}

void *allocate(size_t size, size_t alignment) {
  record(size);
  // A power of two, large enough to hold the header before the block.
  size_t align = 64;
  while (align < alignment && align <= (SIZE_MAX >> 1))
    align <<= 1;
  if (align < alignment || size > SIZE_MAX - 2 * align)
    outOfMemory(size, alignment);
  if (size >= kCachedMin) {
    BlockCache &c = cache();
    std::lock_guard<std::mutex> lock(c.mutex);
    auto it = c.blocks.find({size, align});
    if (it != c.blocks.end() && !it->second.empty()) {
      void *ptr = it->second.back();
      it->second.pop_back();
      c.bytes -= size;
      return ptr;
    }
  }
  void *base = std::malloc(size + 2 * align);
  if (!base)
    outOfMemory(size, alignment);
  uintptr_t start = reinterpret_cast<uintptr_t>(base) + sizeof(Header);
  uintptr_t user = (start + align - 1) & ~uintptr_t(align - 1);
  void *ptr = reinterpret_cast<void *>(user);
  *headerOf(ptr) = Header{base, size, align};
  return ptr;
}
} // namespace

extern "C" void *_mlir_memref_to_llvm_alloc(size_t size) {
  return allocate(size, 0);
}

extern "C" void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment,
                                                    size_t size) {
  return allocate(size, alignment);
}

extern "C" void _mlir_memref_to_llvm_free(void *ptr) {
  if (!ptr)
    return;
  frees.fetch_add(1, std::memory_order_relaxed);
  Header header = *headerOf(ptr);
  if (header.size >= kCachedMin) {
    BlockCache &c = cache();
    std::lock_guard<std::mutex> lock(c.mutex);
    if (c.bytes + header.size <= kCacheLimit) {
      c.blocks[{header.size, header.align}].push_back(ptr);
      c.bytes += header.size;
      return;
    }
  }
  std::free(header.base);
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
