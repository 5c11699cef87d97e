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

    ## Argument and result attributes

    A function's arguments and results say what they are to the training
    passes, the Trainer and the ahead-of-time header through attributes the
    dialect owns and verifies (a malformed one is an error at the function):

    | attribute | on | value | meaning |
    |---|---|---|---|
    | `aig.name` | argument, result | non-empty string | the name users see (checkpoints, headers, `--input` order) |
    | `aig.param` | argument (float tensor) | unit, or a dictionary of `init` (string: zeros, ones, normal, xavier_uniform, kaiming_uniform, kaiming_normal, torch_linear), `fan_in`, `fan_out` (integers >= 1), `std` (float >= 0) | a trainable parameter and its initializer |
    | `aig.buffer` | argument (f32 tensor) | dictionary with an optional `init` (zeros or ones) | model state that is updated but not trained (batch-norm running statistics) |
    | `aig.rng` | argument (`tensor<2xi64>`) | unit | the random key [seed, offset] the Trainer passes |
    | `aig.mask` | argument (rank-1 f32 tensor) | unit | the row mask of a metrics function |
    | `aig.state` | argument | unit | optimizer state added by the train-step pass |
    | `aig.update_of` | result | argument index | the result is the new value of that argument (same type), written in place |

    An argument has at most one of `aig.param`, `aig.buffer`, `aig.rng` and
    `aig.mask`.
  }];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 0;
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
  let extraClassDeclaration = [{
    // The argument and result attributes, spelled once.
    static constexpr ::llvm::StringLiteral kName = "aig.name";
    static constexpr ::llvm::StringLiteral kParam = "aig.param";
    static constexpr ::llvm::StringLiteral kBuffer = "aig.buffer";
    static constexpr ::llvm::StringLiteral kRng = "aig.rng";
    static constexpr ::llvm::StringLiteral kMask = "aig.mask";
    static constexpr ::llvm::StringLiteral kState = "aig.state";
    static constexpr ::llvm::StringLiteral kUpdateOf = "aig.update_of";
  }];
}

// Tensors the dialect works on: static shapes, float or signless integer
// elements (i1 for masks produced by compare).
def Aig_Tensor : StaticShapeTensorOf<[AnyFloat, AnySignlessInteger]>;
def Aig_FloatTensor : StaticShapeTensorOf<[AnyFloat]>;
def Aig_BoolTensor : StaticShapeTensorOf<[I1]>;

class Aig_Op<string mnemonic, list<Trait> traits = []>
    : Op<Aig_Dialect, mnemonic, traits>;

#endif // AICC_DIALECT_AIG_AIGBASE_TD
