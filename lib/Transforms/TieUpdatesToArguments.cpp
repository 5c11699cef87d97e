//===- TieUpdatesToArguments.cpp - in-place updates of arguments ----------===//

#include "aicc/Transforms/Passes.h"
#include "aicc/Dialect/Aig/AigDialect.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace aicc {
#define GEN_PASS_DEF_TIEUPDATESTOARGUMENTS
#include "aicc/Transforms/Passes.h.inc"
} // namespace aicc

using namespace mlir;

namespace {
struct TieUpdatesPass : aicc::impl::TieUpdatesToArgumentsBase<TieUpdatesPass> {
  void runOnOperation() override {
    Builder attrs(&getContext());
    for (auto fn : getOperation().getOps<func::FuncOp>()) {
      if (fn.isExternal())
        continue;
      llvm::SmallDenseSet<unsigned> tied;
      auto ret = cast<func::ReturnOp>(fn.getBody().front().getTerminator());
      OpBuilder b(ret);
      for (unsigned r = 0; r < fn.getNumResults(); ++r) {
        auto index = fn.getResultAttrOfType<IntegerAttr>(r, aicc::aig::AigDialect::kUpdateOf);
        if (!index)
          continue;
        unsigned arg = index.getInt();
        if (arg >= fn.getNumArguments() ||
            fn.getArgument(arg).getType() != ret.getOperand(r).getType()) {
          fn.emitError() << "result #" << r
                         << " is marked aig.update_of = " << arg
                         << ", but that argument does not exist or "
                         << "has another type";
          return signalPassFailure();
        }
        Value written =
            bufferization::MaterializeInDestinationOp::create(
                b, ret.getLoc(), ret.getOperand(r), fn.getArgument(arg))
                .getResult();
        ret.setOperand(r, written);
        tied.insert(arg);
      }
      // Inputs that are not updated are never written by compiled code.
      for (unsigned i = 0; i < fn.getNumArguments(); ++i)
        if (isa<TensorType>(fn.getArgument(i).getType()))
          fn.setArgAttr(i, "bufferization.writable",
                        attrs.getBoolAttr(tied.contains(i)));
    }
  }
};
} // namespace
