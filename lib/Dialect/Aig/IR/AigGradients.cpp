//===- AigGradients.cpp - vector-Jacobian products of aig ops -------------===//
//
// One buildVJP per differentiable op: given dL/dresult (`g`), build dL/d
// operand in aig ops. Gradients of broadcast operands are summed back to the
// operand's shape here, so autodiff itself knows nothing about shapes.
//
//===----------------------------------------------------------------------===//

#include "aicc/Dialect/Aig/AigOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace aicc::aig;

namespace {

RankedTensorType typeOf(Value v) { return cast<RankedTensorType>(v.getType()); }

/// Small builder for readable rules: `e.mul(g, e.sub(e.scalar(y, 1), y))`.
struct Emit {
  OpBuilder &b;
  Location loc;

  Value add(Value x, Value y) { return AddOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return SubOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return MulOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return DivOp::create(b, loc, x, y); }
  Value neg(Value x) { return NegOp::create(b, loc, x); }
  Value exp(Value x) { return ExpOp::create(b, loc, x); }
  Value select(Value c, Value t, Value f) {
    return SelectOp::create(b, loc, c, t, f);
  }
  Value compare(ComparePredicate p, Value x, Value y) {
    return CompareOp::create(b, loc, p, x, y);
  }
  Value transpose(Value x, ArrayRef<int64_t> perm) {
    return TransposeOp::create(b, loc, x, perm);
  }
  Value reshape(Value x, ArrayRef<int64_t> shape) {
    return ReshapeOp::create(b, loc, x, shape);
  }
  Value broadcastTo(Value x, ArrayRef<int64_t> shape) {
    if (typeOf(x).getShape() == shape)
      return x;
    return BroadcastToOp::create(b, loc, x, shape);
  }
  Value reduceSum(Value x, ArrayRef<int64_t> axes, bool keepdims) {
    return ReduceSumOp::create(b, loc, x, axes, keepdims);
  }
  Value matmul(Value x, Value y) { return MatmulOp::create(b, loc, x, y); }

  /// A rank-0 constant with `like`'s element type.
  Value scalar(Value like, double v) {
    return createScalarLike(b, loc, like.getType(), v);
  }
  /// A zero tensor of the given shape and `like`'s element type.
  Value zeros(Value like, ArrayRef<int64_t> shape) {
    return createSplatConstant(
        b, loc, RankedTensorType::get(shape, typeOf(like).getElementType()),
        0.0);
  }

  /// Sums `grad` (of a broadcast result) down to `target`'s shape.
  Value sumToShape(Value grad, Type target) {
    auto gradType = typeOf(grad);
    auto targetType = cast<RankedTensorType>(target);
    if (gradType.getShape() == targetType.getShape())
      return grad;
    int64_t lead = gradType.getRank() - targetType.getRank();
    SmallVector<int64_t> axes;
    for (int64_t d = 0; d < gradType.getRank(); ++d)
      if (d < lead ||
          (targetType.getDimSize(d - lead) == 1 && gradType.getDimSize(d) != 1))
        axes.push_back(d);
    Value summed = axes.empty() ? grad : reduceSum(grad, axes, false);
    return reshape(summed, targetType.getShape());
  }

  /// Swaps the last two dimensions.
  Value transposeLast2(Value x) {
    int64_t rank = typeOf(x).getRank();
    SmallVector<int64_t> perm;
    for (int64_t i = 0; i < rank; ++i)
      perm.push_back(i);
    std::swap(perm[rank - 1], perm[rank - 2]);
    return transpose(x, perm);
  }
};

Emit emitter(OpBuilder &b, Operation *op) { return Emit{b, op->getLoc()}; }

/// Shape of `x` with the reduced `axes` kept as size 1.
SmallVector<int64_t> keptShape(RankedTensorType x, ArrayRef<int64_t> axes) {
  SmallVector<int64_t> shape(x.getShape());
  for (int64_t a : axes)
    shape[a] = 1;
  return shape;
}

} // namespace

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                 SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  Value lhs = getLhs(), rhs = getRhs();
  auto lhsType = typeOf(lhs), rhsType = typeOf(rhs);
  grads.assign(2, nullptr);
  // dA = G @ B^T (B^T broadcasts over A's batch dims when B is 2-D).
  grads[0] = e.matmul(g, e.transposeLast2(rhs));
  if (rhsType.getRank() == 2 && lhsType.getRank() > 2) {
    // B is shared by every batch: dB = sum_b A_b^T @ G_b = A2^T @ G2.
    int64_t k = lhsType.getShape().back(), n = rhsType.getShape().back();
    Value a2 = e.reshape(lhs, {-1, k}), g2 = e.reshape(g, {-1, n});
    grads[1] = e.matmul(e.transposeLast2(a2), g2);
  } else {
    grads[1] = e.matmul(e.transposeLast2(lhs), g);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Broadcasting binary ops
//===----------------------------------------------------------------------===//

LogicalResult AddOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                              SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  grads.assign({e.sumToShape(g, getLhs().getType()),
                e.sumToShape(g, getRhs().getType())});
  return success();
}

LogicalResult SubOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                              SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  grads.assign({e.sumToShape(g, getLhs().getType()),
                e.sumToShape(e.neg(g), getRhs().getType())});
  return success();
}

LogicalResult MulOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                              SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  grads.assign({e.sumToShape(e.mul(g, getRhs()), getLhs().getType()),
                e.sumToShape(e.mul(g, getLhs()), getRhs().getType())});
  return success();
}

LogicalResult DivOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                              SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  // d(a/b)/db = -(a/b)/b.
  grads.assign({e.sumToShape(e.div(g, getRhs()), getLhs().getType()),
                e.sumToShape(e.neg(e.div(e.mul(g, getResult()), getRhs())),
                             getRhs().getType())});
  return success();
}

/// max/min send the gradient to the chosen operand (ties go to lhs).
static void minMaxVJP(Emit &e, Value lhs, Value rhs, Value g,
                      ComparePredicate lhsWins, SmallVectorImpl<Value> &grads) {
  Value mask = e.compare(lhsWins, lhs, rhs);
  Value zero = e.scalar(g, 0.0);
  grads.assign({e.sumToShape(e.select(mask, g, zero), lhs.getType()),
                e.sumToShape(e.select(mask, zero, g), rhs.getType())});
}

LogicalResult MaximumOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                  SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  minMaxVJP(e, getLhs(), getRhs(), g, ComparePredicate::ge, grads);
  return success();
}

LogicalResult MinimumOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                  SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  minMaxVJP(e, getLhs(), getRhs(), g, ComparePredicate::le, grads);
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops (y is the result)
//===----------------------------------------------------------------------===//

LogicalResult NegOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                              SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  grads.assign({emitter(b, *this).neg(g)});
  return success();
}

LogicalResult ExpOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                              SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  grads.assign({emitter(b, *this).mul(g, getResult())});
  return success();
}

LogicalResult LogOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                              SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  grads.assign({emitter(b, *this).div(g, getInput())});
  return success();
}

LogicalResult Log1pOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  grads.assign({e.div(g, e.add(e.scalar(g, 1.0), getInput()))});
  return success();
}

LogicalResult AbsOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                              SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  Value negative =
      e.compare(ComparePredicate::lt, getInput(), e.scalar(g, 0.0));
  grads.assign({e.select(negative, e.neg(g), g)});
  return success();
}

LogicalResult TanhOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                               SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  Value y = getResult();
  grads.assign({e.mul(g, e.sub(e.scalar(g, 1.0), e.mul(y, y)))});
  return success();
}

LogicalResult SigmoidOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                  SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  Value y = getResult();
  grads.assign({e.mul(e.mul(g, y), e.sub(e.scalar(g, 1.0), y))});
  return success();
}

LogicalResult ReluOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                               SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  Value zero = e.scalar(g, 0.0);
  grads.assign(
      {e.select(e.compare(ComparePredicate::gt, getInput(), zero), g, zero)});
  return success();
}

LogicalResult SqrtOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                               SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  grads.assign({e.div(e.mul(g, e.scalar(g, 0.5)), getResult())});
  return success();
}

LogicalResult RsqrtOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  // d(x^-1/2)/dx = -0.5 * x^-1/2 / x.
  grads.assign(
      {e.div(e.mul(g, e.mul(getResult(), e.scalar(g, -0.5))), getInput())});
  return success();
}

LogicalResult PowOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                              SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  double p = getExponent().convertToDouble();
  Value scaled = e.mul(g, e.scalar(g, p));
  if (p == 1.0)
    grads.assign({g});
  else if (p == 2.0)
    grads.assign({e.mul(scaled, getInput())});
  else
    grads.assign({e.mul(scaled, PowOp::create(b, getLoc(), getInput(),
                                              b.getF64FloatAttr(p - 1.0)))});
  return success();
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

LogicalResult BroadcastToOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                      SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  grads.assign({emitter(b, *this).sumToShape(g, getInput().getType())});
  return success();
}

LogicalResult ReshapeOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                  SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  grads.assign({emitter(b, *this).reshape(g, typeOf(getInput()).getShape())});
  return success();
}

LogicalResult TransposeOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  ArrayRef<int64_t> perm = getPermutation();
  SmallVector<int64_t> inverse(perm.size());
  for (auto [i, p] : llvm::enumerate(perm))
    inverse[p] = i;
  grads.assign({emitter(b, *this).transpose(g, inverse)});
  return success();
}

LogicalResult ConcatOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                 SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  auto type = typeOf(getResult());
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < 0)
    axis += type.getRank();
  int64_t offset = 0;
  grads.clear();
  for (Value input : getInputs()) {
    auto inputType = typeOf(input);
    SmallVector<int64_t> offsets(type.getRank(), 0), strides(type.getRank(), 1);
    offsets[axis] = offset;
    grads.push_back(SliceOp::create(b, getLoc(), g, offsets,
                                    inputType.getShape(), strides));
    offset += inputType.getDimSize(axis);
  }
  return success();
}

LogicalResult SliceOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  auto inputType = typeOf(getInput());
  // Scatter the gradient back into zeros of the input's shape, one dim at a
  // time: with stride s, interleave s-1 zeros after each element (a new
  // axis, concat, merge), then pad before and after the covered span.
  Value padded = g;
  // A dimension walked downwards is the upward slice from its lowest index,
  // reversed: reverse its gradient (a slice with stride -1), then scatter as
  // for the upward slice.
  int64_t rank = inputType.getRank();
  SmallVector<int64_t> offsets(getOffsets()), strides(getStrides());
  SmallVector<int64_t> flipOffsets(rank, 0), flipStrides(rank, 1);
  for (int64_t d = 0; d < rank; ++d) {
    if (strides[d] > 0)
      continue;
    offsets[d] += (getSizes()[d] - 1) * strides[d];
    strides[d] = -strides[d];
    flipOffsets[d] = std::max<int64_t>(getSizes()[d] - 1, 0);
    flipStrides[d] = -1;
  }
  if (strides != SmallVector<int64_t>(getStrides()))
    padded = SliceOp::create(b, getLoc(), g, flipOffsets, getSizes(),
                             flipStrides);
  for (int64_t d = 0; d < rank; ++d) {
    int64_t n = getSizes()[d], stride = strides[d];
    int64_t length = n;
    SmallVector<int64_t> shape(typeOf(padded).getShape());
    if (stride > 1 && n > 0) {
      SmallVector<int64_t> split(shape);
      split.insert(split.begin() + d + 1, 1);
      SmallVector<int64_t> gaps(split);
      gaps[d + 1] = stride - 1;
      Value spread = ConcatOp::create(
          b, getLoc(), ValueRange{e.reshape(padded, split), e.zeros(g, gaps)},
          d + 1);
      shape[d] = n * stride;
      padded = e.reshape(spread, shape);
      length = (n - 1) * stride + 1;
      if (length < shape[d]) {
        SmallVector<int64_t> zeros(shape.size(), 0), ones(shape.size(), 1);
        shape[d] = length;
        padded = SliceOp::create(b, getLoc(), padded, zeros, shape, ones);
      }
    }
    int64_t before = n > 0 ? offsets[d] : 0;
    int64_t after = inputType.getDimSize(d) - before - length;
    SmallVector<Value> pieces;
    if (before > 0) {
      shape[d] = before;
      pieces.push_back(e.zeros(g, shape));
    }
    pieces.push_back(padded);
    if (after > 0) {
      shape[d] = after;
      pieces.push_back(e.zeros(g, shape));
    }
    if (pieces.size() > 1)
      padded = ConcatOp::create(b, getLoc(), pieces, d);
  }
  grads.assign({padded});
  return success();
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

/// Broadcasts a reduction's result gradient back over the input's shape.
template <typename OpTy> static Value expandReduced(Emit &e, OpTy op, Value g) {
  auto inputType = typeOf(op.getInput());
  SmallVector<int64_t> axes = op.getNormalizedAxes();
  return e.broadcastTo(e.reshape(g, keptShape(inputType, axes)),
                       inputType.getShape());
}

LogicalResult ReduceSumOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  grads.assign({expandReduced(e, *this, g)});
  return success();
}

LogicalResult ReduceMeanOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                     SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  auto inputType = typeOf(getInput());
  int64_t count = 1;
  for (int64_t a : getNormalizedAxes())
    count *= inputType.getDimSize(a);
  grads.assign({e.div(expandReduced(e, *this, g), e.scalar(g, double(count)))});
  return success();
}

LogicalResult ReduceMaxOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  auto inputType = typeOf(getInput());
  // Every position equal to the maximum receives the gradient.
  Value max = e.reshape(getResult(), keptShape(inputType, getNormalizedAxes()));
  Value mask = e.compare(ComparePredicate::eq, getInput(), max);
  grads.assign({e.select(mask, expandReduced(e, *this, g), e.scalar(g, 0.0))});
  return success();
}

//===----------------------------------------------------------------------===//
// Normalizations
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                  SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  Value y = getResult();
  // dx = y * (g - sum(g * y)).
  Value dot = e.reduceSum(e.mul(g, y), {getNormalizedAxis()}, true);
  grads.assign({e.mul(y, e.sub(g, dot))});
  return success();
}

LogicalResult LogSoftmaxOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                     SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  // dx = g - softmax(x) * sum(g), with softmax(x) = exp(log_softmax(x)).
  Value total = e.reduceSum(g, {getNormalizedAxis()}, true);
  grads.assign({e.sub(g, e.mul(e.exp(getResult()), total))});
  return success();
}

//===----------------------------------------------------------------------===//
// Cast and select
//===----------------------------------------------------------------------===//

bool CastOp::isDifferentiableOperand(unsigned) {
  // Only float-to-float casts carry a gradient.
  return isa<FloatType>(typeOf(getInput()).getElementType()) &&
         isa<FloatType>(getElementType());
}

LogicalResult CastOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                               SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  grads.assign(
      {CastOp::create(b, getLoc(), g, typeOf(getInput()).getElementType())});
  return success();
}

bool SelectOp::isDifferentiableOperand(unsigned index) { return index != 0; }

LogicalResult SelectOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                 SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  Value zero = e.scalar(g, 0.0);
  grads.assign({nullptr,
                e.sumToShape(e.select(getCondition(), g, zero),
                             getTrueValue().getType()),
                e.sumToShape(e.select(getCondition(), zero, g),
                             getFalseValue().getType())});
  return success();
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                 SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Location loc = getLoc();
  Value input = getInput(), filter = getFilter();
  int64_t groups = static_cast<int64_t>(getGroups());
  grads.assign(getNumOperands(), nullptr);
  grads[0] = Conv2DInputGradOp::create(b, loc, g, filter,
                                       typeOf(input).getShape(), getStride(),
                                       getPadding(), getDilation(), groups);
  grads[1] = Conv2DFilterGradOp::create(b, loc, input, g,
                                        typeOf(filter).getShape(), getStride(),
                                        getPadding(), getDilation(), groups);
  if (getBias())
    grads[2] = ReduceSumOp::create(b, loc, g, ArrayRef<int64_t>{0, 2, 3},
                                   /*keepdims=*/false);
  return success();
}

LogicalResult MaxPool2DOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  grads.assign({MaxPool2DGradOp::create(b, getLoc(), getInput(), g, getKernel(),
                                        getStride(), getPadding())});
  return success();
}

LogicalResult AvgPool2DOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  grads.assign({AvgPool2DGradOp::create(
      b, getLoc(), g, typeOf(getInput()).getShape(), getKernel(), getStride(),
      getPadding(), getCountIncludePad())});
  return success();
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  auto type = typeOf(getInput());
  int64_t rank = type.getRank(), c = type.getDimSize(1);
  // [C] -> [1, C, 1, ...] to broadcast over x; sums over all but dim 1.
  SmallVector<int64_t> perChannel(rank, 1), axes;
  perChannel[1] = c;
  for (int64_t d = 0; d < rank; ++d)
    if (d != 1)
      axes.push_back(d);
  auto channel = [&](Value v) { return e.reshape(v, perChannel); };
  auto sum = [&](Value v) { return e.reduceSum(v, axes, false); };
  Value rstd = RsqrtOp::create(
      b, getLoc(),
      e.add(getVariance(), e.scalar(g, getEpsilon().convertToDouble())));
  Value centered = e.sub(getInput(), channel(getMean()));
  Value scale = e.mul(rstd, getWeight()); // [C]
  Value dyScaled = e.mul(g, channel(scale));
  Value sumDy = sum(g);
  Value sumDyCentered = sum(e.mul(g, centered));
  grads.assign(5, nullptr);
  grads[0] = dyScaled;                   // d/dx with the statistics fixed
  grads[1] = e.neg(e.mul(sumDy, scale)); // d/dmean
  // d/dvar = sum(dy * w * (x - mean)) * -1/2 * rstd^3
  Value rstd3 = e.mul(rstd, e.mul(rstd, rstd));
  grads[2] =
      e.mul(e.mul(sumDyCentered, getWeight()), e.mul(rstd3, e.scalar(g, -0.5)));
  grads[3] = e.mul(sumDyCentered, rstd); // d/dweight = sum(dy * xhat)
  grads[4] = sumDy;                      // d/dbias
  return success();
}

//===----------------------------------------------------------------------===//
// Gather
//===----------------------------------------------------------------------===//

bool GatherOp::isDifferentiableOperand(unsigned index) { return index == 0; }

LogicalResult GatherOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                 SmallVectorImpl<Value> &grads) {
  // With the table seen as P x V x Q (axis in the middle) and the result's
  // adjoint as P x K x Q (K indices): dTable[p, v, q] is the sum of
  // g[p, k, q] over the k with indices[k] == v, a scatter-add of the K rows
  // [P * Q] of g into V rows.
  Value g = resultGrads[0];
  Emit e = emitter(b, *this);
  auto table = typeOf(getTable());
  auto indices = typeOf(getIndices());
  auto axis = static_cast<int64_t>(getAxis());
  int64_t p = 1, q = 1, k = indices.getNumElements();
  for (int64_t d = 0; d < axis; ++d)
    p *= table.getDimSize(d);
  for (int64_t d = axis + 1; d < table.getRank(); ++d)
    q *= table.getDimSize(d);
  int64_t v = table.getDimSize(axis);
  Value rows = e.reshape(g, {p, k, q});
  if (p > 1)
    rows = e.transpose(rows, {1, 0, 2}); // [K, P, Q]
  rows = e.reshape(rows, {k, p * q});
  Value sums =
      ScatterAddOp::create(b, getLoc(), rows, e.reshape(getIndices(), {k}),
                           b.getI64IntegerAttr(v)); // [V, P * Q]
  Value result = e.reshape(sums, {v, p, q});
  if (p > 1)
    result = e.transpose(result, {1, 0, 2}); // [P, V, Q]
  grads.assign({e.reshape(result, table.getShape()), nullptr});
  return success();
}

//===----------------------------------------------------------------------===//
// Moments
//===----------------------------------------------------------------------===//

LogicalResult MomentsOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                  SmallVectorImpl<Value> &grads) {
  // mean = sum(x) / n: dx = dmean / n. var = sum((x - mean)^2) / n (the
  // mean's own dependence on x cancels, as sum(x - mean) = 0):
  // dx = dvar * 2 (x - mean) / n.
  Emit e = emitter(b, *this);
  auto type = typeOf(getInput());
  SmallVector<int64_t> axes = normalizeAxes(getAxes(), type.getRank());
  SmallVector<int64_t> kept(type.getShape());
  int64_t n = 1;
  for (int64_t a : axes) {
    n *= type.getDimSize(a);
    kept[a] = 1;
  }
  auto expand = [&](Value v) { return e.reshape(v, kept); };
  Value dx;
  if (Value dmean = resultGrads[0])
    dx = e.mul(expand(dmean), e.scalar(dmean, 1.0 / double(n)));
  if (Value dvar = resultGrads[1]) {
    Value centered = e.sub(getInput(), expand(getMean()));
    Value term =
        e.mul(e.mul(expand(dvar), centered), e.scalar(dvar, 2.0 / double(n)));
    dx = dx ? e.add(dx, term) : term;
  }
  grads.assign({e.broadcastTo(dx, type.getShape())});
  return success();
}
