//===- AigToLinalg.cpp - lower aig to linalg/tensor/arith/math ------------===//
//
// Elementwise ops become one linalg.generic whose indexing maps implement
// NumPy broadcasting (a size-1 operand dimension reads index 0), so no
// broadcast is ever materialized. Softmax-like ops are first decomposed into
// aig ops, which this same conversion then lowers.
//
//===----------------------------------------------------------------------===//

#include "ConvPoolToLinalg.h"
#include "GatherToLinalg.h"
#include "RandomToLinalg.h"
#include "ScanToSCF.h"

#include "aicc/Conversion/Passes.h"
#include "aicc/Dialect/Aig/AigOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace aicc {
#define GEN_PASS_DEF_CONVERTAIGTOLINALG
#include "aicc/Conversion/Passes.h.inc"
} // namespace aicc

using namespace mlir;
using namespace aicc::aig;

namespace {

using BodyFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// Indexing map reading `operandType` inside a loop nest over `resultType`,
/// with NumPy broadcasting: leading result dims are dropped, size-1 operand
/// dims that stretch read index 0.
AffineMap broadcastMap(RankedTensorType operandType,
                       RankedTensorType resultType, MLIRContext *ctx) {
  int64_t rank = resultType.getRank(), operandRank = operandType.getRank();
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < operandRank; ++i) {
    int64_t d = rank - operandRank + i;
    if (operandType.getDimSize(i) == 1 && resultType.getDimSize(d) != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(d, ctx));
  }
  return AffineMap::get(rank, 0, exprs, ctx);
}

/// One linalg.generic computing `body` elementwise over broadcast operands.
Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                       ValueRange operands, BodyFn body) {
  MLIRContext *ctx = b.getContext();
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                       resultType.getElementType());
  SmallVector<AffineMap> maps;
  for (Value v : operands)
    maps.push_back(
        broadcastMap(cast<RankedTensorType>(v.getType()), resultType, ctx));
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, operands, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(nb, nloc, body(nb, nloc, args.drop_back()));
      });
  return generic.getResult(0);
}

/// Reshapes a static tensor in C order through collapse/expand (views after
/// bufferization, never copies).
Value reshapeTensor(OpBuilder &b, Location loc, Value input,
                    RankedTensorType resultType) {
  auto inputType = cast<RankedTensorType>(input.getType());
  if (inputType == resultType)
    return input;
  auto flat = [](int64_t rank) {
    ReassociationIndices all;
    for (int64_t i = 0; i < rank; ++i)
      all.push_back(i);
    return SmallVector<ReassociationIndices>{all};
  };
  if (inputType.getRank() == 0)
    return tensor::ExpandShapeOp::create(b, loc, resultType, input,
                                         ArrayRef<ReassociationIndices>{});
  if (resultType.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, resultType, input,
                                           ArrayRef<ReassociationIndices>{});
  Value flatValue = input;
  if (inputType.getRank() != 1) {
    auto flatType = RankedTensorType::get({inputType.getNumElements()},
                                          inputType.getElementType());
    flatValue = tensor::CollapseShapeOp::create(b, loc, flatType, input,
                                                flat(inputType.getRank()));
  }
  if (resultType.getRank() == 1)
    return flatValue;
  return tensor::ExpandShapeOp::create(b, loc, resultType, flatValue,
                                       flat(resultType.getRank()));
}

Value constantLike(OpBuilder &b, Location loc, Type elementType, double v) {
  if (isa<FloatType>(elementType))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(elementType, v));
  return arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(elementType, static_cast<int64_t>(v)));
}

bool isFloat(Type t) { return isa<FloatType>(getElementTypeOrSelf(t)); }

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

/// Lowers an elementwise aig op to a linalg.generic whose scalar body is
/// built by the `body` callback given at registration.
template <typename OpTy> struct ElementwisePattern : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using BodyBuilder =
      std::function<Value(OpBuilder &, Location, OpTy, ValueRange)>;
  ElementwisePattern(MLIRContext *ctx, BodyBuilder body)
      : OpConversionPattern<OpTy>(ctx), body(std::move(body)) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getType());
    Value result = buildElementwise(
        rewriter, op.getLoc(), resultType, adaptor.getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return body(b, loc, op, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  BodyBuilder body;
};

/// A binary body choosing the float or integer arith op; i1 may use its
/// own (unsigned) op, since i1 orders false < true.
template <typename FloatOp, typename IntOp, typename BoolOp = IntOp>
Value binaryBody(OpBuilder &b, Location loc, ValueRange args) {
  if (isFloat(args[0].getType()))
    return FloatOp::create(b, loc, args[0], args[1]);
  if (args[0].getType().isInteger(1))
    return BoolOp::create(b, loc, args[0], args[1]);
  return IntOp::create(b, loc, args[0], args[1]);
}

template <typename MathOp>
Value unaryBody(OpBuilder &b, Location loc, ValueRange args) {
  return MathOp::create(b, loc, args[0]);
}

Value castScalar(OpBuilder &b, Location loc, Value v, Type to) {
  Type from = v.getType();
  if (from == to)
    return v;
  auto fromFloat = dyn_cast<FloatType>(from), toFloat = dyn_cast<FloatType>(to);
  if (to.isInteger(1)) {
    // Like NumPy's astype(bool): nonzero is true.
    Value zero = constantLike(b, loc, from, 0);
    if (fromFloat)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, v, zero);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, v, zero);
  }
  if (fromFloat && toFloat) {
    if (fromFloat.getWidth() < toFloat.getWidth())
      return arith::ExtFOp::create(b, loc, to, v);
    if (fromFloat.getWidth() == toFloat.getWidth()) {
      // Same width, different format (f16 <-> bf16): go through f32.
      Value wide = arith::ExtFOp::create(b, loc, b.getF32Type(), v);
      return arith::TruncFOp::create(b, loc, to, wide);
    }
    return arith::TruncFOp::create(b, loc, to, v);
  }
  if (fromFloat)
    return arith::FPToSIOp::create(b, loc, to, v);
  if (toFloat) {
    if (from.isInteger(1))
      return arith::UIToFPOp::create(b, loc, to, v);
    return arith::SIToFPOp::create(b, loc, to, v);
  }
  unsigned fromWidth = from.getIntOrFloatBitWidth(),
           toWidth = to.getIntOrFloatBitWidth();
  if (fromWidth < toWidth) {
    if (from.isInteger(1))
      return arith::ExtUIOp::create(b, loc, to, v);
    return arith::ExtSIOp::create(b, loc, to, v);
  }
  return arith::TruncIOp::create(b, loc, to, v);
}

Value compareBody(OpBuilder &b, Location loc, CompareOp op, ValueRange args) {
  ComparePredicate p = op.getPredicate();
  if (isFloat(args[0].getType())) {
    // Ordered comparisons, except `ne`, which is true for NaN as in NumPy.
    arith::CmpFPredicate fp = arith::CmpFPredicate::OEQ;
    switch (p) {
    case ComparePredicate::eq:
      fp = arith::CmpFPredicate::OEQ;
      break;
    case ComparePredicate::ne:
      fp = arith::CmpFPredicate::UNE;
      break;
    case ComparePredicate::lt:
      fp = arith::CmpFPredicate::OLT;
      break;
    case ComparePredicate::le:
      fp = arith::CmpFPredicate::OLE;
      break;
    case ComparePredicate::gt:
      fp = arith::CmpFPredicate::OGT;
      break;
    case ComparePredicate::ge:
      fp = arith::CmpFPredicate::OGE;
      break;
    }
    return arith::CmpFOp::create(b, loc, fp, args[0], args[1]);
  }
  // Integers are signed, except i1, which orders false < true like NumPy.
  bool isBool = args[0].getType().isInteger(1);
  arith::CmpIPredicate ip = arith::CmpIPredicate::eq;
  switch (p) {
  case ComparePredicate::eq:
    ip = arith::CmpIPredicate::eq;
    break;
  case ComparePredicate::ne:
    ip = arith::CmpIPredicate::ne;
    break;
  case ComparePredicate::lt:
    ip = isBool ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt;
    break;
  case ComparePredicate::le:
    ip = isBool ? arith::CmpIPredicate::ule : arith::CmpIPredicate::sle;
    break;
  case ComparePredicate::gt:
    ip = isBool ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt;
    break;
  case ComparePredicate::ge:
    ip = isBool ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge;
    break;
  }
  return arith::CmpIOp::create(b, loc, ip, args[0], args[1]);
}

template <typename OpTy>
void addElementwise(RewritePatternSet &patterns,
                    Value (*fn)(OpBuilder &, Location, ValueRange)) {
  patterns.add<ElementwisePattern<OpTy>>(
      patterns.getContext(),
      [fn](OpBuilder &b, Location loc, OpTy, ValueRange args) {
        return fn(b, loc, args);
      });
}

void populateElementwisePatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  addElementwise<AddOp>(patterns, binaryBody<arith::AddFOp, arith::AddIOp>);
  addElementwise<SubOp>(patterns, binaryBody<arith::SubFOp, arith::SubIOp>);
  addElementwise<MulOp>(patterns, binaryBody<arith::MulFOp, arith::MulIOp>);
  addElementwise<DivOp>(
      patterns, [](OpBuilder &b, Location loc, ValueRange args) -> Value {
        Value lhs = args[0], rhs = args[1];
        if (isFloat(lhs.getType()))
          return arith::DivFOp::create(b, loc, lhs, rhs);
        // Truncating division that never traps (see aig.div): x / 0 = 0 and
        // INT_MIN / -1 = INT_MIN; both divide by 1 instead.
        unsigned width = lhs.getType().getIntOrFloatBitWidth();
        auto constant = [&](const APInt &v) -> Value {
          return arith::ConstantOp::create(b, loc,
                                           b.getIntegerAttr(lhs.getType(), v));
        };
        auto equals = [&](Value x, const APInt &v) -> Value {
          return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x,
                                       constant(v));
        };
        Value zero = constant(APInt::getZero(width));
        Value isZero = equals(rhs, APInt::getZero(width));
        Value isMin = equals(lhs, APInt::getSignedMinValue(width));
        Value isMinusOne = equals(rhs, APInt::getAllOnes(width));
        Value overflows = arith::AndIOp::create(b, loc, isMin, isMinusOne);
        Value byOne = arith::OrIOp::create(b, loc, isZero, overflows);
        Value one = constant(APInt(width, 1));
        Value safe = arith::SelectOp::create(b, loc, byOne, one, rhs);
        Value quotient = arith::DivSIOp::create(b, loc, lhs, safe);
        return arith::SelectOp::create(b, loc, isZero, zero, quotient);
      });
  addElementwise<MaximumOp>(
      patterns, binaryBody<arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp>);
  addElementwise<MinimumOp>(
      patterns, binaryBody<arith::MinimumFOp, arith::MinSIOp, arith::MinUIOp>);
  addElementwise<ExpOp>(patterns, unaryBody<math::ExpOp>);
  addElementwise<LogOp>(patterns, unaryBody<math::LogOp>);
  addElementwise<TanhOp>(patterns, unaryBody<math::TanhOp>);
  addElementwise<SqrtOp>(patterns, unaryBody<math::SqrtOp>);
  addElementwise<RsqrtOp>(patterns, unaryBody<math::RsqrtOp>);
  addElementwise<AbsOp>(patterns, unaryBody<math::AbsFOp>);
  addElementwise<Log1pOp>(patterns, unaryBody<math::Log1pOp>);
  addElementwise<NegOp>(
      patterns, [](OpBuilder &b, Location loc, ValueRange args) -> Value {
        if (isFloat(args[0].getType()))
          return arith::NegFOp::create(b, loc, args[0]);
        Value zero = constantLike(b, loc, args[0].getType(), 0);
        return arith::SubIOp::create(b, loc, zero, args[0]);
      });
  addElementwise<ReluOp>(
      patterns, [](OpBuilder &b, Location loc, ValueRange args) -> Value {
        Value zero = constantLike(b, loc, args[0].getType(), 0);
        return arith::MaximumFOp::create(b, loc, args[0], zero);
      });
  addElementwise<SigmoidOp>(
      patterns, [](OpBuilder &b, Location loc, ValueRange args) -> Value {
        // With t = exp(-|x|) in (0, 1]: 1 / (1 + t) for x >= 0, t / (1 + t)
        // for x < 0. exp never overflows, and a very negative x gives its
        // tiny (subnormal) sigmoid instead of 1 / inf = 0.
        Value x = args[0];
        Value one = constantLike(b, loc, x.getType(), 1);
        Value zero = constantLike(b, loc, x.getType(), 0);
        Value t = math::ExpOp::create(
            b, loc,
            arith::NegFOp::create(b, loc, math::AbsFOp::create(b, loc, x)));
        Value positive =
            arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, x, zero);
        Value numerator = arith::SelectOp::create(b, loc, positive, one, t);
        return arith::DivFOp::create(b, loc, numerator,
                                     arith::AddFOp::create(b, loc, one, t));
      });
  addElementwise<BroadcastToOp>(
      patterns, [](OpBuilder &, Location, ValueRange args) { return args[0]; });
  addElementwise<SelectOp>(
      patterns, [](OpBuilder &b, Location loc, ValueRange args) -> Value {
        return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
      });
  patterns.add<ElementwisePattern<PowOp>>(
      ctx, [](OpBuilder &b, Location loc, PowOp op, ValueRange args) -> Value {
        Value e = constantLike(b, loc, args[0].getType(),
                               op.getExponent().convertToDouble());
        return math::PowFOp::create(b, loc, args[0], e);
      });
  patterns.add<ElementwisePattern<CastOp>>(
      ctx, [](OpBuilder &b, Location loc, CastOp op, ValueRange args) {
        return castScalar(b, loc, args[0], op.getElementType());
      });
  patterns.add<ElementwisePattern<CompareOp>>(ctx, compareBody);
}

//===----------------------------------------------------------------------===//
// Constants, contractions, reductions
//===----------------------------------------------------------------------===//

struct ConstantPattern : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto value = dyn_cast<TypedAttr>(op.getValue());
    if (!value)
      return rewriter.notifyMatchFailure(op, "value is not a typed attribute");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, value);
    return success();
  }
};

Value zeroFilled(OpBuilder &b, Location loc, RankedTensorType type) {
  Value init =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value zero = constantLike(b, loc, type.getElementType(), 0);
  return linalg::FillOp::create(b, loc, ValueRange{zero}, ValueRange{init})
      .getResult(0);
}

struct MatmulPattern : OpConversionPattern<MatmulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    auto lhsType = cast<RankedTensorType>(lhs.getType());
    auto rhsType = cast<RankedTensorType>(rhs.getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Type element = resultType.getElementType();
    int64_t m = lhsType.getDimSize(lhsType.getRank() - 2);
    int64_t k = lhsType.getDimSize(lhsType.getRank() - 1);
    int64_t n = rhsType.getDimSize(rhsType.getRank() - 1);
    // Product of the leading (batch) dimensions of the left operand.
    int64_t batch = 1;
    for (int64_t d : lhsType.getShape().drop_back(2))
      batch *= d;

    if (rhsType.getRank() == 2) {
      // Every batch shares the right operand: one (B*M)xK @ KxN product.
      auto lhs2 = RankedTensorType::get({batch * m, k}, element);
      auto out2 = RankedTensorType::get({lhs2.getDimSize(0), n}, element);
      Value a = reshapeTensor(rewriter, loc, lhs, lhs2);
      Value product = linalg::MatmulOp::create(
                          rewriter, loc, TypeRange{out2}, ValueRange{a, rhs},
                          ValueRange{zeroFilled(rewriter, loc, out2)})
                          .getResult(0);
      rewriter.replaceOp(op, reshapeTensor(rewriter, loc, product, resultType));
      return success();
    }
    // Batched: collapse all batch dims into one for linalg.batch_matmul.
    auto lhs3 = RankedTensorType::get({batch, m, k}, element);
    auto rhs3 = RankedTensorType::get({batch, k, n}, element);
    auto out3 = RankedTensorType::get({batch, m, n}, element);
    Value product = linalg::BatchMatmulOp::create(
                        rewriter, loc, TypeRange{out3},
                        ValueRange{reshapeTensor(rewriter, loc, lhs, lhs3),
                                   reshapeTensor(rewriter, loc, rhs, rhs3)},
                        ValueRange{zeroFilled(rewriter, loc, out3)})
                        .getResult(0);
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, product, resultType));
    return success();
  }
};

enum class ReduceKind { Sum, Mean, Max };

/// f32 sums of at least this many elements accumulate in f64.
constexpr int64_t kWideSumMinCount = 1024;

template <typename OpTy, ReduceKind Kind>
struct ReducePattern : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    Type element = inputType.getElementType();
    SmallVector<int64_t> axes = op.getNormalizedAxes();
    int64_t rank = inputType.getRank();

    SmallVector<int64_t> keptShape;
    SmallVector<AffineExpr> outExprs;
    SmallVector<utils::IteratorType> iterators;
    int64_t count = 1;
    for (int64_t d = 0; d < rank; ++d) {
      if (llvm::is_contained(axes, d)) {
        iterators.push_back(utils::IteratorType::reduction);
        count *= inputType.getDimSize(d);
      } else {
        iterators.push_back(utils::IteratorType::parallel);
        keptShape.push_back(inputType.getDimSize(d));
        outExprs.push_back(getAffineDimExpr(d, ctx));
      }
    }
    // Long f32 sums accumulate in f64: a batch-norm mean over N*H*W =
    // 100,352 values was off by 8e-5 in f32 (PyTorch: under 1e-7), enough to
    // flip a ReLU near 0. The f64 loop still vectorizes (at half width).
    bool wide =
        Kind != ReduceKind::Max && element.isF32() && count >= kWideSumMinCount;
    Type accElement = wide ? Type(rewriter.getF64Type()) : element;
    auto reducedType = RankedTensorType::get(keptShape, accElement);

    Value identity;
    if (Kind == ReduceKind::Max) {
      if (auto ft = dyn_cast<FloatType>(element))
        identity = arith::ConstantOp::create(
            rewriter, loc,
            rewriter.getFloatAttr(
                element, APFloat::getInf(ft.getFloatSemantics(), true)));
      else if (element.isInteger(1))
        identity = constantLike(rewriter, loc, element, 0); // false
      else
        identity = arith::ConstantOp::create(
            rewriter, loc,
            rewriter.getIntegerAttr(
                element,
                APInt::getSignedMinValue(element.getIntOrFloatBitWidth())));
    } else {
      identity = constantLike(rewriter, loc, accElement, 0);
    }
    Value init = tensor::EmptyOp::create(rewriter, loc, keptShape, accElement);
    init = linalg::FillOp::create(rewriter, loc, ValueRange{identity},
                                  ValueRange{init})
               .getResult(0);
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                   AffineMap::get(rank, 0, outExprs, ctx)};
    Value reduced =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{reducedType}, ValueRange{input},
            ValueRange{init}, maps, iterators,
            [&](OpBuilder &b, Location nloc, ValueRange args) {
              Value r;
              if (Kind == ReduceKind::Max)
                r = binaryBody<arith::MaximumFOp, arith::MaxSIOp,
                               arith::MaxUIOp>(b, nloc, args);
              else if (isFloat(element))
                // Sums may be reassociated: LLVM then vectorizes them with
                // several partial sums (an in-order float sum is one long
                // dependency chain, ~4x slower), which also rounds less.
                r = arith::AddFOp::create(
                    b, nloc,
                    wide ? Value(arith::ExtFOp::create(b, nloc, accElement,
                                                       args[0]))
                         : args[0],
                    args[1],
                    arith::FastMathFlagsAttr::get(
                        b.getContext(), arith::FastMathFlags::reassoc));
              else
                r = binaryBody<arith::AddFOp, arith::AddIOp>(b, nloc, args);
              linalg::YieldOp::create(b, nloc, r);
            })
            .getResult(0);
    if (Kind == ReduceKind::Mean || wide) {
      Value n =
          constantLike(rewriter, loc, accElement, static_cast<double>(count));
      reduced = buildElementwise(
          rewriter, loc, RankedTensorType::get(keptShape, element),
          ValueRange{reduced},
          [&](OpBuilder &b, Location nloc, ValueRange args) -> Value {
            Value v = args[0];
            if (Kind == ReduceKind::Mean)
              v = arith::DivFOp::create(b, nloc, v, n);
            if (wide)
              v = arith::TruncFOp::create(b, nloc, element, v);
            return v;
          });
    }
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, reduced,
                                         cast<RankedTensorType>(op.getType())));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

struct ReshapePattern : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, reshapeTensor(rewriter, op.getLoc(),
                                         adaptor.getInput(), op.getType()));
    return success();
  }
};

struct TransposePattern : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    Value init = tensor::EmptyOp::create(rewriter, op.getLoc(), type.getShape(),
                                         type.getElementType());
    auto transpose = linalg::TransposeOp::create(
        rewriter, op.getLoc(), adaptor.getInput(), init, op.getPermutation());
    rewriter.replaceOp(op, transpose.getResult());
    return success();
  }
};

struct ConcatPattern : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    // I64Attr getters return uint64_t: read the axis as signed.
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += type.getRank();
    Value result = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                           type.getElementType());
    int64_t offset = 0;
    for (Value input : adaptor.getInputs()) {
      auto inputType = cast<RankedTensorType>(input.getType());
      if (inputType.getNumElements() == 0)
        continue; // contributes nothing; its offset may be out of bounds

      SmallVector<OpFoldResult> offsets(type.getRank(),
                                        rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes,
          strides(type.getRank(), rewriter.getIndexAttr(1));
      for (int64_t s : inputType.getShape())
        sizes.push_back(rewriter.getIndexAttr(s));
      offsets[axis] = rewriter.getIndexAttr(offset);
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result,
                                             offsets, sizes, strides);
      offset += inputType.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SlicePattern : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto attrs = [&](ArrayRef<int64_t> v) {
      SmallVector<OpFoldResult> r;
      for (int64_t x : v)
        r.push_back(rewriter.getIndexAttr(x));
      return r;
    };
    auto type = cast<RankedTensorType>(op.getType());
    if (type.getNumElements() == 0) {
      // An empty slice reads nothing (and its offset may equal the size).
      rewriter.replaceOpWithNewOp<tensor::EmptyOp>(op, type.getShape(),
                                                   type.getElementType());
      return success();
    }
    // tensor.extract_slice takes positive strides only: a dimension walked
    // downwards is extracted upwards from its lowest index, then reversed.
    SmallVector<int64_t> offsets(op.getOffsets()), strides(op.getStrides());
    SmallVector<bool> reversed;
    for (auto [offset, size, stride] :
         llvm::zip_equal(offsets, op.getSizes(), strides)) {
      reversed.push_back(stride < 0);
      if (stride < 0) {
        offset += (size - 1) * stride;
        stride = -stride;
      }
    }
    Value slice = tensor::ExtractSliceOp::create(
        rewriter, op.getLoc(), type, adaptor.getInput(), attrs(offsets),
        attrs(op.getSizes()), attrs(strides));
    if (!llvm::is_contained(reversed, true)) {
      rewriter.replaceOp(op, slice);
      return success();
    }
    int64_t rank = type.getRank();
    SmallVector<AffineExpr> source;
    for (int64_t d = 0; d < rank; ++d) {
      AffineExpr i = rewriter.getAffineDimExpr(d);
      source.push_back(reversed[d] ? type.getDimSize(d) - 1 - i : i);
    }
    MLIRContext *ctx = rewriter.getContext();
    Value init = tensor::EmptyOp::create(rewriter, op.getLoc(), type.getShape(),
                                         type.getElementType());
    auto reverse = linalg::GenericOp::create(
        rewriter, op.getLoc(), type, ValueRange{slice}, ValueRange{init},
        ArrayRef<AffineMap>{AffineMap::get(rank, 0, source, ctx),
                            AffineMap::getMultiDimIdentityMap(rank, ctx)},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [](OpBuilder &b, Location loc, ValueRange args) {
          linalg::YieldOp::create(b, loc, args[0]);
        });
    rewriter.replaceOp(op, reverse.getResult(0));
    return success();
  }
};

/// softmax(x) = exp(x - max) / sum(exp(x - max)) and
/// log_softmax(x) = (x - max) - log(sum(exp(x - max))), in aig ops that
/// this conversion lowers next.
template <typename OpTy, bool IsLog>
struct DecomposeSoftmax : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    SmallVector<int64_t> axis = {op.getNormalizedAxis()};
    Value max = ReduceMaxOp::create(rewriter, loc, x, axis, true);
    Value shifted = SubOp::create(rewriter, loc, x, max);
    Value e = ExpOp::create(rewriter, loc, shifted);
    Value sum = ReduceSumOp::create(rewriter, loc, e, axis, true);
    Value result;
    if (IsLog)
      result = SubOp::create(rewriter, loc, shifted,
                             LogOp::create(rewriter, loc, sum));
    else
      result = DivOp::create(rewriter, loc, e, sum);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// result[..., c] = labels[...] == c: a generic over the result whose last
/// loop index is the class.
struct OneHotPattern : OpConversionPattern<OneHotOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OneHotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    SmallVector<AffineExpr> labelExprs;
    for (int64_t d = 0; d + 1 < rank; ++d)
      labelExprs.push_back(getAffineDimExpr(d, ctx));
    SmallVector<AffineMap> maps = {AffineMap::get(rank, 0, labelExprs, ctx),
                                   rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                         type.getElementType());
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{adaptor.getLabels()},
        ValueRange{init}, maps, iterators,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value c = linalg::IndexOp::create(b, nloc, rank - 1);
          Value cAsLabel =
              arith::IndexCastOp::create(b, nloc, args[0].getType(), c);
          Value hit = arith::CmpIOp::create(b, nloc, arith::CmpIPredicate::eq,
                                            args[0], cAsLabel);
          Value r =
              arith::UIToFPOp::create(b, nloc, type.getElementType(), hit);
          linalg::YieldOp::create(b, nloc, r);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct ConvertAigToLinalgPass
    : aicc::impl::ConvertAigToLinalgBase<ConvertAigToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addIllegalDialect<AigDialect>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, tensor::TensorDialect,
                           scf::SCFDialect, vector::VectorDialect,
                           func::FuncDialect>();
    RewritePatternSet patterns(ctx);
    populateElementwisePatterns(patterns);
    patterns.add<ConstantPattern, MatmulPattern, ReshapePattern, OneHotPattern,
                 TransposePattern, ConcatPattern, SlicePattern,
                 ReducePattern<ReduceSumOp, ReduceKind::Sum>,
                 ReducePattern<ReduceMeanOp, ReduceKind::Mean>,
                 ReducePattern<ReduceMaxOp, ReduceKind::Max>,
                 DecomposeSoftmax<SoftmaxOp, false>,
                 DecomposeSoftmax<LogSoftmaxOp, true>>(ctx);
    aicc::populateConvPoolToLinalgPatterns(patterns);
    aicc::populateRandomToLinalgPatterns(patterns);
    aicc::populateScanToSCFPatterns(patterns);
    aicc::populateGatherToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
