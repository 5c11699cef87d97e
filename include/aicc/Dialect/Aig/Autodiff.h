//===- Autodiff.h - reverse-mode differentiation of aig ---------*- C++ -*-===//

#ifndef AICC_DIALECT_AIG_AUTODIFF_H
#define AICC_DIALECT_AIG_AUTODIFF_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

namespace aicc::aig {

/// Appends to the block of `loss`, at `builder`'s insertion point, the
/// gradient of `loss` (a rank-0 float tensor) with respect to each value in
/// `wrt`. Walks the ops backwards, asking each op's DifferentiableOpInterface
/// for its VJP and summing the adjoints of values used more than once. A
/// value with no path to the loss gets a zero gradient. A gradient that
/// would have to flow through a non-differentiable op is reported at that op.
llvm::FailureOr<llvm::SmallVector<mlir::Value>>
buildGradients(mlir::OpBuilder &builder, mlir::Value loss,
               llvm::ArrayRef<mlir::Value> wrt);

/// The arguments to differentiate with respect to: those marked
/// `aig.param`, or every float argument when none is marked.
llvm::SmallVector<unsigned> parameterArguments(mlir::func::FuncOp fn);

/// Whether `fn` looks like a loss: public, with a rank-0 float first result.
bool isLossFunction(mlir::func::FuncOp fn);

/// Creates `name` next to `fn`: the same arguments, returning the loss (the
/// first result of `fn`) followed by its gradient with respect to the
/// arguments `wrt`.
llvm::FailureOr<mlir::func::FuncOp>
createGradientFunction(mlir::func::FuncOp fn, llvm::ArrayRef<unsigned> wrt,
                       llvm::StringRef name);

} // namespace aicc::aig

#endif // AICC_DIALECT_AIG_AUTODIFF_H
