//===- ExportEntryPoints.cpp - C interface for public functions -----------===//

#include "aicc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"

namespace aicc {
#define GEN_PASS_DEF_EXPORTENTRYPOINTS
#include "aicc/Transforms/Passes.h.inc"
} // namespace aicc

using namespace mlir;

namespace {
struct ExportEntryPointsPass
    : aicc::impl::ExportEntryPointsBase<ExportEntryPointsPass> {
  void runOnOperation() override {
    getOperation().walk([](func::FuncOp fn) {
      if (fn.isPublic() && !fn.isExternal())
        fn->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                    UnitAttr::get(fn.getContext()));
    });
  }
};
} // namespace
