//===- TrainAllocTest.cpp - Tests for the compiled-code heap functions ----===//

#include "aicc/runtime/Alloc.h"

#include <gtest/gtest.h>

#include <cstring>
#include <thread>
#include <vector>

using namespace aicc::rt;

namespace {

bool aligned(const void *ptr, size_t alignment) {
  return reinterpret_cast<uintptr_t>(ptr) % alignment == 0;
}

TEST(AllocTest, CountsAllocationsAndFrees) {
  resetAllocStats();
  AllocStats zero = allocStats();
  EXPECT_EQ(zero.allocations, 0u);
  EXPECT_EQ(zero.frees, 0u);
  EXPECT_EQ(zero.bytesAllocated, 0u);
  EXPECT_EQ(largestAllocation(), 0u);

  void *a = _mlir_memref_to_llvm_alloc(100);
  void *b = _mlir_memref_to_llvm_aligned_alloc(64, 1000);
  void *c = _mlir_memref_to_llvm_alloc(10);
  AllocStats s = allocStats();
  EXPECT_EQ(s.allocations, 3u);
  EXPECT_EQ(s.frees, 0u);
  EXPECT_EQ(s.bytesAllocated, 1110u);
  EXPECT_EQ(largestAllocation(), 1000u);

  _mlir_memref_to_llvm_free(a);
  _mlir_memref_to_llvm_free(b);
  _mlir_memref_to_llvm_free(nullptr); // not counted
  s = allocStats();
  EXPECT_EQ(s.frees, 2u);
  EXPECT_EQ(s.allocations, 3u);

  resetAllocStats();
  EXPECT_EQ(allocStats().allocations, 0u);
  EXPECT_EQ(largestAllocation(), 0u);
  _mlir_memref_to_llvm_free(c);
  EXPECT_EQ(allocStats().frees, 1u);
}

TEST(AllocTest, AlignedAllocationsAreAlignedAndUsable) {
  std::vector<void *> ptrs;
  for (size_t alignment : {1, 2, 8, 16, 32, 64, 128, 4096, 65536}) {
    for (size_t size : {0, 1, 3, 63, 64, 65, 1000, 100000}) {
      void *p = _mlir_memref_to_llvm_aligned_alloc(alignment, size);
      ASSERT_NE(p, nullptr);
      EXPECT_TRUE(aligned(p, alignment)) << alignment << " " << size;
      // The whole requested range is writable (ASan/valgrind would flag
      // otherwise).
      std::memset(p, 0xab, size);
      ptrs.push_back(p);
    }
  }
  for (void *p : ptrs)
    _mlir_memref_to_llvm_free(p);
}

TEST(AllocTest, PlainAllocationsAreNonNullAndDistinct) {
  void *a = _mlir_memref_to_llvm_alloc(0);
  void *b = _mlir_memref_to_llvm_alloc(0);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_NE(a, b);
  void *c = _mlir_memref_to_llvm_alloc(1 << 20);
  ASSERT_NE(c, nullptr);
  // malloc's guarantee, which compiled code relies on for f64/i64 loads.
  EXPECT_TRUE(aligned(c, alignof(std::max_align_t)));
  std::memset(c, 1, 1 << 20);
  for (void *p : {a, b, c})
    _mlir_memref_to_llvm_free(p);
}

TEST(AllocTest, CountsAreExactAcrossThreads) {
  resetAllocStats();
  const int threads = 4, perThread = 1000;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([t] {
      for (int i = 0; i < perThread; ++i) {
        void *p = i % 2 ? _mlir_memref_to_llvm_alloc(8 + t)
                        : _mlir_memref_to_llvm_aligned_alloc(32, 8 + t);
        _mlir_memref_to_llvm_free(p);
      }
    });
  for (std::thread &w : workers)
    w.join();
  AllocStats s = allocStats();
  EXPECT_EQ(s.allocations, uint64_t(threads * perThread));
  EXPECT_EQ(s.frees, uint64_t(threads * perThread));
  EXPECT_EQ(s.bytesAllocated, uint64_t(perThread * (8 + 9 + 10 + 11)));
  EXPECT_EQ(largestAllocation(), 11u);
}

} // namespace
