//===- AigOps.h - aig operations --------------------------------*- C++ -*-===//

#ifndef AICC_DIALECT_AIG_AIGOPS_H
#define AICC_DIALECT_AIG_AIGOPS_H

#include "aicc/Dialect/Aig/AigDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "aicc/Dialect/Aig/AigEnums.h.inc"
#include "aicc/Dialect/Aig/AigInterfaces.h.inc"

namespace aicc::aig {

/// NumPy broadcast of two shapes; failure if they are incompatible.
llvm::FailureOr<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);

/// Result type of a broadcasting elementwise op on `lhs` and `rhs`.
llvm::LogicalResult
inferBroadcastBinaryType(std::optional<mlir::Location> loc, mlir::Type lhs,
                         mlir::Type rhs,
                         llvm::SmallVectorImpl<mlir::Type> &types);

/// Result type of a reduction over `axes` of `input`.
llvm::LogicalResult inferReduceType(std::optional<mlir::Location> loc,
                                    mlir::Type input,
                                    llvm::ArrayRef<int64_t> axes, bool keepdims,
                                    llvm::SmallVectorImpl<mlir::Type> &types);

/// Checks that `axis` is in [-rank, rank).
llvm::LogicalResult checkAxis(std::optional<mlir::Location> loc, int64_t axis,
                              int64_t rank);

/// Maps axes into [0, rank) and sorts them. Assumes they were verified.
llvm::SmallVector<int64_t> normalizeAxes(llvm::ArrayRef<int64_t> axes,
                                         int64_t rank);

} // namespace aicc::aig

#define GET_OP_CLASSES
#include "aicc/Dialect/Aig/AigOps.h.inc"

namespace aicc::aig {

/// An aig.constant of `type` with every element equal to `value` (float or
/// integer element type).
ConstantOp createSplatConstant(mlir::OpBuilder &builder, mlir::Location loc,
                               mlir::RankedTensorType type, double value);

/// A rank-0 aig.constant with the element type of `like` (a tensor type).
ConstantOp createScalarLike(mlir::OpBuilder &builder, mlir::Location loc,
                            mlir::Type like, double value);

} // namespace aicc::aig

#endif // AICC_DIALECT_AIG_AIGOPS_H
