//===- FuseElementwise.cpp - merge multi-use elementwise producers --------===//
//
// Upstream's elementwise fusion moves a producer into its only consumer. A
// producer with other users either stays a separate loop nest or, when some
// other pattern inlines it anyway, is computed twice; in a training step that
// second copy also reads the optimizer state before it is updated, which
// forces bufferization to compute the new state in a temporary and copy it
// back. Here the producer is merged into the consumer instead: one loop nest
// computes both and yields the producer's value for its other users.
//
//===----------------------------------------------------------------------===//

#include "aicc/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "aicc/Transforms/Passes.h.inc"
} // namespace aicc

using namespace mlir;

namespace {

bool isAllParallel(linalg::GenericOp op) {
  return op.getNumLoops() == op.getNumParallelLoops();
}

/// The merged loop nest is the consumer's, so it can yield the producer's
/// value only if both run over the same iteration space element by element:
/// all loops parallel, the same loops, identity output maps in the producer,
/// and the consumer reading the producer's result through the same map.
bool sameIterationSpace(linalg::GenericOp producer, linalg::GenericOp consumer,
                        OpOperand &operand) {
  if (!isAllParallel(producer) || !isAllParallel(consumer) ||
      producer.getNumLoops() != consumer.getNumLoops() ||
      producer.getStaticLoopRanges() != consumer.getStaticLoopRanges() ||
      !consumer.getMatchingIndexingMap(&operand).isIdentity())
    return false;
  return llvm::all_of(producer.getDpsInitsMutable(), [&](OpOperand &init) {
    return producer.getMatchingIndexingMap(&init).isIdentity();
  });
}

/// The consumer reads the producer through exactly one operand. (Fusing one
/// of two would leave the merged op reading its own result.)
bool readsProducerOnce(linalg::GenericOp producer, linalg::GenericOp consumer) {
  return llvm::count_if(consumer->getOpOperands(), [&](OpOperand &operand) {
           return operand.get().getDefiningOp() == producer;
         }) == 1;
}

/// The merged op replaces the consumer, so every other user of the producer
/// must come after the consumer in the same block.
bool otherUsersFollow(linalg::GenericOp producer, linalg::GenericOp consumer) {
  for (Operation *user : producer->getUsers()) {
    if (user == consumer)
      continue;
    Operation *inBlock = consumer->getBlock()->findAncestorOpInBlock(*user);
    if (!inBlock || !consumer->isBeforeInBlock(inBlock))
      return false;
  }
  return true;
}

/// Fusing clones the producer's body into the consumer, so merging a chain
/// of N ops one by one copies O(N^2) ops: past this many ops in the merged
/// body, a kernel ends and the next starts. (A chain of 20,000 tanh took
/// over a minute to compile; LLVM gains nothing from longer bodies.)
constexpr size_t kMaxFusedBodyOps = 256;

bool smallEnoughToFuse(Operation *producer, Operation *consumer) {
  auto bodySize = [](Operation *op) -> size_t {
    auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
    return generic ? generic.getBody()->getOperations().size() : 0;
  };
  return bodySize(producer) + bodySize(consumer) <= kMaxFusedBodyOps;
}

struct MergeMultiUseProducer : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp consumer,
                                PatternRewriter &rewriter) const override {
    for (OpOperand *operand : consumer.getDpsInputOperands()) {
      auto producer = operand->get().getDefiningOp<linalg::GenericOp>();
      if (!producer || producer->hasOneUse() ||
          !linalg::areElementwiseOpsFusable(operand) ||
          !sameIterationSpace(producer, consumer, *operand) ||
          !readsProducerOnce(producer, consumer) ||
          !smallEnoughToFuse(producer, consumer) ||
          !otherUsersFollow(producer, consumer))
        continue;
      FailureOr<linalg::ElementwiseOpFusionResult> fused =
          linalg::fuseElementwiseOps(rewriter, operand);
      if (failed(fused))
        continue;
      for (auto [original, replacement] : fused->replacements)
        rewriter.replaceAllUsesWith(original, replacement);
      rewriter.eraseOp(consumer);
      if (producer->use_empty())
        rewriter.eraseOp(producer);
      return success();
    }
    return failure();
  }
};

struct FuseElementwisePass
    : aicc::impl::FuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<MergeMultiUseProducer>(&getContext());
    // A producer that is left with only the merged op as its user fuses the
    // usual way; results nobody reads are dropped.
    linalg::populateElementwiseOpsFusionPatterns(
        patterns, [](OpOperand *operand) {
          Operation *producer = operand->get().getDefiningOp();
          return producer && producer->hasOneUse() &&
                 smallEnoughToFuse(producer, operand->getOwner());
        });
    linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
