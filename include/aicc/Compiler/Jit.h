//===- Jit.h - run compiled entry points in process -------------*- C++ -*-===//

#ifndef AICC_COMPILER_JIT_H
#define AICC_COMPILER_JIT_H

#include "aicc/Compiler/EntryPoints.h"
#include "aicc/runtime/Tensor.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>

namespace aicc {

/// Checks that `tensor` matches `spec`; the error names `what`.
llvm::Error checkTensor(const rt::Tensor &tensor, const TensorSpec &spec,
                        llvm::StringRef what);

/// A module JIT-compiled with MLIR's ExecutionEngine (LLVM ORC, host CPU).
class JitModule {
public:
  /// `llvmDialectModule` has been through the whole pipeline; `entries` are
  /// the signatures collected before lowering.
  static llvm::Expected<std::unique_ptr<JitModule>>
  create(mlir::ModuleOp llvmDialectModule, std::vector<EntryPoint> entries,
         unsigned optLevel = 3);

  const std::vector<EntryPoint> &entryPoints() const { return entries; }
  const EntryPoint *lookup(llvm::StringRef name) const;

  /// Runs `name` on `inputs`, writing into `outputs` (allocated with the
  /// result shapes). Counts, shapes and element types are checked first.
  llvm::Error invoke(llvm::StringRef name,
                     llvm::ArrayRef<const rt::Tensor *> inputs,
                     llvm::ArrayRef<rt::Tensor *> outputs);

  /// Allocates the results and runs `name`.
  llvm::Expected<std::vector<rt::Tensor>>
  run(llvm::StringRef name, llvm::ArrayRef<const rt::Tensor *> inputs);

private:
  using PackedFn = void (*)(void **);
  JitModule(std::unique_ptr<llvm::TargetMachine> targetMachine,
            std::unique_ptr<mlir::ExecutionEngine> engine,
            std::vector<EntryPoint> entries, std::vector<PackedFn> functions)
      : targetMachine(std::move(targetMachine)), engine(std::move(engine)),
        entries(std::move(entries)), functions(std::move(functions)) {}

  /// The host target LLVM's optimizer tuned the code for.
  std::unique_ptr<llvm::TargetMachine> targetMachine;
  std::unique_ptr<mlir::ExecutionEngine> engine;
  std::vector<EntryPoint> entries;
  /// The packed `_mlir_ciface_` wrapper of each entry, looked up once in
  /// create(): the lookup is what makes ORC optimize and generate the
  /// code, which belongs to compilation, not to the first call.
  std::vector<PackedFn> functions;
};

/// Allocates a zeroed tensor for `spec`; fails on an unknown element type.
llvm::Expected<rt::Tensor> allocateTensor(const TensorSpec &spec);

} // namespace aicc

#endif // AICC_COMPILER_JIT_H
