//===- Pipeline.cpp - the one aicc compilation pipeline -------------------===//
//
//   aig ── canonicalize · CSE
//       ─► linalg on tensors          (aig-to-linalg)
//       ─► memrefs                    (one-shot bufferization, results as
//                                      out-params, ownership-based dealloc)
//       ─► loops                      (linalg → scf → cf)
//       ─► LLVM dialect               (math/arith/memref/func/cf → llvm)
//
//===----------------------------------------------------------------------===//

#include "aicc/Compiler/Pipeline.h"
#include "aicc/Conversion/Passes.h"
#include "aicc/Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;

namespace aicc {

namespace {
constexpr Phase kPhases[] = {Phase::Aig, Phase::Linalg, Phase::Bufferized,
                             Phase::Loops, Phase::LLVM};

void addAigCleanup(OpPassManager &pm) {
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void addLowerToLinalg(OpPassManager &pm) {
  pm.addPass(createConvertAigToLinalg());
  pm.addPass(createCanonicalizerPass());
  // x + A @ B accumulates into x (a weight's gradient summed over steps).
  pm.addNestedPass<func::FuncOp>(createAccumulateIntoMatmul());
  // Elementwise producers fuse into their consumers: one loop nest, no
  // intermediate buffer. aicc-fuse-elementwise also merges producers that
  // have other users (the new optimizer state, the pre-activation), so
  // nothing is computed twice; then reshapes and constants fold, leaving
  // contractions as named ops for the matmul micro-kernel.
  pm.addPass(createFuseElementwise());
  pm.addPass(createFoldReshapes());
  pm.addPass(createCanonicalizerPass());
}

void addBufferization(OpPassManager &pm) {
  // Updated parameters/state are computed in their argument's buffer.
  pm.addPass(createDistinctResults());
  pm.addPass(createTieUpdatesToArguments());
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  // A scan's carried state (an RNN's h) is computed into a new buffer each
  // step and handed to the next one; ownership-based deallocation frees it.
  bufferize.allowReturnAllocsFromLoops = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  pm.addPass(createDropUpdatedResults());
  // Results become caller-owned out-params: the runtime allocates them and a
  // statically shaped result is computed straight into its out-param.
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = true;
  outParams.modifyPublicFunctions = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createCopiesToLinalg());
}

/// Code is generated for the host, whose vector registers decide how many
/// rows of C the matmul kernel can keep in flight: a 16-wide f32 vector is
/// one of 32 registers with AVX-512, and two of 16 with AVX2.
MatmulMicroKernelOptions hostMatmulKernel() {
  MatmulMicroKernelOptions options;
  options.rowBlock = llvm::sys::getHostCPUFeatures().lookup("avx512f") ? 8 : 4;
  return options;
}

void addLowerToLoops(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(createMatmulMicroKernel(hostMatmulKernel()));
  pm.addNestedPass<func::FuncOp>(createContractionLoopOrder());
  pm.addNestedPass<func::FuncOp>(createCollapseElementwiseLoops());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addNestedPass<func::FuncOp>(createApproximateMath());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createCanonicalizerPass());
}

void addLowerToLLVM(OpPassManager &pm) {
  pm.addPass(createExportEntryPoints());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  // Allocations go through _mlir_memref_to_llvm_aligned_alloc/free,
  // defined by the runtime (which counts them), not straight to malloc. The
  // aligned form returns the pointer as is: the generic form aligns it with
  // ptrtoint/inttoptr arithmetic, which hides from LLVM that the buffer is
  // fresh memory (Codegen.cpp marks the allocator noalias).
  FinalizeMemRefToLLVMConversionPassOptions memrefOptions;
  memrefOptions.useGenericFunctions = true;
  memrefOptions.useAlignedAlloc = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefOptions));
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}
} // namespace

StringRef phaseName(Phase phase) {
  switch (phase) {
  case Phase::Aig:
    return "aig";
  case Phase::Linalg:
    return "linalg";
  case Phase::Bufferized:
    return "bufferized";
  case Phase::Loops:
    return "loops";
  case Phase::LLVM:
    return "llvm";
  }
  llvm_unreachable("unknown phase");
}

std::optional<Phase> parsePhase(StringRef name) {
  for (Phase p : kPhases)
    if (phaseName(p) == name)
      return p;
  return std::nullopt;
}

ArrayRef<Phase> allPhases() { return kPhases; }

void addPhasePasses(OpPassManager &pm, Phase phase) {
  switch (phase) {
  case Phase::Aig:
    return addAigCleanup(pm);
  case Phase::Linalg:
    return addLowerToLinalg(pm);
  case Phase::Bufferized:
    return addBufferization(pm);
  case Phase::Loops:
    return addLowerToLoops(pm);
  case Phase::LLVM:
    return addLowerToLLVM(pm);
  }
}

void buildPipeline(OpPassManager &pm, Phase last) {
  for (Phase p : kPhases) {
    addPhasePasses(pm, p);
    if (p == last)
      break;
  }
}

namespace {
/// The bytes of a statically shaped type; nullopt when they do not fit in
/// 64 bits, 0 when a dimension is dynamic (nothing to check).
std::optional<uint64_t> byteSize(ShapedType type) {
  if (!type.hasRank())
    return 0;
  Type element = type.getElementType();
  uint64_t bytes = element.isIntOrFloat()
                       ? llvm::divideCeil(element.getIntOrFloatBitWidth(), 8)
                       : 8;
  bool overflow = false;
  for (int64_t dim : type.getShape()) {
    if (ShapedType::isDynamic(dim))
      return 0;
    if (dim == 0)
      return 0;
    if (__builtin_mul_overflow(bytes, uint64_t(dim), &bytes))
      overflow = true;
  }
  if (overflow)
    return std::nullopt;
  return bytes;
}

std::string humanBytes(uint64_t bytes) {
  return bytes >= (uint64_t(1) << 40) ? std::to_string(bytes >> 40) + " TiB"
                                      : std::to_string(bytes >> 30) + " GiB";
}

/// Empty when `type` fits in `limit` bytes, else why not.
std::string sizeProblem(Type type, uint64_t limit) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped)
    return "";
  std::optional<uint64_t> bytes = byteSize(shaped);
  std::string text;
  llvm::raw_string_ostream os(text);
  if (!bytes)
    os << type << " is too large: its size in bytes overflows 64 bits";
  else if (*bytes > limit)
    os << type << " is too large: " << *bytes << " bytes, more than the "
       << "limit of " << humanBytes(limit);
  return text;
}
} // namespace

LogicalResult checkTensorSizes(Operation *root) {
  WalkResult result = root->walk<WalkOrder::PreOrder>([](Operation *op) {
    // Arguments first, at their own location.
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments()) {
          std::string problem = sizeProblem(arg.getType(), kMaxTensorBytes);
          if (!problem.empty()) {
            emitError(arg.getLoc())
                << "argument #" << arg.getArgNumber() << ": " << problem;
            return WalkResult::interrupt();
          }
        }
    // A declaration's signature (a definition's is checked through its
    // arguments and the values it returns).
    if (auto fn = dyn_cast<FunctionOpInterface>(op); fn && fn.isExternal()) {
      for (auto [i, type] : llvm::enumerate(fn.getArgumentTypes()))
        if (std::string problem = sizeProblem(type, kMaxTensorBytes);
            !problem.empty()) {
          emitError(op->getLoc()) << "argument #" << i << ": " << problem;
          return WalkResult::interrupt();
        }
      for (auto [i, type] : llvm::enumerate(fn.getResultTypes()))
        if (std::string problem = sizeProblem(type, kMaxTensorBytes);
            !problem.empty()) {
          emitError(op->getLoc()) << "result #" << i << ": " << problem;
          return WalkResult::interrupt();
        }
    }
    for (auto [i, value] : llvm::enumerate(op->getResults()))
      if (std::string problem = sizeProblem(value.getType(), kMaxTensorBytes);
          !problem.empty()) {
        emitError(op->getLoc())
            << "'" << op->getName() << "' result #" << i << ": " << problem;
        return WalkResult::interrupt();
      }
    for (NamedAttribute attr : op->getAttrs())
      if (auto elements = dyn_cast<ElementsAttr>(attr.getValue()))
        if (std::string problem =
                sizeProblem(elements.getShapedType(), kMaxConstantBytes);
            !problem.empty()) {
          emitError(op->getLoc())
              << "constant " << problem
              << " (constants are stored in the compiled code, splats and "
                 "constants folded from a broadcast_to too)";
          return WalkResult::interrupt();
        }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

LogicalResult
runPipeline(ModuleOp module, Phase last,
            function_ref<LogicalResult(Phase, ModuleOp)> afterPhase,
            function_ref<LogicalResult(PassManager &)> configure) {
  if (failed(checkTensorSizes(module)))
    return failure();
  for (Phase p : kPhases) {
    PassManager pm(module.getContext());
    if (configure && failed(configure(pm)))
      return failure();
    addPhasePasses(pm, p);
    if (failed(pm.run(module)) || failed(checkTensorSizes(module)))
      return failure();
    if (afterPhase && failed(afterPhase(p, module)))
      return failure();
    if (p == last)
      break;
  }
  return success();
}

void registerAiccPasses() {
  registerAiccConversionPasses();
  registerAiccTransformsPasses();
  PassPipelineRegistration<>(
      "aicc-lower-to-llvm",
      "Run the whole aicc pipeline: aig to the LLVM dialect",
      [](OpPassManager &pm) { buildPipeline(pm, Phase::LLVM); });
  for (Phase p : kPhases) {
    if (p == Phase::Aig)
      continue;
    // One pipeline per phase, so lit tests can check each step in isolation.
    PassPipelineRegistration<>(
        ("aicc-phase-" + phaseName(p)).str(),
        ("The passes that produce the '" + phaseName(p) +
         "' phase from the previous one")
            .str(),
        [p](OpPassManager &pm) { addPhasePasses(pm, p); });
  }
}

} // namespace aicc
