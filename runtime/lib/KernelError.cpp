//===- KernelError.cpp - errors raised inside compiled code ---------------===//

#include "aicc/runtime/KernelError.h"

#include <fmt/format.h>

#include <atomic>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace {
std::atomic<bool> pending{false};
std::mutex mutex;
std::string message;

/// Where a fatal error returns to: the innermost callCompiled() of this
/// thread, or null.
thread_local std::jmp_buf *recoveryPoint = nullptr;

void record(std::string text) {
  // Only the first error is kept: a bad batch may hold many bad indices.
  std::lock_guard<std::mutex> lock(mutex);
  if (pending.load(std::memory_order_relaxed))
    return;
  message = std::move(text);
  pending.store(true, std::memory_order_release);
}
} // namespace

extern "C" void aicc_rt_index_error(int64_t index, int64_t size) {
  record(fmt::format("index {} is out of range [0, {}) in a gather (an "
                     "embedding lookup): every index must be smaller than "
                     "the table's {} rows",
                     index, size, size));
}

bool aicc::rt::callCompiled(void (*fn)(void **), void **args) {
  std::jmp_buf here;
  std::jmp_buf *outer = recoveryPoint;
  if (setjmp(here)) {
    recoveryPoint = outer;
    return false;
  }
  recoveryPoint = &here;
  fn(args);
  recoveryPoint = outer;
  return true;
}

void aicc::rt::fatalKernelError(const std::string &text) {
  if (recoveryPoint) {
    // A fatal error replaces a recoverable one recorded earlier in the call.
    {
      std::lock_guard<std::mutex> lock(mutex);
      message = text;
      pending.store(true, std::memory_order_release);
    }
    std::longjmp(*recoveryPoint, 1);
  }
  std::fprintf(stderr, "aicc runtime: %s\n", text.c_str());
  std::abort();
}

std::optional<std::string> aicc::rt::takeKernelError() {
  if (!pending.load(std::memory_order_acquire))
    return std::nullopt;
  std::lock_guard<std::mutex> lock(mutex);
  pending.store(false, std::memory_order_relaxed);
  return std::move(message);
}
