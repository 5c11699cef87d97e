//===- KernelError.cpp - errors raised inside compiled code ---------------===//

#include "aicc/runtime/KernelError.h"

#include <fmt/format.h>

#include <atomic>
#include <mutex>

namespace {
std::atomic<bool> pending{false};
std::mutex mutex;
std::string message;
} // namespace

extern "C" void aicc_rt_index_error(int64_t index, int64_t size) {
  // Only the first error is kept: a bad batch may hold many bad indices.
  std::lock_guard<std::mutex> lock(mutex);
  if (pending.load(std::memory_order_relaxed))
    return;
  message = fmt::format("index {} is out of range [0, {}) in a gather (an "
                        "embedding lookup): every index must be smaller than "
                        "the table's {} rows",
                        index, size, size);
  pending.store(true, std::memory_order_release);
}

std::optional<std::string> aicc::rt::takeKernelError() {
  if (!pending.load(std::memory_order_acquire))
    return std::nullopt;
  std::lock_guard<std::mutex> lock(mutex);
  pending.store(false, std::memory_order_relaxed);
  return std::move(message);
}
