//===- AigInterfaces.td - aig op interfaces ----------------*- tablegen -*-===//

#ifndef AICC_DIALECT_AIG_AIGINTERFACES_TD
#define AICC_DIALECT_AIG_AIGINTERFACES_TD

include "mlir/IR/OpBase.td"

def Aig_DifferentiableOpInterface : OpInterface<"DifferentiableOpInterface"> {
  let cppNamespace = "::aicc::aig";
  let description = [{
    An op that reverse-mode autodiff (`aig-autodiff`) can differentiate. The
    op builds its own vector-Jacobian product in aig ops, next to its
    definition (AigGradients.cpp): given the adjoints of its results it
    produces the adjoint of each operand, already reduced to the operand's
    shape when the op broadcasts. An op without this interface, or an operand
    for which `isDifferentiableOperand` is false (a select's condition, an
    integer cast), stops the gradient: autodiff reports an error if a
    gradient would have to flow through it.
  }];
  let methods = [
    InterfaceMethod<[{
        Whether a gradient can flow to operand `index`.
      }],
      "bool", "isDifferentiableOperand", (ins "unsigned":$index), "",
      [{ return true; }]>,
    InterfaceMethod<[{
        Builds the adjoint of every operand from `resultGrads`, the adjoints
        of the op's results (one per result; null for a result the loss does
        not depend on, at least one is set), at the builder's insertion
        point. Sets `operandGrads[i]` (resized to the operand count) to null
        where no gradient flows. Fails, with a diagnostic, for unsupported
        cases. Ops with regions (`aig.scan`) are differentiated by the
        autodiff pass itself, which recurses into the region.
      }],
      "::llvm::LogicalResult", "buildVJP",
      (ins "::mlir::OpBuilder &":$builder,
           "::llvm::ArrayRef<::mlir::Value>":$resultGrads,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGrads)>,
  ];
}

#endif // AICC_DIALECT_AIG_AIGINTERFACES_TD
