//===- KernelError.h - errors raised inside compiled code -------*- C++ -*-===//
//
// Compiled code cannot throw. Where it meets bad data (an index outside a
// gather's table) it calls one of these C functions, which records the first
// error and returns; the code goes on with a safe value (row 0), so nothing
// is read out of bounds. Whoever called the compiled function (the JIT's
// invoke, or a program around an AOT object) asks takeKernelError() after
// the call and reports it.
//
// Some errors leave no safe value to go on with: memory that cannot be
// allocated. Compiled code called through callCompiled() then returns to
// that call (a longjmp from the allocator; compiled code holds no
// destructors to skip) and the error is reported the same way; called
// directly, the allocator prints the error and aborts.
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

/// Calls compiled code through its packed interface (`_mlir_NAME(args)`).
/// True when it ran to the end; false after a fatal error inside it, whose
/// message takeKernelError() returns. The memory the code had allocated
/// before the error is not freed.
bool callCompiled(void (*fn)(void **), void **args);

/// Records `message` as a fatal error: inside callCompiled() it returns
/// there, elsewhere it prints the message to stderr and aborts.
[[noreturn]] void fatalKernelError(const std::string &message);

} // namespace aicc::rt

#endif // AICC_RUNTIME_KERNELERROR_H
