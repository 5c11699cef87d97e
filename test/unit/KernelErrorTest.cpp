//===- KernelErrorTest.cpp - errors raised inside compiled code -----------===//

#include "aicc/runtime/KernelError.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace {

/// Stands in for compiled code: the packed interface, allocating through
/// the runtime like lowered MLIR does.
void allocateTooMuch(void **args) {
  *static_cast<void **>(args[0]) =
      _mlir_memref_to_llvm_aligned_alloc(64, SIZE_MAX / 4);
}

void gatherOutOfRange(void **) { aicc_rt_index_error(7, 5); }

void allocateLittle(void **args) {
  void *p = _mlir_memref_to_llvm_alloc(16);
  _mlir_memref_to_llvm_free(p);
  *static_cast<int *>(args[0]) = 1;
}

TEST(KernelError, AllocationFailureReturnsToTheCaller) {
  (void)aicc::rt::takeKernelError();
  void *result = nullptr;
  void *args[] = {&result};
  EXPECT_FALSE(aicc::rt::callCompiled(allocateTooMuch, args));
  EXPECT_EQ(result, nullptr);
  std::optional<std::string> error = aicc::rt::takeKernelError();
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("out of memory"), std::string::npos) << *error;
  EXPECT_FALSE(aicc::rt::takeKernelError().has_value());
}

TEST(KernelError, RecoverableErrorsFinishTheCall) {
  (void)aicc::rt::takeKernelError();
  EXPECT_TRUE(aicc::rt::callCompiled(gatherOutOfRange, nullptr));
  std::optional<std::string> error = aicc::rt::takeKernelError();
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("index 7 is out of range [0, 5)"), std::string::npos);
}

TEST(KernelError, NestedAndRepeatedCalls) {
  // After a fatal error the next call runs normally.
  void *result = nullptr;
  void *bad[] = {&result};
  EXPECT_FALSE(aicc::rt::callCompiled(allocateTooMuch, bad));
  (void)aicc::rt::takeKernelError();
  int done = 0;
  void *good[] = {&done};
  EXPECT_TRUE(aicc::rt::callCompiled(allocateLittle, good));
  EXPECT_EQ(done, 1);
  EXPECT_FALSE(aicc::rt::takeKernelError().has_value());
}

TEST(KernelErrorDeathTest, OutsideCallCompiledItAborts) {
  EXPECT_DEATH(_mlir_memref_to_llvm_alloc(SIZE_MAX / 4),
               "aicc runtime: out of memory");
}

} // namespace
