//===- AigFolders.cpp - aig folders and canonicalization patterns ---------===//
//
// Algebraic identities (x + 0, x * 1, neg(neg x), reshape of reshape, ...)
// and constant folding of splat operands. Folders return existing values or
// new constants, or update their own op in place (transpose of transpose
// composes the permutations); rewrites that create ops are patterns.
//
//===----------------------------------------------------------------------===//

#include "aicc/Dialect/Aig/AigOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace aicc::aig;

namespace {
/// The value of a splat float constant, if `attr` is one.
std::optional<APFloat> getSplatFloat(Attribute attr) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!dense || !dense.isSplat() || !isa<FloatType>(dense.getElementType()))
    return std::nullopt;
  return dense.getSplatValue<APFloat>();
}

/// Whether `attr` is a splat constant equal to `value` (float or integer).
bool isSplatOf(Attribute attr, int64_t value) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!dense || !dense.isSplat())
    return false;
  if (isa<FloatType>(dense.getElementType()))
    return dense.getSplatValue<APFloat>().isExactlyValue(value);
  if (dense.getElementType().isInteger(1))
    return false;
  APInt splat = dense.getSplatValue<APInt>();
  return splat == APInt(splat.getBitWidth(), value, /*isSigned=*/true);
}

/// Folds `op(lhs, rhs)` when both are splat float constants.
template <typename Fn>
OpFoldResult foldSplatBinary(Type resultType, Attribute lhs, Attribute rhs,
                             Fn fn) {
  auto a = getSplatFloat(lhs), b = getSplatFloat(rhs);
  if (!a || !b)
    return {};
  return DenseElementsAttr::get(cast<ShapedType>(resultType), fn(*a, *b));
}

/// `value` if it already has the result's type (so no broadcast is lost).
OpFoldResult ifSameType(Value value, Type resultType) {
  if (value.getType() == resultType)
    return value;
  return {};
}
} // namespace

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 0))
    if (auto r = ifSameType(getLhs(), getType()))
      return r;
  if (isSplatOf(adaptor.getLhs(), 0))
    if (auto r = ifSameType(getRhs(), getType()))
      return r;
  return foldSplatBinary(getType(), adaptor.getLhs(), adaptor.getRhs(),
                         [](APFloat a, const APFloat &b) {
                           a.add(b, APFloat::rmNearestTiesToEven);
                           return a;
                         });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 0))
    if (auto r = ifSameType(getLhs(), getType()))
      return r;
  return foldSplatBinary(getType(), adaptor.getLhs(), adaptor.getRhs(),
                         [](APFloat a, const APFloat &b) {
                           a.subtract(b, APFloat::rmNearestTiesToEven);
                           return a;
                         });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 1))
    if (auto r = ifSameType(getLhs(), getType()))
      return r;
  if (isSplatOf(adaptor.getLhs(), 1))
    if (auto r = ifSameType(getRhs(), getType()))
      return r;
  return foldSplatBinary(getType(), adaptor.getLhs(), adaptor.getRhs(),
                         [](APFloat a, const APFloat &b) {
                           a.multiply(b, APFloat::rmNearestTiesToEven);
                           return a;
                         });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 1))
    if (auto r = ifSameType(getLhs(), getType()))
      return r;
  return foldSplatBinary(getType(), adaptor.getLhs(), adaptor.getRhs(),
                         [](APFloat a, const APFloat &b) {
                           a.divide(b, APFloat::rmNearestTiesToEven);
                           return a;
                         });
}

OpFoldResult MaximumOp::fold(FoldAdaptor adaptor) {
  if (getLhs() == getRhs())
    return getLhs();
  return foldSplatBinary(
      getType(), adaptor.getLhs(), adaptor.getRhs(),
      [](const APFloat &a, const APFloat &b) { return llvm::maximum(a, b); });
}

OpFoldResult MinimumOp::fold(FoldAdaptor adaptor) {
  if (getLhs() == getRhs())
    return getLhs();
  return foldSplatBinary(
      getType(), adaptor.getLhs(), adaptor.getRhs(),
      [](const APFloat &a, const APFloat &b) { return llvm::minimum(a, b); });
}

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  if (auto inner = getInput().getDefiningOp<NegOp>())
    return inner.getInput();
  if (auto v = getSplatFloat(adaptor.getInput()))
    return DenseElementsAttr::get(getType(), neg(*v));
  return {};
}

OpFoldResult ReluOp::fold(FoldAdaptor) {
  // relu is idempotent.
  if (getInput().getDefiningOp<ReluOp>())
    return getInput();
  return {};
}

OpFoldResult PowOp::fold(FoldAdaptor) {
  if (getExponent().convertToDouble() == 1.0)
    return getInput();
  return {};
}

namespace {
/// pow by 2, 0.5 and -0.5 become the cheaper mul, sqrt and rsqrt.
struct SimplifyPowByConstant : OpRewritePattern<PowOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(PowOp op,
                                PatternRewriter &rewriter) const override {
    double e = op.getExponent().convertToDouble();
    Value x = op.getInput();
    if (e == 2.0)
      rewriter.replaceOpWithNewOp<MulOp>(op, x, x);
    else if (e == 0.5)
      rewriter.replaceOpWithNewOp<SqrtOp>(op, x);
    else if (e == -0.5)
      rewriter.replaceOpWithNewOp<RsqrtOp>(op, x);
    else
      return failure();
    return success();
  }
};
} // namespace

void PowOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *context) {
  results.add<SimplifyPowByConstant>(context);
}

OpFoldResult BroadcastToOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  if (auto v = getSplatFloat(adaptor.getInput()))
    return DenseElementsAttr::get(getType(), *v);
  return {};
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput()))
    return dense.reshape(getType());
  // reshape(reshape(x)) only depends on x's elements: skip the inner one.
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  ArrayRef<int64_t> perm = getPermutation();
  auto isIdentity = [](ArrayRef<int64_t> p) {
    for (auto [i, v] : llvm::enumerate(p))
      if (static_cast<int64_t>(i) != v)
        return false;
    return true;
  };
  if (isIdentity(perm))
    return getInput();
  // transpose(transpose(x, p), q) == transpose(x, p o q).
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    SmallVector<int64_t> composed;
    for (int64_t q : perm)
      composed.push_back(inner.getPermutation()[q]);
    if (isIdentity(composed))
      return inner.getInput();
    setPermutation(composed);
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1)
    return getInputs().front();
  return {};
}

OpFoldResult SliceOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType() &&
      llvm::all_of(getOffsets(), [](int64_t o) { return o == 0; }))
    return getInput();
  return {};
}

OpFoldResult CastOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return {};
}

OpFoldResult SelectOp::fold(FoldAdaptor adaptor) {
  if (getTrueValue() == getFalseValue())
    if (auto r = ifSameType(getTrueValue(), getType()))
      return r;
  auto cond = dyn_cast_or_null<DenseElementsAttr>(adaptor.getCondition());
  if (cond && cond.isSplat())
    return ifSameType(cond.getSplatValue<bool>() ? getTrueValue()
                                                 : getFalseValue(),
                      getType());
  return {};
}
