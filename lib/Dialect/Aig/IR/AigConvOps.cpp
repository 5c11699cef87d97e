//===- AigConvOps.cpp - shape rules of convolution and pooling ------------===//
//
// Every check lives in the ops' result-type inference, so the parser, the
// verifier and the C++ API report the same located message.
//
//===----------------------------------------------------------------------===//

#include "aicc/Dialect/Aig/AigOps.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace aicc::aig;

namespace {

std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(shape, os, "x");
  return s;
}

/// A rank-4 static tensor type, or an error naming `what`.
RankedTensorType image(std::optional<Location> loc, Type t, StringRef what) {
  auto type = dyn_cast<RankedTensorType>(t);
  if (!type || !type.hasStaticShape() || type.getRank() != 4) {
    (void)emitOptionalError(loc, what,
                            " must be a rank-4 static tensor (NCHW), got ", t);
    return nullptr;
  }
  return type;
}

LogicalResult checkPositivePair(std::optional<Location> loc,
                                ArrayRef<int64_t> values, StringRef what) {
  if (values.size() != 2)
    return emitOptionalError(loc, what, " must have 2 values (h, w), got ",
                             values.size());
  if (values[0] <= 0 || values[1] <= 0)
    return emitOptionalError(loc, what, " must be positive, got [", values[0],
                             ", ", values[1], "]");
  return success();
}

LogicalResult checkPadding(std::optional<Location> loc,
                           ArrayRef<int64_t> padding) {
  if (padding.size() != 4)
    return emitOptionalError(
        loc, "padding must have 4 values (top, left, bottom, right), got ",
        padding.size());
  for (int64_t p : padding)
    if (p < 0)
      return emitOptionalError(loc, "padding must not be negative, got [",
                               padding[0], ", ", padding[1], ", ", padding[2],
                               ", ", padding[3], "]");
  return success();
}

/// Output height and width of windows of `kernel` (dilated by `dilation`)
/// sliding `stride` apart over the padded `h x w`.
FailureOr<std::pair<int64_t, int64_t>>
windowOutput(std::optional<Location> loc, int64_t h, int64_t w,
             ArrayRef<int64_t> kernel, ArrayRef<int64_t> stride,
             ArrayRef<int64_t> padding, ArrayRef<int64_t> dilation) {
  if (failed(checkPositivePair(loc, stride, "stride")) ||
      failed(checkPositivePair(loc, dilation, "dilation")) ||
      failed(checkPadding(loc, padding)))
    return failure();
  // Checked arithmetic: attributes are any int64_t, and a wrapped sum would
  // accept the op with a wrong result type.
  auto padded = [](int64_t size, int64_t a, int64_t b) {
    auto ab = llvm::checkedAdd(a, b);
    return ab ? llvm::checkedAdd(size, *ab) : std::nullopt;
  };
  auto extent = [](int64_t d, int64_t k) {
    auto dk = llvm::checkedMul(d, k - 1);
    return dk ? llvm::checkedAdd(*dk, int64_t(1)) : std::nullopt;
  };
  std::optional<int64_t> phOr = padded(h, padding[0], padding[2]),
                         pwOr = padded(w, padding[1], padding[3]),
                         ehOr = extent(dilation[0], kernel[0]),
                         ewOr = extent(dilation[1], kernel[1]);
  if (!phOr || !pwOr)
    return emitOptionalError(loc, "padding [", padding[0], ", ", padding[1],
                             ", ", padding[2], ", ", padding[3],
                             "] is too large (the padded size overflows)");
  if (!ehOr || !ewOr)
    return emitOptionalError(loc, "kernel ", kernel[0], "x", kernel[1],
                             " with dilation [", dilation[0], ", ", dilation[1],
                             "] is too large (its extent "
                             "overflows)");
  int64_t ph = *phOr, pw = *pwOr, eh = *ehOr, ew = *ewOr;
  if (eh > ph || ew > pw)
    return emitOptionalError(loc, "kernel ", kernel[0], "x", kernel[1], " (",
                             eh, "x", ew,
                             " with dilation) is larger than the padded "
                             "input ",
                             ph, "x", pw);
  return std::make_pair((ph - eh) / stride[0] + 1, (pw - ew) / stride[1] + 1);
}

/// The conv2d result shape of `input` and `filter` shapes.
FailureOr<SmallVector<int64_t>>
convOutput(std::optional<Location> loc, ArrayRef<int64_t> input,
           ArrayRef<int64_t> filter, ArrayRef<int64_t> stride,
           ArrayRef<int64_t> padding, ArrayRef<int64_t> dilation,
           int64_t groups) {
  if (groups <= 0)
    return emitOptionalError(loc, "groups must be positive, got ", groups);
  if (input[1] % groups != 0)
    return emitOptionalError(loc, "input channels (", input[1],
                             ") are not divisible by groups (", groups, ")");
  if (filter[0] % groups != 0)
    return emitOptionalError(loc, "output channels (", filter[0],
                             ") are not divisible by groups (", groups, ")");
  if (filter[1] * groups != input[1])
    return emitOptionalError(loc, "channel mismatch: input ", shapeStr(input),
                             " has ", input[1], " channels but filter ",
                             shapeStr(filter), " with groups = ", groups,
                             " expects ", filter[1] * groups);
  if (filter[2] <= 0 || filter[3] <= 0)
    return emitOptionalError(loc, "filter ", shapeStr(filter),
                             " has an empty window");
  auto out = windowOutput(loc, input[2], input[3], filter.drop_front(2), stride,
                          padding, dilation);
  if (failed(out))
    return failure();
  return SmallVector<int64_t>{input[0], filter[0], out->first, out->second};
}

/// The pooling result shape of an `input` shape.
FailureOr<SmallVector<int64_t>> poolOutput(std::optional<Location> loc,
                                           ArrayRef<int64_t> input,
                                           ArrayRef<int64_t> kernel,
                                           ArrayRef<int64_t> stride,
                                           ArrayRef<int64_t> padding) {
  if (failed(checkPositivePair(loc, kernel, "kernel")) ||
      failed(checkPadding(loc, padding)))
    return failure();
  // PyTorch's rule: a window never lies entirely in the padding.
  for (int64_t side = 0; side < 4; ++side)
    if (padding[side] > kernel[side % 2] / 2)
      return emitOptionalError(loc, "padding ", padding[side],
                               " is more than half the kernel ", kernel[0], "x",
                               kernel[1]);
  int64_t dilation[] = {1, 1};
  auto out =
      windowOutput(loc, input[2], input[3], kernel, stride, padding, dilation);
  if (failed(out))
    return failure();
  return SmallVector<int64_t>{input[0], input[1], out->first, out->second};
}

LogicalResult checkShapeAttr(std::optional<Location> loc,
                             ArrayRef<int64_t> shape, StringRef what) {
  if (shape.size() != 4)
    return emitOptionalError(loc, what, " must have 4 values, got ",
                             shape.size());
  for (int64_t d : shape)
    if (d <= 0)
      return emitOptionalError(loc, what, " must be positive, got [",
                               shapeStr(shape), "]");
  return success();
}

/// Checks that `grad` has the shape `expected` of the forward result.
LogicalResult checkResultGrad(std::optional<Location> loc,
                              RankedTensorType grad,
                              ArrayRef<int64_t> expected) {
  if (grad.getShape() != expected)
    return emitOptionalError(loc, "result gradient ", shapeStr(grad.getShape()),
                             " does not match the forward result ",
                             shapeStr(expected));
  return success();
}

LogicalResult sameElementType(std::optional<Location> loc, Type a, Type b) {
  if (getElementTypeOrSelf(a) != getElementTypeOrSelf(b))
    return emitOptionalError(
        loc, "operands have different element types: ", getElementTypeOrSelf(a),
        " and ", getElementTypeOrSelf(b));
  return success();
}

} // namespace

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  auto input = image(loc, adaptor.getInput().getType(), "input");
  auto filter = image(loc, adaptor.getFilter().getType(), "filter (OIHW)");
  if (!input || !filter || failed(sameElementType(loc, input, filter)))
    return failure();
  auto shape =
      convOutput(loc, input.getShape(), filter.getShape(), adaptor.getStride(),
                 adaptor.getPadding(), adaptor.getDilation(),
                 static_cast<int64_t>(adaptor.getGroups()));
  if (failed(shape))
    return failure();
  if (Value bias = adaptor.getBias()) {
    auto biasType = dyn_cast<RankedTensorType>(bias.getType());
    if (!biasType || biasType.getRank() != 1 ||
        biasType.getDimSize(0) != filter.getDimSize(0))
      return emitOptionalError(loc, "bias must have ", filter.getDimSize(0),
                               " elements (one per output channel), got ",
                               bias.getType());
    if (failed(sameElementType(loc, input, biasType)))
      return failure();
  }
  types.push_back(RankedTensorType::get(*shape, input.getElementType()));
  return success();
}

namespace {
/// Both conv gradients: checks that `grad` is the conv2d result of `input`
/// and `filter` shapes (one of them an attribute, `given`, named
/// `givenName`) and returns a tensor of the `given` shape.
template <typename Adaptor>
LogicalResult inferConvGradType(std::optional<Location> loc, Adaptor adaptor,
                                RankedTensorType operand, RankedTensorType grad,
                                ArrayRef<int64_t> given, StringRef givenName,
                                bool givenIsInput,
                                SmallVectorImpl<Type> &types) {
  // The operands in the op's order, for the message.
  auto [first, second] = givenIsInput ? std::make_pair(grad, operand)
                                      : std::make_pair(operand, grad);
  if (!operand || !grad || failed(sameElementType(loc, first, second)) ||
      failed(checkShapeAttr(loc, given, givenName)))
    return failure();
  ArrayRef<int64_t> input = givenIsInput ? given : operand.getShape();
  ArrayRef<int64_t> filter = givenIsInput ? operand.getShape() : given;
  auto shape = convOutput(loc, input, filter, adaptor.getStride(),
                          adaptor.getPadding(), adaptor.getDilation(),
                          static_cast<int64_t>(adaptor.getGroups()));
  if (failed(shape) || failed(checkResultGrad(loc, grad, *shape)))
    return failure();
  types.push_back(RankedTensorType::get(given, grad.getElementType()));
  return success();
}
} // namespace

LogicalResult
Conv2DInputGradOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &types) {
  auto grad = image(loc, adaptor.getResultGrad().getType(), "result_grad");
  auto filter = image(loc, adaptor.getFilter().getType(), "filter (OIHW)");
  return inferConvGradType(loc, adaptor, filter, grad, adaptor.getInputShape(),
                           "input_shape", /*givenIsInput=*/true, types);
}

LogicalResult
Conv2DFilterGradOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                     Adaptor adaptor,
                                     SmallVectorImpl<Type> &types) {
  auto input = image(loc, adaptor.getInput().getType(), "input");
  auto grad = image(loc, adaptor.getResultGrad().getType(), "result_grad");
  return inferConvGradType(loc, adaptor, input, grad, adaptor.getFilterShape(),
                           "filter_shape", /*givenIsInput=*/false, types);
}

namespace {
/// max_pool2d and avg_pool2d share their shape rule.
template <typename Adaptor>
LogicalResult inferPoolType(std::optional<Location> loc, Adaptor adaptor,
                            SmallVectorImpl<Type> &types) {
  auto input = image(loc, adaptor.getInput().getType(), "input");
  if (!input)
    return failure();
  auto shape = poolOutput(loc, input.getShape(), adaptor.getKernel(),
                          adaptor.getStride(), adaptor.getPadding());
  if (failed(shape))
    return failure();
  types.push_back(RankedTensorType::get(*shape, input.getElementType()));
  return success();
}
} // namespace

LogicalResult MaxPool2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  return inferPoolType(loc, adaptor, types);
}

LogicalResult AvgPool2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  return inferPoolType(loc, adaptor, types);
}

LogicalResult MaxPool2DGradOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  auto input = image(loc, adaptor.getInput().getType(), "input");
  auto grad = image(loc, adaptor.getResultGrad().getType(), "result_grad");
  if (!input || !grad || failed(sameElementType(loc, input, grad)))
    return failure();
  auto shape = poolOutput(loc, input.getShape(), adaptor.getKernel(),
                          adaptor.getStride(), adaptor.getPadding());
  if (failed(shape) || failed(checkResultGrad(loc, grad, *shape)))
    return failure();
  types.push_back(input);
  return success();
}

LogicalResult AvgPool2DGradOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  auto grad = image(loc, adaptor.getResultGrad().getType(), "result_grad");
  if (!grad ||
      failed(checkShapeAttr(loc, adaptor.getInputShape(), "input_shape")))
    return failure();
  auto shape = poolOutput(loc, adaptor.getInputShape(), adaptor.getKernel(),
                          adaptor.getStride(), adaptor.getPadding());
  if (failed(shape) || failed(checkResultGrad(loc, grad, *shape)))
    return failure();
  types.push_back(
      RankedTensorType::get(adaptor.getInputShape(), grad.getElementType()));
  return success();
}

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  auto input = dyn_cast<RankedTensorType>(adaptor.getInput().getType());
  if (!input || !input.hasStaticShape() || input.getRank() < 2)
    return emitOptionalError(loc,
                             "input must be a static tensor N x C x "
                             "..., got ",
                             adaptor.getInput().getType());
  int64_t channels = input.getDimSize(1);
  const char *names[] = {"mean", "variance", "weight", "bias"};
  Value stats[] = {adaptor.getMean(), adaptor.getVariance(),
                   adaptor.getWeight(), adaptor.getBias()};
  for (auto [name, v] : llvm::zip(names, stats)) {
    auto t = dyn_cast<RankedTensorType>(v.getType());
    if (!t || t.getShape() != ArrayRef<int64_t>{channels})
      return emitOptionalError(
          loc, name, " must have ", channels, " elements (one per channel of ",
          shapeStr(input.getShape()), "), got ", v.getType());
    if (failed(sameElementType(loc, input, t)))
      return failure();
  }
  if (!(adaptor.getEpsilon().convertToDouble() >= 0.0))
    return emitOptionalError(loc, "epsilon must be >= 0");
  types.push_back(input);
  return success();
}

//===----------------------------------------------------------------------===//
// Folders
//===----------------------------------------------------------------------===//

namespace {
/// A pool whose window is one element, at stride 1, without padding.
template <typename PoolOp> bool isIdentityPool(PoolOp op) {
  return op.getKernel() == ArrayRef<int64_t>{1, 1} &&
         op.getStride() == ArrayRef<int64_t>{1, 1} &&
         llvm::all_of(op.getPadding(), [](int64_t p) { return p == 0; });
}
} // namespace

OpFoldResult MaxPool2DOp::fold(FoldAdaptor) {
  return isIdentityPool(*this) ? getInput() : Value();
}

OpFoldResult AvgPool2DOp::fold(FoldAdaptor) {
  return isIdentityPool(*this) ? getInput() : Value();
}

LogicalResult MomentsOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  if (adaptor.getAxes().empty())
    return emitOptionalError(loc, "moments needs at least one axis");
  if (failed(inferReduceType(loc, adaptor.getInput().getType(),
                             adaptor.getAxes(), /*keepdims=*/false, types)))
    return failure();
  types.push_back(types.front());
  return success();
}
