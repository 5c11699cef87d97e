//===- AigBase.td - aig dialect definition -----------------*- tablegen -*-===//
//
// The aig ("aicc graph") dialect: tensor-level neural network ops with value
// semantics on builtin ranked tensors of static shape.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_DIALECT_AIG_AIGBASE_TD
#define AICC_DIALECT_AIG_AIGBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def Aig_Dialect : Dialect {
  let name = "aig";
  let cppNamespace = "::aicc::aig";
  let summary = "The aicc graph dialect: neural-network ops on static tensors.";
  let description = [{
    `aig` is the graph-level dialect of aicc. Every op works on builtin ranked
    tensors with static shapes and has value semantics: ops never write into
    their operands. Elementwise binary ops broadcast their operands like NumPy
    (shapes are aligned on the right; a dimension of size 1 stretches). Every
    op infers its result type from its operands and attributes, so the textual
    form only spells operand types.

    Lowering goes to `linalg`, `tensor`, `arith` and `math` on tensors
    (`aicc-opt --aig-to-linalg`) and from there through upstream MLIR to LLVM.
  }];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 0;
}

// Tensors the dialect works on: static shapes, float or signless integer
// elements (i1 for masks produced by compare).
def Aig_Tensor : StaticShapeTensorOf<[AnyFloat, AnySignlessInteger]>;
def Aig_FloatTensor : StaticShapeTensorOf<[AnyFloat]>;
def Aig_BoolTensor : StaticShapeTensorOf<[I1]>;

class Aig_Op<string mnemonic, list<Trait> traits = []>
    : Op<Aig_Dialect, mnemonic, traits>;

#endif // AICC_DIALECT_AIG_AIGBASE_TD
