//===- CollapseElementwiseLoops.cpp - long innermost loops ----------------===//
//
// LLVM vectorizes an innermost loop only when it is long enough (16
// iterations and more): the 28-wide rows of a LeNet feature map stayed
// scalar. Merging an elementwise op's trailing loops gives one loop over
// the whole contiguous run.
//
//===----------------------------------------------------------------------===//

#include "aicc/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace aicc {
#define GEN_PASS_DEF_COLLAPSEELEMENTWISELOOPS
#include "aicc/Transforms/Passes.h.inc"
} // namespace aicc

using namespace mlir;

namespace {

/// Position of loop `d` among `map`'s results, or -1.
int64_t positionOf(AffineMap map, unsigned d) {
  for (auto [i, e] : llvm::enumerate(map.getResults()))
    if (auto dim = dyn_cast<AffineDimExpr>(e); dim && dim.getPosition() == d)
      return static_cast<int64_t>(i);
  return -1;
}

/// The longest run of trailing loops [first, rank) of one kind that every
/// operand reads as consecutive dimensions in order (or not at all), as one
/// reassociation group; the other loops stay alone.
SmallVector<ReassociationIndices> trailingGroups(linalg::GenericOp op) {
  unsigned rank = op.getNumLoops();
  if (rank < 2)
    return {};
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  for (AffineMap map : maps)
    if (!map.isProjectedPermutation())
      return {};
  // Merged loops must be of one kind: all parallel, or all reductions (a
  // sum over H and W of an N x C x H x W tensor).
  SmallVector<utils::IteratorType> kinds = op.getIteratorTypesArray();
  unsigned first = rank - 1;
  while (first > 0) {
    unsigned d = first - 1;
    if (kinds[d] != kinds[rank - 1])
      break;
    bool ok = llvm::all_of(maps, [&](AffineMap map) {
      int64_t pd = positionOf(map, d), pn = positionOf(map, d + 1);
      return (pd < 0 && pn < 0) || (pd >= 0 && pn == pd + 1);
    });
    if (!ok)
      break;
    first = d;
  }
  if (first == rank - 1)
    return {};
  SmallVector<ReassociationIndices> groups;
  for (unsigned d = 0; d < first; ++d)
    groups.push_back({static_cast<int64_t>(d)});
  ReassociationIndices last;
  for (unsigned d = first; d < rank; ++d)
    last.push_back(d);
  groups.push_back(last);
  return groups;
}

/// Whether every memref operand can be collapsed along the loops `groups`
/// merges (its layout is contiguous there).
bool operandsCollapsible(linalg::GenericOp op,
                         ArrayRef<ReassociationIndices> groups) {
  const ReassociationIndices &merged = groups.back();
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<MemRefType>(operand.get().getType());
    if (!type)
      return false;
    AffineMap map = op.getMatchingIndexingMap(&operand);
    SmallVector<ReassociationIndices> operandGroups;
    int64_t begin = positionOf(map, merged.front());
    for (int64_t i = 0; i < type.getRank(); ++i) {
      if (begin >= 0 && i == begin) {
        ReassociationIndices g;
        for (size_t k = 0; k < merged.size(); ++k)
          g.push_back(begin + static_cast<int64_t>(k));
        operandGroups.push_back(g);
        i += static_cast<int64_t>(merged.size()) - 1;
      } else {
        operandGroups.push_back({i});
      }
    }
    if (!memref::CollapseShapeOp::isGuaranteedCollapsible(type, operandGroups))
      return false;
  }
  return true;
}

struct CollapseElementwiseLoopsPass
    : aicc::impl::CollapseElementwiseLoopsBase<CollapseElementwiseLoopsPass> {
  void runOnOperation() override {
    SmallVector<linalg::GenericOp> ops;
    getOperation().walk([&](linalg::GenericOp op) {
      if (op.hasPureBufferSemantics())
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::GenericOp op : ops) {
      SmallVector<ReassociationIndices> groups = trailingGroups(op);
      if (groups.empty() || !operandsCollapsible(op, groups))
        continue;
      rewriter.setInsertionPoint(op);
      auto collapsed = linalg::collapseOpIterationDims(
          cast<linalg::LinalgOp>(op.getOperation()), groups, rewriter);
      if (failed(collapsed))
        continue;
      rewriter.eraseOp(op);
    }
  }
};

} // namespace
