//===- Pipeline.h - the one aicc compilation pipeline -----------*- C++ -*-===//
//
// The stages of architecture.md, as named phases. The driver, aicc-opt, the
// C++ API and the tests all build their pass managers from these functions.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_COMPILER_PIPELINE_H
#define AICC_COMPILER_PIPELINE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace aicc {

/// Named phases of the MLIR part of the pipeline, in order.
enum class Phase {
  Aig,        ///< verified, canonicalized, CSE'd aig
  Linalg,     ///< linalg/tensor/arith/math on tensors
  Bufferized, ///< memrefs; results written to caller-provided out-params
  Loops,      ///< scf/cf loops over memrefs
  LLVM,       ///< LLVM dialect
};

llvm::StringRef phaseName(Phase phase);
std::optional<Phase> parsePhase(llvm::StringRef name);
llvm::ArrayRef<Phase> allPhases();

/// Registers every dialect, interface and extension the pipeline touches.
void registerAiccDialects(mlir::DialectRegistry &registry);

/// Registers aicc's passes and the `aicc-lower-to-llvm` pipeline.
void registerAiccPasses();

/// Appends the passes that produce `phase` from the previous phase.
void addPhasePasses(mlir::OpPassManager &pm, Phase phase);

/// Appends every phase from aig up to and including `last`.
void buildPipeline(mlir::OpPassManager &pm, Phase last);

/// The largest tensor, in bytes, a program may use: 128 TiB, the user
/// address space of x86-64, so no larger buffer can exist.
inline constexpr uint64_t kMaxTensorBytes = uint64_t(1) << 47;
/// The largest constant, in bytes: constants (splats too) are embedded in
/// the compiled code.
inline constexpr uint64_t kMaxConstantBytes = uint64_t(1) << 30;

/// Checks every statically shaped value (function arguments, op results),
/// function signature and constant attribute under `root`: a size in bytes
/// that overflows 64 bits or exceeds kMaxTensorBytes (kMaxConstantBytes for
/// constants) is an error at the argument or op. runPipeline runs it before
/// the first phase and after every phase (folding may create constants).
llvm::LogicalResult checkTensorSizes(mlir::Operation *root);

/// Runs the pipeline phase by phase up to `last`, calling `afterPhase` after
/// each one (the driver writes its stage dumps there). `configure` is applied
/// to each phase's PassManager (MLIR's command-line options, timing).
/// Diagnostics go to the context's handler; returns failure on the first
/// phase that fails.
llvm::LogicalResult runPipeline(
    mlir::ModuleOp module, Phase last,
    llvm::function_ref<llvm::LogicalResult(Phase, mlir::ModuleOp)> afterPhase =
        nullptr,
    llvm::function_ref<llvm::LogicalResult(mlir::PassManager &)> configure =
        nullptr);

} // namespace aicc

#endif // AICC_COMPILER_PIPELINE_H
