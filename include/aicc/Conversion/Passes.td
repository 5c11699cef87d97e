//===- Passes.td - aicc conversion passes ------------------*- tablegen -*-===//

#ifndef AICC_CONVERSION_PASSES_TD
#define AICC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertAigToLinalg : Pass<"aig-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lower aig ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Elementwise ops (with their broadcasts) become `linalg.generic` with
    broadcasting indexing maps, contractions `linalg.matmul` /
    `linalg.batch_matmul`, reductions `linalg.generic` with reduction
    iterators, shape ops `tensor` ops, and softmax / log-softmax their stable
    decomposition (max, subtract, exp, sum, divide). Convolutions become a
    loop over the batch (`scf.for`) of im2col copies and `linalg.matmul`s,
    pools one `linalg.generic` each, and their gradients strided
    accumulations into the padded input (see ConvPoolToLinalg.cpp). Every aig op must be
    converted; one that is not is reported at its location.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect",
    "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect",
    "mlir::scf::SCFDialect",
    "mlir::vector::VectorDialect",
    "mlir::tensor::TensorDialect",
  ];
}

#endif // AICC_CONVERSION_PASSES_TD
