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

#endif // AICC_TRANSFORMS_PASSES_TD
