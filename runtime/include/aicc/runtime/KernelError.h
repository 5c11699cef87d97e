//===- KernelError.h - errors raised inside compiled code -------*- C++ -*-===//
//
// Compiled code cannot throw. Where it meets bad data (an index outside a
// gather's table) it calls one of these C functions, which records the first
// error and returns; the code goes on with a safe value (row 0), so nothing
// is read out of bounds. Whoever called the compiled function (the JIT's
// invoke, or a program around an AOT object) asks takeKernelError() after
// the call and reports it.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_RUNTIME_KERNELERROR_H
#define AICC_RUNTIME_KERNELERROR_H

#include "aicc/runtime/Alloc.h"

#include <cstdint>
#include <optional>
#include <string>

extern "C" {
/// Called by a gather whose index `index` is outside [0, size).
AICC_RT_EXPORT void aicc_rt_index_error(int64_t index, int64_t size);
}

namespace aicc::rt {

/// The first error recorded since the last call, as a message, and clears
/// it; nullopt when there was none.
std::optional<std::string> takeKernelError();

} // namespace aicc::rt

#endif // AICC_RUNTIME_KERNELERROR_H
