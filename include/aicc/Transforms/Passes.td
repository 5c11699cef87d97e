//===- Passes.td - aicc transformation passes --------------*- tablegen -*-===//

#ifndef AICC_TRANSFORMS_PASSES_TD
#define AICC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def ExportEntryPoints : Pass<"aicc-export-entry-points", "mlir::ModuleOp"> {
  let summary = "Mark public functions for the C calling interface";
  let description = [{
    Adds `llvm.emit_c_interface` to every public `func.func`, so that
    lowering to LLVM emits `_mlir_ciface_<name>`: a function taking one
    pointer to a memref descriptor per argument and, after
    `buffer-results-to-out-params`, one per result. The JIT and the AOT
    header both call this entry point.
  }];
}

def CopiesToLinalg : Pass<"aicc-copies-to-linalg", "mlir::func::FuncOp"> {
  let summary = "Rewrite memref.copy as linalg.copy";
  let description = [{
    Bufferization and `buffer-results-to-out-params` emit `memref.copy`. A
    copy between strided views (a slice returned as a result, a concat
    operand) lowers to a call of `memrefCopy` from MLIR's C runner utils,
    which an AOT object file would then need at link time. As `linalg.copy`
    it becomes an ordinary loop nest with the rest of the kernel.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

#endif // AICC_TRANSFORMS_PASSES_TD
