//===- AigLoopOps.cpp - verification of aig.scan --------------------------===//

#include "aicc/Dialect/Aig/AigOps.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace aicc::aig;

namespace {
/// `type` without dimension `axis`: the type of one step's slice.
RankedTensorType dropAxis(RankedTensorType type, int64_t axis) {
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + axis);
  return RankedTensorType::get(shape, type.getElementType());
}

/// Checks that `type` has dimension `axis` of size `length`.
LogicalResult checkStepAxis(ScanOp op, Type t, StringRef what, unsigned i) {
  auto type = cast<RankedTensorType>(t);
  auto axis = static_cast<int64_t>(op.getAxis());
  if (axis >= type.getRank())
    return op.emitOpError()
           << what << " #" << i << " (" << type << ") has no axis " << axis;
  if (type.getDimSize(axis) != static_cast<int64_t>(op.getLength()))
    return op.emitOpError()
           << what << " #" << i << " (" << type << ") has "
           << type.getDimSize(axis) << " steps along axis " << axis
           << ", but the scan has length " << op.getLength();
  return success();
}
} // namespace

LogicalResult ScanOp::verify() {
  // The attributes are signless: read them as signed.
  if (static_cast<int64_t>(getLength()) <= 0)
    return emitOpError() << "length must be positive, got "
                         << static_cast<int64_t>(getLength());
  if (static_cast<int64_t>(getAxis()) < 0)
    return emitOpError() << "axis must not be negative, got "
                         << static_cast<int64_t>(getAxis());
  for (auto [i, type] : llvm::enumerate(getSequences().getTypes()))
    if (failed(checkStepAxis(*this, type, "sequence", i)))
      return failure();
  size_t numCarried = getInits().size();
  if (getNumResults() < numCarried)
    return emitOpError() << "has " << getNumResults()
                         << " results, fewer than its " << numCarried
                         << " carried values";
  for (auto [i, init, final] :
       llvm::enumerate(getInits().getTypes(), getFinals().getTypes()))
    if (init != final)
      return emitOpError() << "result #" << i << " (" << final
                           << ") must have the type of carried value #" << i
                           << " (" << init << ")";
  for (auto [i, type] : llvm::enumerate(getStacked().getTypes()))
    if (failed(checkStepAxis(*this, type, "stacked result", i)))
      return failure();
  return success();
}

LogicalResult ScanOp::verifyRegions() {
  Block &body = getBodyBlock();
  size_t numCarried = getInits().size();
  size_t expected = 1 + numCarried + getSequences().size();
  if (body.getNumArguments() != expected)
    return emitOpError() << "body must take " << expected
                         << " arguments (the step, " << numCarried
                         << " carried, " << getSequences().size()
                         << " slices), got " << body.getNumArguments();
  auto step = dyn_cast<RankedTensorType>(getStepArgument().getType());
  if (!step || step.getRank() != 0 || !step.getElementType().isInteger(64))
    return emitOpError() << "body argument #0 (the step) must be "
                            "tensor<i64>, got "
                         << getStepArgument().getType();
  for (auto [i, arg, init] :
       llvm::enumerate(getCarryArguments(), getInits().getTypes()))
    if (arg.getType() != init)
      return emitOpError() << "body argument #" << i + 1 << " ("
                           << arg.getType()
                           << ") must have the type of carried value #" << i
                           << " (" << init << ")";
  for (auto [i, arg, seq] :
       llvm::enumerate(getSliceArguments(), getSequences().getTypes())) {
    auto slice = dropAxis(cast<RankedTensorType>(seq), getAxis());
    if (arg.getType() != slice)
      return emitOpError() << "body argument #" << i + 1 + numCarried << " ("
                           << arg.getType() << ") must be a step of sequence #"
                           << i << ": " << slice;
  }
  auto yield = dyn_cast<YieldOp>(body.getTerminator());
  if (!yield)
    return emitOpError() << "body must end with aig.yield";
  if (yield.getValues().size() != getNumResults())
    return yield.emitOpError()
           << "yields " << yield.getValues().size() << " values, but the scan "
           << "has " << getNumResults() << " results (" << numCarried
           << " carried, " << getNumResults() - numCarried << " stacked)";
  for (auto [i, value] : llvm::enumerate(yield.getValues())) {
    Type type = value.getType();
    if (i < numCarried) {
      if (type != getInits()[i].getType())
        return yield.emitOpError()
               << "value #" << i << " (" << type
               << ") must have the type of carried value #" << i << " ("
               << getInits()[i].getType() << ")";
      continue;
    }
    auto stacked = cast<RankedTensorType>(getResult(i).getType());
    auto slice = dropAxis(stacked, getAxis());
    if (type != slice)
      return yield.emitOpError()
             << "value #" << i << " (" << type << ") must be one step of "
             << "result #" << i << " (" << stacked << "): " << slice;
  }
  return success();
}

SmallVector<Value> ScanOp::getCapturedValues() {
  llvm::SetVector<Value> captured;
  getBody().walk([&](Operation *op) {
    for (Value v : op->getOperands())
      if (!getBody().isAncestor(v.getParentRegion()))
        captured.insert(v);
  });
  return captured.takeVector();
}

namespace {
/// Drops per-step outputs nobody uses (the gradient of a sequence that
/// needs none, say): their slices are then dead code in the body.
struct DropUnusedStackedOutputs : OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ScanOp op,
                                PatternRewriter &rewriter) const override {
    size_t numCarried = op.getInits().size();
    SmallVector<unsigned> kept;
    for (unsigned i = 0; i < op.getNumResults(); ++i)
      if (i < numCarried || !op.getResult(i).use_empty())
        kept.push_back(i);
    if (kept.size() == op.getNumResults())
      return failure();
    SmallVector<Type> types;
    for (unsigned i : kept)
      types.push_back(op.getResult(i).getType());
    auto scan = ScanOp::create(rewriter, op.getLoc(), types, op.getInits(),
                               op.getSequences(), op.getLengthAttr(),
                               op.getAxisAttr(), op.getReverseAttr());
    rewriter.inlineRegionBefore(op.getBody(), scan.getBody(),
                                scan.getBody().end());
    auto yield = cast<YieldOp>(scan.getBodyBlock().getTerminator());
    SmallVector<Value> values;
    for (unsigned i : kept)
      values.push_back(yield.getValues()[i]);
    rewriter.modifyOpInPlace(yield,
                             [&] { yield.getValuesMutable().assign(values); });
    SmallVector<Value> replacements(op.getNumResults());
    for (auto [k, i] : llvm::enumerate(kept))
      replacements[i] = scan.getResult(k);
    rewriter.replaceOp(op, replacements);
    return success();
  }
};

/// Drops a carried value that every step yields unchanged: it is its
/// initial value throughout (a gradient sum whose shares all moved out of
/// the loop).
struct DropPassThroughCarries : OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ScanOp op,
                                PatternRewriter &rewriter) const override {
    auto yield = cast<YieldOp>(op.getBodyBlock().getTerminator());
    size_t numCarried = op.getInits().size();
    SmallVector<unsigned> passThrough;
    for (unsigned k = 0; k < numCarried; ++k)
      if (yield.getValues()[k] == op.getCarryArguments()[k])
        passThrough.push_back(k);
    if (passThrough.empty())
      return failure();
    SmallVector<Value> inits, values;
    SmallVector<Type> types;
    for (unsigned k = 0; k < numCarried; ++k) {
      if (llvm::is_contained(passThrough, k))
        continue;
      inits.push_back(op.getInits()[k]);
      types.push_back(op.getResult(k).getType());
      values.push_back(yield.getValues()[k]);
    }
    for (unsigned i = numCarried; i < op.getNumResults(); ++i) {
      types.push_back(op.getResult(i).getType());
      values.push_back(yield.getValues()[i]);
    }
    auto scan = ScanOp::create(rewriter, op.getLoc(), types, inits,
                               op.getSequences(), op.getLengthAttr(),
                               op.getAxisAttr(), op.getReverseAttr());
    Block &block = op.getBodyBlock();
    // The dropped carries' arguments are their initial values.
    for (unsigned k : llvm::reverse(passThrough)) {
      BlockArgument arg = op.getCarryArguments()[k];
      rewriter.replaceAllUsesWith(arg, op.getInits()[k]);
    }
    rewriter.modifyOpInPlace(yield,
                             [&] { yield.getValuesMutable().assign(values); });
    rewriter.inlineRegionBefore(op.getBody(), scan.getBody(),
                                scan.getBody().end());
    rewriter.modifyOpInPlace(scan, [&] {
      for (unsigned k : llvm::reverse(passThrough))
        block.eraseArgument(1 + k);
    });
    SmallVector<Value> replacements;
    size_t next = 0;
    for (unsigned k = 0; k < numCarried; ++k)
      replacements.push_back(llvm::is_contained(passThrough, k)
                                 ? op.getInits()[k]
                                 : scan.getResult(next++));
    for (unsigned i = numCarried; i < op.getNumResults(); ++i)
      replacements.push_back(scan.getResult(next++));
    rewriter.replaceOp(op, replacements);
    return success();
  }
};

/// Moves out of the body the pure ops that read only values from outside
/// it (a weight's transpose in a backward body): computed once, not at
/// every step.
struct HoistInvariantOps : OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ScanOp op,
                                PatternRewriter &rewriter) const override {
    Region &body = op.getBody();
    SmallVector<Operation *> invariant;
    for (Operation &inner : op.getBodyBlock().without_terminator()) {
      if (inner.getNumRegions() != 0 || !isMemoryEffectFree(&inner))
        continue;
      bool fromOutside = llvm::all_of(inner.getOperands(), [&](Value v) {
        if (!body.isAncestor(v.getParentRegion()))
          return true;
        Operation *def = v.getDefiningOp();
        return def && llvm::is_contained(invariant, def);
      });
      if (fromOutside)
        invariant.push_back(&inner);
    }
    if (invariant.empty())
      return failure();
    for (Operation *inner : invariant)
      rewriter.modifyOpInPlace(inner, [&] { inner->moveBefore(op); });
    return success();
  }
};
} // namespace

void ScanOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                         MLIRContext *context) {
  results
      .add<DropUnusedStackedOutputs, DropPassThroughCarries, HoistInvariantOps>(
          context);
}
