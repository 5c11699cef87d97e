//===- DistinctResults.cpp - one buffer per returned tensor ---------------===//

#include "aicc/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace aicc {
#define GEN_PASS_DEF_DISTINCTRESULTS
#include "aicc/Transforms/Passes.h.inc"
} // namespace aicc

using namespace mlir;

namespace {
struct DistinctResultsPass
    : aicc::impl::DistinctResultsBase<DistinctResultsPass> {
  void runOnOperation() override {
    for (auto fn : getOperation().getOps<func::FuncOp>()) {
      if (fn.isExternal())
        continue;
      auto ret = cast<func::ReturnOp>(fn.getBody().front().getTerminator());
      OpBuilder b(ret);
      llvm::SmallPtrSet<Value, 8> seen;
      for (unsigned r = 0; r < ret.getNumOperands(); ++r) {
        Value v = ret.getOperand(r);
        auto type = dyn_cast<RankedTensorType>(v.getType());
        if (!type || seen.insert(v).second)
          continue;
        ret.setOperand(r, bufferization::AllocTensorOp::create(
                              b, ret.getLoc(), type, ValueRange{}, v)
                              .getResult());
      }
    }
  }
};
} // namespace
