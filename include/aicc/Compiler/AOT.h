//===- AOT.h - object files and C headers -----------------------*- C++ -*-===//
//
// An AOT model is an object file with `_mlir_ciface_<fn>` entry points plus a
// C header that declares them with plain descriptor structs. A program links
// the object with the runtime library alone.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_COMPILER_AOT_H
#define AICC_COMPILER_AOT_H

#include "aicc/Compiler/EntryPoints.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

namespace aicc {

/// Writes a host object file for a module in the LLVM dialect.
llvm::Error writeObjectFile(mlir::ModuleOp llvmDialectModule,
                            llvm::StringRef path, unsigned optLevel = 3);

/// The C header declaring `entries` (see docs/aot.md for the layout).
std::string renderCHeader(const std::vector<EntryPoint> &entries,
                          llvm::StringRef moduleName);

/// Writes renderCHeader(...) to `path` ("-" for stdout), atomically.
llvm::Error writeCHeader(const std::vector<EntryPoint> &entries,
                         llvm::StringRef moduleName, llvm::StringRef path);

} // namespace aicc

#endif // AICC_COMPILER_AOT_H
