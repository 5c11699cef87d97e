//===- AccumulateIntoMatmul.cpp - x + A @ B as one matmul -----------------===//
//
// linalg.matmul accumulates into its init; aig's matmul + add lowers to a
// zero-filled matmul and an elementwise add. Folding the add into the
// matmul's init saves a fill, a temporary and a pass over memory.
//
//===----------------------------------------------------------------------===//

#include "aicc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc {
#define GEN_PASS_DEF_ACCUMULATEINTOMATMUL
#include "aicc/Transforms/Passes.h.inc"
} // namespace aicc

using namespace mlir;

namespace {

/// Whether `generic` is out = in0 + in1, elementwise over identical shapes.
bool isPlainAdd(linalg::GenericOp generic) {
  if (generic.getNumDpsInputs() != 2 || generic.getNumDpsInits() != 1 ||
      generic.getNumReductionLoops() != 0 ||
      !llvm::all_of(generic.getIndexingMapsArray(),
                    [](AffineMap m) { return m.isIdentity(); }))
    return false;
  Block &body = generic.getRegion().front();
  if (body.getOperations().size() != 2)
    return false;
  auto add = dyn_cast<arith::AddFOp>(body.front());
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (!add || yield.getValues().size() != 1 || yield.getValues()[0] != add)
    return false;
  Value a = body.getArgument(0), b = body.getArgument(1);
  return (add.getLhs() == a && add.getRhs() == b) ||
         (add.getLhs() == b && add.getRhs() == a);
}

/// A matmul into a tensor filled with 0.0, used once.
linalg::MatmulOp zeroInitMatmul(Value v) {
  auto matmul = v.getDefiningOp<linalg::MatmulOp>();
  if (!matmul || !v.hasOneUse())
    return nullptr;
  auto fill = matmul.getDpsInits()[0].getDefiningOp<linalg::FillOp>();
  if (!fill || !matchPattern(fill.getInputs()[0], m_AnyZeroFloat()))
    return nullptr;
  return matmul;
}

struct AddOfMatmul : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp generic,
                                PatternRewriter &rewriter) const override {
    if (!generic.hasPureTensorSemantics() || !isPlainAdd(generic))
      return failure();
    for (unsigned i = 0; i < 2; ++i) {
      Value product = generic.getDpsInputs()[i];
      Value x = generic.getDpsInputs()[1 - i];
      linalg::MatmulOp matmul = zeroInitMatmul(product);
      // Only into a value that already exists (a loop-carried sum, an
      // argument): an x computed by an elementwise op is better fused with
      // the add by aicc-fuse-elementwise (SGD's momentum * m + g reads m
      // once that way).
      if (!matmul || !isa<BlockArgument>(x) ||
          x.getType() != generic.getResult(0).getType() ||
          product.getType() != x.getType())
        continue;
      auto fused = linalg::MatmulOp::create(
          rewriter, matmul.getLoc(), TypeRange{x.getType()},
          matmul.getDpsInputs(), ValueRange{x});
      rewriter.replaceOp(generic, fused.getResults());
      rewriter.eraseOp(matmul);
      return success();
    }
    return failure();
  }
};

struct AccumulateIntoMatmulPass
    : aicc::impl::AccumulateIntoMatmulBase<AccumulateIntoMatmulPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<AddOfMatmul>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
