//===- ScanToSCF.cpp - aig.scan to scf.for --------------------------------===//
//
// One loop whatever the sequence length: the IR does not grow with it.
//
//===----------------------------------------------------------------------===//

#include "ScanToSCF.h"

#include "aicc/Dialect/Aig/AigOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace aicc::aig;

namespace {

/// Offsets, sizes and strides of step `t` of a `type` tensor along `axis`.
struct StepSlice {
  SmallVector<OpFoldResult> offsets, sizes, strides;
  StepSlice(OpBuilder &b, RankedTensorType type, int64_t axis, Value t) {
    for (int64_t d = 0; d < type.getRank(); ++d) {
      offsets.push_back(d == axis ? OpFoldResult(t) : b.getIndexAttr(0));
      sizes.push_back(b.getIndexAttr(d == axis ? 1 : type.getDimSize(d)));
      strides.push_back(b.getIndexAttr(1));
    }
  }
};

struct ScanPattern : OpConversionPattern<ScanOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ScanOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto axis = static_cast<int64_t>(op.getAxis());
    auto length = static_cast<int64_t>(op.getLength());
    size_t numCarried = op.getInits().size();

    SmallVector<Value> iterInits(adaptor.getInits());
    for (Type t : op.getStacked().getTypes()) {
      auto type = cast<RankedTensorType>(t);
      iterInits.push_back(tensor::EmptyOp::create(
          rewriter, loc, type.getShape(), type.getElementType()));
    }
    Value lower = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value upper = arith::ConstantIndexOp::create(rewriter, loc, length);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);

    SmallVector<Value> bodyArgs;
    Value t;
    auto loop = scf::ForOp::create(
        rewriter, loc, lower, upper, one, iterInits,
        [&](OpBuilder &b, Location nloc, Value iv, ValueRange iterArgs) {
          t = iv;
          if (op.getReverse()) {
            Value last = arith::ConstantIndexOp::create(b, nloc, length - 1);
            t = arith::SubIOp::create(b, nloc, last, iv);
          }
          Value t64 = arith::IndexCastOp::create(b, nloc, b.getI64Type(), t);
          bodyArgs.push_back(tensor::FromElementsOp::create(
              b, nloc, RankedTensorType::get({}, b.getI64Type()), t64));
          llvm::append_range(bodyArgs, iterArgs.take_front(numCarried));
          for (auto [seq, arg] :
               llvm::zip(adaptor.getSequences(), op.getSliceArguments())) {
            auto type = cast<RankedTensorType>(seq.getType());
            StepSlice s(b, type, axis, t);
            bodyArgs.push_back(tensor::ExtractSliceOp::create(
                b, nloc, cast<RankedTensorType>(arg.getType()), seq, s.offsets,
                s.sizes, s.strides));
          }
        });

    Block *loopBody = loop.getBody();
    auto yield = cast<YieldOp>(op.getBodyBlock().getTerminator());
    SmallVector<Value> yielded(yield.getValues());
    rewriter.inlineBlockBefore(&op.getBodyBlock(), loopBody, loopBody->end(),
                               bodyArgs);
    rewriter.setInsertionPoint(yield);
    SmallVector<Value> next(yielded.begin(), yielded.begin() + numCarried);
    for (auto [j, out] :
         llvm::enumerate(ArrayRef(yielded).drop_front(numCarried))) {
      Value into = loopBody->getArgument(1 + numCarried + j);
      StepSlice s(rewriter, cast<RankedTensorType>(into.getType()), axis, t);
      next.push_back(tensor::InsertSliceOp::create(
          rewriter, loc, out, into, s.offsets, s.sizes, s.strides));
    }
    scf::YieldOp::create(rewriter, loc, next);
    rewriter.eraseOp(yield);
    rewriter.replaceOp(op, loop.getResults());
    return success();
  }
};

} // namespace

void aicc::populateScanToSCFPatterns(RewritePatternSet &patterns) {
  patterns.add<ScanPattern>(patterns.getContext());
}
