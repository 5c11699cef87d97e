//===- DropUpdatedResults.cpp - results written into arguments ------------===//

#include "aicc/Transforms/Passes.h"
#include "aicc/Dialect/Aig/AigDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace aicc {
#define GEN_PASS_DEF_DROPUPDATEDRESULTS
#include "aicc/Transforms/Passes.h.inc"
} // namespace aicc

using namespace mlir;

namespace {
/// Looks through casts to the underlying buffer.
Value stripCasts(Value v) {
  while (auto cast = v.getDefiningOp<memref::CastOp>())
    v = cast.getSource();
  return v;
}

struct DropUpdatedResultsPass
    : aicc::impl::DropUpdatedResultsBase<DropUpdatedResultsPass> {
  void runOnOperation() override {
    for (auto fn : getOperation().getOps<func::FuncOp>()) {
      if (fn.isExternal())
        continue;
      auto ret = cast<func::ReturnOp>(fn.getBody().front().getTerminator());
      llvm::BitVector drop(fn.getNumResults());
      OpBuilder b(ret);
      for (unsigned r = 0; r < fn.getNumResults(); ++r) {
        auto index = fn.getResultAttrOfType<IntegerAttr>(r, aicc::aig::AigDialect::kUpdateOf);
        if (!index)
          continue;
        Value arg = fn.getArgument(index.getInt());
        Value returned = ret.getOperand(r);
        // Bufferization could not compute in place: copy (not expected for
        // aicc's own train steps; a lit test checks there is none).
        if (stripCasts(returned) != arg)
          memref::CopyOp::create(b, ret.getLoc(), returned, arg);
        drop.set(r);
      }
      if (drop.none())
        continue;
      ret->eraseOperands(drop);
      if (failed(fn.eraseResults(drop)))
        return signalPassFailure();
    }
  }
};
} // namespace
