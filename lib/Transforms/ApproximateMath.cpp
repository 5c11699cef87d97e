//===- ApproximateMath.cpp - vectorizable exp, log and tanh ---------------===//
//
// libm calls block LLVM's loop vectorizer; MLIR's polynomial approximations
// are arithmetic it vectorizes. Only the functions whose accuracy
// test/Numerics/math_accuracy.py checks are replaced.
//
//===----------------------------------------------------------------------===//

#include "aicc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "aicc/Transforms/Passes.h.inc"
} // namespace aicc

using namespace mlir;

namespace {
bool approximated(StringRef name) {
  name.consume_front("math.");
  return name == "exp" || name == "expm1" || name == "log" || name == "log1p" ||
         name == "tanh";
}

/// A constant of `like`'s type (f32 scalar or vector).
Value constant(OpBuilder &b, Location loc, Type like, double value) {
  auto f32 = b.getF32Type();
  Attribute attr = b.getFloatAttr(f32, value);
  if (auto vector = dyn_cast<VectorType>(like))
    return arith::ConstantOp::create(b, loc, like,
                                     DenseElementsAttr::get(vector, attr));
  return arith::ConstantOp::create(b, loc, like, cast<TypedAttr>(attr));
}

bool isF32(Type type) { return getElementTypeOrSelf(type).isF32(); }

/// The polynomial exp flushes results below FLT_MIN (x < -87.34) to zero.
/// There exp(x) = exp(x / 2)^2: x / 2 is exact, its exp is normal, and the
/// square rounds once into the subnormal range.
void extendExpToSubnormals(math::ExpOp op) {
  OpBuilder b(op);
  Location loc = op.getLoc();
  Value x = op.getOperand();
  Type type = x.getType();
  Value tiny = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                                     constant(b, loc, type, -87.0));
  Value half = arith::MulFOp::create(b, loc, x, constant(b, loc, type, 0.5));
  Value argument = arith::SelectOp::create(b, loc, tiny, half, x);
  Value e = math::ExpOp::create(b, loc, argument);
  Value squared = arith::MulFOp::create(b, loc, e, e);
  Value result = arith::SelectOp::create(b, loc, tiny, squared, e);
  op.replaceAllUsesWith(result);
  op.erase();
}

/// The polynomial log treats a subnormal x as if it were FLT_MIN. There
/// log(x) = log(x * 2^24) - 24 ln 2, the scaling exact; the constant in two
/// parts so that its rounding does not add to the error.
void extendLogToSubnormals(math::LogOp op) {
  OpBuilder b(op);
  Location loc = op.getLoc();
  Value x = op.getOperand();
  Type type = x.getType();
  Value tiny = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                                     constant(b, loc, type, 0x1p-126));
  Value scaled =
      arith::MulFOp::create(b, loc, x, constant(b, loc, type, 0x1p24));
  Value argument = arith::SelectOp::create(b, loc, tiny, scaled, x);
  Value l = math::LogOp::create(b, loc, argument);
  // 24 ln 2 = hi + lo, hi with its last 12 bits zero.
  double shift = 24 * 0.69314718055994530942;
  double hi = double(float(shift));
  Value shifted = arith::SubFOp::create(
      b, loc, arith::SubFOp::create(b, loc, l, constant(b, loc, type, hi)),
      constant(b, loc, type, shift - hi));
  Value result = arith::SelectOp::create(b, loc, tiny, shifted, l);
  op.replaceAllUsesWith(result);
  op.erase();
}

struct ApproximateMathPass
    : aicc::impl::ApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    SmallVector<math::ExpOp> exps;
    SmallVector<math::LogOp> logs;
    getOperation().walk([&](Operation *op) {
      if (auto exp = dyn_cast<math::ExpOp>(op); exp && isF32(exp.getType()))
        exps.push_back(exp);
      if (auto log = dyn_cast<math::LogOp>(op); log && isF32(log.getType()))
        logs.push_back(log);
    });
    for (math::ExpOp op : exps)
      extendExpToSubnormals(op);
    for (math::LogOp op : logs)
      extendLogToSubnormals(op);
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<math::MathDialect>(op->getDialect()) &&
          approximated(op->getName().getStringRef()))
        ops.push_back(op);
    });
    if (ops.empty())
      return;
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns, approximated);
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    if (failed(applyOpPatternsGreedily(ops, std::move(patterns), config)))
      signalPassFailure();
  }
};
} // namespace
