//===- ContractionLoopOrder.cpp - contiguous innermost matmul loop --------===//

#include "aicc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace aicc {
#define GEN_PASS_DEF_CONTRACTIONLOOPORDER
#include "aicc/Transforms/Passes.h.inc"
} // namespace aicc

using namespace mlir;

namespace {
struct ContractionLoopOrderPass
    : aicc::impl::ContractionLoopOrderBase<ContractionLoopOrderPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> contractions;
    getOperation().walk([&](Operation *op) {
      if (isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op))
        contractions.push_back(cast<linalg::LinalgOp>(op));
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : contractions) {
      bool batched = isa<linalg::BatchMatmulOp>(op);
      rewriter.setInsertionPoint(op);
      auto generic = linalg::generalizeNamedOp(rewriter, op);
      if (failed(generic))
        return signalPassFailure();
      // (m, n, k) -> (m, k, n); batch stays outermost.
      SmallVector<unsigned> order = batched ? SmallVector<unsigned>{0, 1, 3, 2}
                                            : SmallVector<unsigned>{0, 2, 1};
      if (failed(linalg::interchangeGenericOp(rewriter, *generic, order)))
        return signalPassFailure();
    }
  }
};
} // namespace
