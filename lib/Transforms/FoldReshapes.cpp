//===- FoldReshapes.cpp - reshape folding that spares contractions --------===//
//
// Upstream's linalg-fuse-elementwise-ops without its elementwise fusion (the
// aicc-fuse-elementwise pass before it does that) and with reshape folding
// restricted to elementwise ops, so that every linalg.matmul reaches the
// micro-kernel as a named op.
//
//===----------------------------------------------------------------------===//

#include "aicc/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc {
#define GEN_PASS_DEF_FOLDRESHAPES
#include "aicc/Transforms/Passes.h.inc"
} // namespace aicc

using namespace mlir;

namespace {

/// A linalg op whose loops are all parallel (not a contraction or a
/// reduction), or something that is not a linalg op at all.
bool isElementwiseOrOther(Operation *op) {
  auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(op);
  return !linalgOp || linalgOp.getNumLoops() == linalgOp.getNumParallelLoops();
}

struct FoldReshapesPass : aicc::impl::FoldReshapesBase<FoldReshapesPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    auto spareContractions = [](OpOperand *operand) {
      Operation *producer = operand->get().getDefiningOp();
      return isElementwiseOrOther(operand->getOwner()) &&
             isElementwiseOrOther(producer) &&
             (!producer || producer->hasOneUse());
    };
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns,
                                                      spareContractions);
    linalg::populateConstantFoldLinalgOperations(patterns, spareContractions);
    tensor::populateFoldTensorEmptyPatterns(patterns);
    linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, ctx);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
