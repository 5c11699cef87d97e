//===- AigOps.td - aig operations --------------------------*- tablegen -*-===//
//
// Every op is Pure, verifies its operands and infers its result type
// (InferTypeOpAdaptor), so builders and the assembly format need no result
// types. Shape rules live in AigOps.cpp next to the verifiers.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_DIALECT_AIG_AIGOPS_TD
#define AICC_DIALECT_AIG_AIGOPS_TD

include "aicc/Dialect/Aig/AigBase.td"
include "aicc/Dialect/Aig/AigEnums.td"
include "aicc/Dialect/Aig/AigInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

//===----------------------------------------------------------------------===//
// Constant
//===----------------------------------------------------------------------===//

def Aig_ConstantOp : Aig_Op<"constant",
    [ConstantLike, Pure, InferTypeOpAdaptor]> {
  let summary = "tensor constant";
  let description = [{
    A tensor literal.

    ```mlir
    %0 = aig.constant dense<[1.0, 2.0]> : tensor<2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Aig_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

// Ops that autodiff can differentiate build their VJP (AigGradients.cpp).
defvar Aig_Differentiable =
    DeclareOpInterfaceMethods<Aig_DifferentiableOpInterface>;

def Aig_MatmulOp : Aig_Op<"matmul", [Pure, InferTypeOpAdaptor,
                                     Aig_Differentiable]> {
  let summary = "matrix product, 2-D or batched";
  let description = [{
    `MxK @ KxN -> MxN`. With rank > 2 the leading dimensions are batch
    dimensions: `B..xMxK @ B..xKxN -> B..xMxN` (batch dimensions equal), or
    `B..xMxK @ KxN -> B..xMxN` (the right operand is shared by every batch).

    ```mlir
    %y = aig.matmul %x, %w : tensor<128x784xf32>, tensor<784x256xf32>
    ```
  }];
  let arguments = (ins Aig_Tensor:$lhs, Aig_Tensor:$rhs);
  let results = (outs Aig_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)";
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops with NumPy broadcasting
//===----------------------------------------------------------------------===//

class Aig_BroadcastBinaryOp<string mnemonic, string opSummary,
                            list<Trait> traits = []>
    : Aig_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor,
                                            Aig_Differentiable])> {
  let summary = opSummary;
  let description = [{
    Elementwise `}] # mnemonic # [{` with NumPy broadcasting: shapes are
    aligned on the right and a dimension of size 1 stretches to match. Both
    operands have the same element type.

    ```mlir
    %z = aig.}] # mnemonic # [{ %x, %b : tensor<4x3xf32>, tensor<3xf32>
    ```
  }];
  let arguments = (ins Aig_Tensor:$lhs, Aig_Tensor:$rhs);
  let results = (outs Aig_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)";
  let hasFolder = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return ::aicc::aig::inferBroadcastBinaryType(
          loc, adaptor.getLhs().getType(), adaptor.getRhs().getType(), types);
    }
  }];
}

def Aig_AddOp : Aig_BroadcastBinaryOp<"add", "elementwise addition",
                                      [Commutative]>;
def Aig_SubOp : Aig_BroadcastBinaryOp<"sub", "elementwise subtraction">;
def Aig_MulOp : Aig_BroadcastBinaryOp<"mul", "elementwise multiplication",
                                      [Commutative]>;
def Aig_DivOp : Aig_BroadcastBinaryOp<"div", "elementwise division"> {
  let description = [{
    Elementwise `div` with NumPy broadcasting: shapes are aligned on the
    right and a dimension of size 1 stretches to match. Both operands have
    the same element type.

    Floats divide as IEEE 754 does (x / 0 is ±inf or NaN). Integers divide
    signed and truncate toward zero, as C and ONNX do (NumPy's `//` floors
    instead: -7 / 2 is -3 here, -4 in NumPy), and no input traps: x / 0 is
    0 (as in NumPy) and INT_MIN / -1 wraps to INT_MIN. On i1, true / true
    is true and x / false is false.

    ```mlir
    %z = aig.div %x, %b : tensor<4x3xf32>, tensor<3xf32>
    ```
  }];
}
def Aig_MaximumOp : Aig_BroadcastBinaryOp<"maximum", "elementwise maximum",
                                          [Commutative]>;
def Aig_MinimumOp : Aig_BroadcastBinaryOp<"minimum", "elementwise minimum",
                                          [Commutative]>;

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

class Aig_UnaryOp<string mnemonic, string opSummary, string formula,
                  Type operandType = Aig_FloatTensor, list<Trait> traits = []>
    : Aig_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor,
                                            Aig_Differentiable])> {
  let summary = opSummary;
  let description = [{
    Elementwise `}] # formula # [{`; the result has the operand's type.

    ```mlir
    %y = aig.}] # mnemonic # [{ %x : tensor<4x3xf32>
    ```
  }];
  let arguments = (ins operandType:$input);
  let results = (outs operandType:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      types.push_back(adaptor.getInput().getType());
      return ::mlir::success();
    }
  }];
}

def Aig_NegOp : Aig_UnaryOp<"neg", "elementwise negation", "-x", Aig_Tensor> {
  let hasFolder = 1;
}
def Aig_ExpOp : Aig_UnaryOp<"exp", "elementwise exponential", "exp(x)">;
def Aig_LogOp : Aig_UnaryOp<"log", "elementwise natural logarithm", "log(x)">;
def Aig_TanhOp : Aig_UnaryOp<"tanh", "elementwise hyperbolic tangent",
                             "tanh(x)">;
def Aig_SigmoidOp : Aig_UnaryOp<"sigmoid", "elementwise logistic sigmoid",
                                "1 / (1 + exp(-x))">;
def Aig_ReluOp : Aig_UnaryOp<"relu", "elementwise rectified linear unit",
                             "max(x, 0)"> {
  let hasFolder = 1;
}
def Aig_SqrtOp : Aig_UnaryOp<"sqrt", "elementwise square root", "sqrt(x)">;
def Aig_RsqrtOp : Aig_UnaryOp<"rsqrt", "elementwise reciprocal square root",
                              "1 / sqrt(x)">;
def Aig_AbsOp : Aig_UnaryOp<"abs", "elementwise absolute value", "|x|">;
def Aig_Log1pOp : Aig_UnaryOp<"log1p", "elementwise log(1 + x), accurate near 0",
                              "log(1 + x)">;

def Aig_PowOp : Aig_Op<"pow", [Pure, InferTypeOpAdaptor,
                                   Aig_Differentiable]> {
  let summary = "elementwise power by a scalar exponent";
  let description = [{
    `x ** exponent` elementwise, the exponent a compile-time scalar.

    ```mlir
    %y = aig.pow %x, 2.0 : tensor<4xf32>
    ```
  }];
  let arguments = (ins Aig_FloatTensor:$input, F64Attr:$exponent);
  let results = (outs Aig_FloatTensor:$result);
  let assemblyFormat = "$input `,` $exponent attr-dict `:` type($input)";
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

def Aig_BroadcastToOp : Aig_Op<"broadcast_to", [Pure, InferTypeOpAdaptor,
                                   Aig_Differentiable]> {
  let summary = "broadcast a tensor to a shape, NumPy style";
  let description = [{
    ```mlir
    %y = aig.broadcast_to %b, [4, 3] : tensor<3xf32>
    ```
  }];
  let arguments = (ins Aig_Tensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs Aig_Tensor:$result);
  let assemblyFormat = "$input `,` $shape attr-dict `:` type($input)";
  let hasFolder = 1;
}

def Aig_ReshapeOp : Aig_Op<"reshape", [Pure, InferTypeOpAdaptor,
                                   Aig_Differentiable]> {
  let summary = "reshape (C order); one dimension may be -1";
  let description = [{
    ```mlir
    %y = aig.reshape %x, [2, -1] : tensor<4x3xf32>   // -> tensor<2x6xf32>
    ```
  }];
  let arguments = (ins Aig_Tensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs Aig_Tensor:$result);
  let assemblyFormat = "$input `,` $shape attr-dict `:` type($input)";
  let hasFolder = 1;
}

def Aig_TransposeOp : Aig_Op<"transpose", [Pure, InferTypeOpAdaptor,
                                   Aig_Differentiable]> {
  let summary = "permute dimensions";
  let description = [{
    Result dimension `i` is input dimension `permutation[i]`.

    ```mlir
    %y = aig.transpose %x, [1, 0] : tensor<4x3xf32>   // -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins Aig_Tensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs Aig_Tensor:$result);
  let assemblyFormat = "$input `,` $permutation attr-dict `:` type($input)";
  let hasFolder = 1;
}

def Aig_ConcatOp : Aig_Op<"concat", [Pure, InferTypeOpAdaptor,
                                   Aig_Differentiable]> {
  let summary = "concatenate tensors along an axis";
  let description = [{
    ```mlir
    %y = aig.concat %a, %b axis = 1 : tensor<2x3xf32>, tensor<2x5xf32>
    ```
  }];
  let arguments = (ins Variadic<Aig_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Aig_Tensor:$result);
  let assemblyFormat = "$inputs `axis` `=` $axis attr-dict `:` type($inputs)";
  let hasFolder = 1;
}

def Aig_SliceOp : Aig_Op<"slice", [Pure, InferTypeOpAdaptor,
                                   Aig_Differentiable]> {
  let summary = "strided slice with static offsets, sizes and strides";
  let description = [{
    Element `i` of dimension `d` of the result is element
    `offsets[d] + i * strides[d]` of the input; the result shape is `sizes`.
    A stride may be negative: the slice then walks down from `offsets[d]`,
    as NumPy's `x[o::-s]` does (`offsets = [n-1] sizes = [n] strides = [-1]`
    reverses a dimension of size n). Every index read must lie inside the
    input; a slice of size 0 reads nothing.

    ```mlir
    %y = aig.slice %x offsets = [0, 1] sizes = [4, 2] strides = [1, 1]
           : tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Aig_Tensor:$input, DenseI64ArrayAttr:$offsets,
                   DenseI64ArrayAttr:$sizes, DenseI64ArrayAttr:$strides);
  let results = (outs Aig_Tensor:$result);
  let assemblyFormat = [{
    $input `offsets` `=` $offsets `sizes` `=` $sizes `strides` `=` $strides
    attr-dict `:` type($input)
  }];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Aig_ReduceOp<string mnemonic, string opSummary,
                   Type tensorType = Aig_Tensor>
    : Aig_Op<mnemonic, [Pure, InferTypeOpAdaptor, Aig_Differentiable]> {
  let summary = opSummary;
  let description = [{
    Reduces over `axes` (negative axes count from the end). With `keepdims`
    the reduced dimensions stay as size 1, otherwise they are dropped.

    ```mlir
    %s = aig.}] # mnemonic # [{ %x axes = [1] keepdims : tensor<4x3xf32>
    ```
  }];
  let arguments = (ins tensorType:$input, DenseI64ArrayAttr:$axes,
                   UnitAttr:$keepdims);
  let results = (outs tensorType:$result);
  let assemblyFormat = [{
    $input `axes` `=` $axes (`keepdims` $keepdims^)? attr-dict `:` type($input)
  }];
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// Axes in [0, rank), sorted.
    ::llvm::SmallVector<int64_t> getNormalizedAxes() {
      return ::aicc::aig::normalizeAxes(getAxes(),
          ::mlir::cast<::mlir::RankedTensorType>(getInput().getType())
              .getRank());
    }
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return ::aicc::aig::inferReduceType(loc, adaptor.getInput().getType(),
                                          adaptor.getAxes(),
                                          adaptor.getKeepdims(), types);
    }
    ::mlir::OpFoldResult $cppClass::fold(FoldAdaptor) {
      // Reducing over no axis is the identity.
      if (getAxes().empty())
        return getInput();
      return {};
    }
  }];
}

def Aig_ReduceSumOp : Aig_ReduceOp<"reduce_sum", "sum over axes">;
def Aig_ReduceMeanOp : Aig_ReduceOp<"reduce_mean", "mean over axes",
                                    Aig_FloatTensor>;
def Aig_ReduceMaxOp : Aig_ReduceOp<"reduce_max", "maximum over axes">;

//===----------------------------------------------------------------------===//
// Normalizations
//===----------------------------------------------------------------------===//

class Aig_SoftmaxLikeOp<string mnemonic, string opSummary>
    : Aig_Op<mnemonic, [Pure, InferTypeOpAdaptor, Aig_Differentiable]> {
  let summary = opSummary;
  let description = [{
    Computed stably (the maximum along `axis` is subtracted first). Negative
    axes count from the end.

    ```mlir
    %p = aig.}] # mnemonic # [{ %logits axis = 1 : tensor<128x10xf32>
    ```
  }];
  let arguments = (ins Aig_FloatTensor:$input, I64Attr:$axis);
  let results = (outs Aig_FloatTensor:$result);
  let assemblyFormat = "$input `axis` `=` $axis attr-dict `:` type($input)";
  let extraClassDeclaration = [{
    /// The axis in [0, rank).
    int64_t getNormalizedAxis() {
      int64_t rank =
          ::mlir::cast<::mlir::RankedTensorType>(getInput().getType())
              .getRank();
      // I64Attr getters return uint64_t: read the axis as signed.
      int64_t axis = static_cast<int64_t>(getAxis());
      return axis < 0 ? axis + rank : axis;
    }
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      auto type = ::mlir::cast<::mlir::RankedTensorType>(
          adaptor.getInput().getType());
      if (::mlir::failed(::aicc::aig::checkAxis(loc,
              static_cast<int64_t>(adaptor.getAxis()),
                                                type.getRank())))
        return ::mlir::failure();
      types.push_back(type);
      return ::mlir::success();
    }
  }];
}

def Aig_SoftmaxOp : Aig_SoftmaxLikeOp<"softmax", "softmax along an axis">;
def Aig_LogSoftmaxOp : Aig_SoftmaxLikeOp<"log_softmax",
                                         "log-softmax along an axis">;

//===----------------------------------------------------------------------===//
// Type conversion, comparison and selection
//===----------------------------------------------------------------------===//

def Aig_CastOp : Aig_Op<"cast", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Aig_DifferentiableOpInterface,
                              ["isDifferentiableOperand"]>]> {
  let summary = "elementwise conversion to another element type";
  let description = [{
    Float to float rounds to nearest; float to integer truncates toward zero;
    integers are treated as signed; `i1` converts as 0/1.

    ```mlir
    %y = aig.cast %labels : tensor<128xi64> to f32
    ```
  }];
  let arguments = (ins Aig_Tensor:$input, TypeAttrOf<AnyType>:$element_type);
  let results = (outs Aig_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` $element_type";
  let hasFolder = 1;
}

def Aig_CompareOp : Aig_Op<"compare", [Pure, InferTypeOpAdaptor]> {
  let summary = "elementwise comparison with broadcasting, giving i1";
  let description = [{
    ```mlir
    %m = aig.compare gt, %x, %zero : tensor<4x3xf32>, tensor<f32>
    ```
  }];
  let arguments = (ins Aig_ComparePredicateAttr:$predicate, Aig_Tensor:$lhs,
                   Aig_Tensor:$rhs);
  let results = (outs Aig_BoolTensor:$result);
  let assemblyFormat = [{
    $predicate `,` $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)
  }];
}

def Aig_SelectOp : Aig_Op<"select", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Aig_DifferentiableOpInterface,
                              ["isDifferentiableOperand"]>]> {
  let summary = "elementwise choice by an i1 mask, with broadcasting";
  let description = [{
    `condition ? true_value : false_value`, all three broadcast together.

    ```mlir
    %y = aig.select %m, %x, %zero
           : tensor<4x3xi1>, tensor<4x3xf32>, tensor<f32>
    ```
  }];
  let arguments = (ins Aig_BoolTensor:$condition, Aig_Tensor:$true_value,
                   Aig_Tensor:$false_value);
  let results = (outs Aig_Tensor:$result);
  let assemblyFormat = [{
    $condition `,` $true_value `,` $false_value attr-dict `:`
    type($condition) `,` type($true_value) `,` type($false_value)
  }];
  let hasFolder = 1;
}

def Aig_OneHotOp : Aig_Op<"one_hot", [Pure, InferTypeOpAdaptor]> {
  let summary = "one-hot encoding of integer class labels";
  let description = [{
    `result[..., c] = (labels[...] == c) ? 1 : 0` for `c` in
    `[0, num_classes)`, in `element_type`. A label outside that range gives an
    all-zero row. Not differentiable (its input is an integer).

    ```mlir
    %t = aig.one_hot %labels num_classes = 10 : tensor<128xi64> to f32
    ```
  }];
  let arguments = (ins StaticShapeTensorOf<[AnySignlessInteger]>:$labels,
                   I64Attr:$num_classes, TypeAttrOf<AnyFloat>:$element_type);
  let results = (outs Aig_FloatTensor:$result);
  let assemblyFormat = [{
    $labels `num_classes` `=` $num_classes attr-dict `:` type($labels) `to`
    $element_type
  }];
}

def Aig_GatherOp : Aig_Op<"gather", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Aig_DifferentiableOpInterface,
                              ["isDifferentiableOperand"]>]> {
  let summary = "slices of a table along an axis, picked by integer indices";
  let description = [{
    `result[p..., i..., q...] = table[p..., indices[i...], q...]`, where
    `p...` are the dimensions of `table` before `axis` and `q...` those after
    it: the result's shape is the table's with dimension `axis` replaced by
    the shape of `indices` (NumPy's `np.take(table, indices, axis)`). With
    axis 0 and a `V x E` table this is an embedding lookup.

    An index outside `[0, table.shape[axis])` is an error reported by the
    runtime when the compiled call returns (`aicc::rt::takeKernelError`);
    the lookup reads row 0 instead, never outside the table. The gradient
    with respect to the table adds each slice of the result's adjoint into
    the row it came from (`aig.scatter_add`).

    ```mlir
    %e = aig.gather %table[%ids] axis = 0 : tensor<113x64xf32>, tensor<32x64xi64>
    ```
  }];
  let arguments = (ins Aig_Tensor:$table,
                   StaticShapeTensorOf<[AnySignlessInteger]>:$indices,
                   I64Attr:$axis);
  let results = (outs Aig_Tensor:$result);
  let assemblyFormat = [{
    $table `[` $indices `]` `axis` `=` $axis attr-dict `:` type($table) `,`
    type($indices)
  }];
}

def Aig_ScatterAddOp : Aig_Op<"scatter_add", [Pure, InferTypeOpAdaptor]> {
  let summary = "rows added into a zero table at integer indices";
  let description = [{
    `result[v, :] = sum of updates[k, :] over every k with indices[k] == v`,
    for a `rows x Q` result from `K x Q` updates and `K` indices: the
    gradient of `aig.gather` with respect to its table (an embedding's rows
    get the adjoints of every lookup of them). An index outside
    `[0, rows)` adds nothing (the gather reports it). Lowered to a loop over
    the `K` updates, each adding one row in place: the work is `K x Q`,
    whatever the table's size.

    ```mlir
    %d = aig.scatter_add %g[%ids] rows = 113 : tensor<2048x64xf32>, tensor<2048xi64>
    ```
  }];
  let arguments = (ins Aig_FloatTensor:$updates,
                   StaticShapeTensorOf<[AnySignlessInteger]>:$indices,
                   I64Attr:$rows);
  let results = (outs Aig_FloatTensor:$result);
  let assemblyFormat = [{
    $updates `[` $indices `]` `rows` `=` $rows attr-dict `:` type($updates)
    `,` type($indices)
  }];
}

include "aicc/Dialect/Aig/AigConvOps.td"
include "aicc/Dialect/Aig/AigRandomOps.td"
include "aicc/Dialect/Aig/AigLoopOps.td"

#endif // AICC_DIALECT_AIG_AIGOPS_TD
