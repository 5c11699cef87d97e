//===- Codegen.h - LLVM IR, assembly and object files -----------*- C++ -*-===//

#ifndef AICC_COMPILER_CODEGEN_H
#define AICC_COMPILER_CODEGEN_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>

namespace aicc {

/// A TargetMachine for the host CPU with all its features (AVX2, FMA, ...).
llvm::Expected<std::unique_ptr<llvm::TargetMachine>> createHostTargetMachine();

/// Translates a module in the LLVM dialect to LLVM IR for `tm` and runs
/// LLVM's optimization pipeline at `optLevel` (0-3). The aig.* argument and
/// result marks are dropped from `module` first.
llvm::Expected<std::unique_ptr<llvm::Module>>
translateToLLVMIR(mlir::ModuleOp module, llvm::LLVMContext &context,
                  llvm::TargetMachine &tm, unsigned optLevel = 3);

/// Writes `module` as assembly or an object file.
llvm::Error emitNativeCode(llvm::Module &module, llvm::TargetMachine &tm,
                           llvm::CodeGenFileType type,
                           llvm::raw_pwrite_stream &os);

} // namespace aicc

#endif // AICC_COMPILER_CODEGEN_H
