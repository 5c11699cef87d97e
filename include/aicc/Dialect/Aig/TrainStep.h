//===- TrainStep.h - build a training step from a loss ----------*- C++ -*-===//

#ifndef AICC_DIALECT_AIG_TRAINSTEP_H
#define AICC_DIALECT_AIG_TRAINSTEP_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <optional>
#include <string>

namespace aicc::aig {

/// An optimizer and its hyper-parameters (the learning rate and the step
/// count are runtime arguments of the train step, not part of the spec).
struct OptimizerSpec {
  enum class Kind { SGD, Adam, AdamW };
  Kind kind = Kind::SGD;
  double momentum = 0.9; ///< SGD
  bool nesterov = false; ///< SGD
  double weightDecay = 0.0;
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8; ///< Adam, AdamW

  /// Names of the per-parameter state tensors, e.g. {"m", "v"} for Adam.
  llvm::SmallVector<std::string> stateNames() const;
};

std::optional<OptimizerSpec::Kind> parseOptimizerKind(llvm::StringRef name);
llvm::StringRef optimizerKindName(OptimizerSpec::Kind kind);

/// Builds `name` next to `lossFn`:
///
///   name(params..., state..., batch..., lr: tensor<f32>, step: tensor<f32>)
///       -> (loss, params'..., state'...)
///
/// `params` are argument indices of `lossFn`; the other arguments are the
/// batch. `step` counts from 1 (Adam's bias correction). Each updated value
/// carries the result attribute `aig.update_of = <argument index>`, so that
/// bufferization writes it into that argument's buffer in place.
llvm::FailureOr<mlir::func::FuncOp>
createTrainStep(mlir::func::FuncOp lossFn, llvm::ArrayRef<unsigned> params,
                const OptimizerSpec &spec, llvm::StringRef name);

} // namespace aicc::aig

#endif // AICC_DIALECT_AIG_TRAINSTEP_H
