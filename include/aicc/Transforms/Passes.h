//===- Passes.h - aicc transformation passes --------------------*- C++ -*-===//

#ifndef AICC_TRANSFORMS_PASSES_H
#define AICC_TRANSFORMS_PASSES_H

#include "aicc/Dialect/Aig/AigDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace aicc {

#define GEN_PASS_DECL
#include "aicc/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "aicc/Transforms/Passes.h.inc"

} // namespace aicc

#endif // AICC_TRANSFORMS_PASSES_H
