//===- GatherToLinalg.cpp - aig.gather to linalg --------------------------===//

#include "GatherToLinalg.h"

#include "aicc/Dialect/Aig/AigOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace aicc::aig;

namespace {

/// The runtime function compiled code calls on an index out of range
/// (runtime/include/aicc/runtime/KernelError.h), declared once per module.
constexpr StringLiteral kIndexError = "aicc_rt_index_error";

func::FuncOp indexErrorFunction(ModuleOp module, OpBuilder &b) {
  if (auto fn = module.lookupSymbol<func::FuncOp>(kIndexError))
    return fn;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  auto type = b.getFunctionType({b.getI64Type(), b.getI64Type()}, {});
  auto fn = func::FuncOp::create(b, module.getLoc(), kIndexError, type);
  fn.setPrivate();
  return fn;
}

struct GatherPattern : OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto module = op->getParentOfType<ModuleOp>();
    if (!module)
      return rewriter.notifyMatchFailure(op, "not inside a module");
    func::FuncOp report = indexErrorFunction(module, rewriter);

    auto type = cast<RankedTensorType>(op.getType());
    auto table = cast<RankedTensorType>(op.getTable().getType());
    auto indices = cast<RankedTensorType>(op.getIndices().getType());
    auto axis = static_cast<int64_t>(op.getAxis());
    int64_t rank = type.getRank(), indexRank = indices.getRank();
    int64_t rows = table.getDimSize(axis);

    SmallVector<AffineExpr> indexExprs;
    for (int64_t d = axis; d < axis + indexRank; ++d)
      indexExprs.push_back(getAffineDimExpr(d, ctx));
    SmallVector<AffineMap> maps = {AffineMap::get(rank, 0, indexExprs, ctx),
                                   rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                         type.getElementType());
    Value source = adaptor.getTable();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{adaptor.getIndices()},
        ValueRange{init}, maps, iterators,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          Type i64 = b.getI64Type();
          Value index = args[0];
          unsigned width = index.getType().getIntOrFloatBitWidth();
          if (width < 64)
            index = arith::ExtSIOp::create(b, nloc, i64, index);
          else if (width > 64)
            index = arith::TruncIOp::create(b, nloc, i64, index);
          Value zero = arith::ConstantIntOp::create(b, nloc, i64, 0);
          Value size = arith::ConstantIntOp::create(b, nloc, i64, rows);
          Value nonNegative = arith::CmpIOp::create(
              b, nloc, arith::CmpIPredicate::sge, index, zero);
          Value below = arith::CmpIOp::create(
              b, nloc, arith::CmpIPredicate::slt, index, size);
          Value inRange = arith::AndIOp::create(b, nloc, nonNegative, below);
          Value outOfRange = arith::XOrIOp::create(
              b, nloc, inRange,
              arith::ConstantIntOp::create(b, nloc, b.getI1Type(), 1));
          scf::IfOp::create(
              b, nloc, outOfRange, [&](OpBuilder &t, Location tloc) {
                func::CallOp::create(t, tloc, report, ValueRange{index, size});
                scf::YieldOp::create(t, tloc);
              });
          Value safe = arith::SelectOp::create(b, nloc, inRange, index, zero);
          SmallVector<Value> coords;
          for (int64_t d = 0; d < axis; ++d)
            coords.push_back(linalg::IndexOp::create(b, nloc, d));
          coords.push_back(
              arith::IndexCastOp::create(b, nloc, b.getIndexType(), safe));
          for (int64_t d = axis + 1; d < table.getRank(); ++d)
            coords.push_back(
                linalg::IndexOp::create(b, nloc, d - 1 + indexRank));
          Value v = tensor::ExtractOp::create(b, nloc, source, coords);
          linalg::YieldOp::create(b, nloc, v);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// result = zeros; for k in [0, K): if 0 <= indices[k] < rows:
/// result[indices[k], :] += updates[k, :]. A loop over the updates (the
/// additions into one row depend on each other when indices repeat), each
/// row added in place by an elementwise linalg.generic.
struct ScatterAddPattern : OpConversionPattern<ScatterAddOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ScatterAddOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    auto updates = cast<RankedTensorType>(op.getUpdates().getType());
    int64_t count = updates.getDimSize(0), width = type.getDimSize(1);
    int64_t rows = type.getDimSize(0);
    Type element = type.getElementType();
    Value zero = arith::ConstantOp::create(rewriter, loc,
                                           rewriter.getFloatAttr(element, 0));
    Value init =
        linalg::FillOp::create(rewriter, loc, ValueRange{zero},
                               ValueRange{tensor::EmptyOp::create(
                                   rewriter, loc, type.getShape(), element)})
            .getResult(0);
    auto rowType = RankedTensorType::get({width}, element);
    auto rowSlice = [&](OpBuilder &b, Value index) {
      return std::make_tuple(
          SmallVector<OpFoldResult>{index, b.getIndexAttr(0)},
          SmallVector<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(width)},
          SmallVector<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)});
    };
    Value lower = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value upper = arith::ConstantIndexOp::create(rewriter, loc, count);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    auto loop = scf::ForOp::create(
        rewriter, loc, lower, upper, one, ValueRange{init},
        [&](OpBuilder &b, Location l, Value k, ValueRange acc) {
          Type i64 = b.getI64Type();
          Value index =
              tensor::ExtractOp::create(b, l, adaptor.getIndices(), k);
          unsigned bits = index.getType().getIntOrFloatBitWidth();
          if (bits < 64)
            index = arith::ExtSIOp::create(b, l, i64, index);
          else if (bits > 64)
            index = arith::TruncIOp::create(b, l, i64, index);
          Value inRange = arith::AndIOp::create(
              b, l,
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, index,
                                    arith::ConstantIntOp::create(b, l, i64, 0)),
              arith::CmpIOp::create(
                  b, l, arith::CmpIPredicate::slt, index,
                  arith::ConstantIntOp::create(b, l, i64, rows)));
          auto added = scf::IfOp::create(
              b, l, inRange,
              [&](OpBuilder &t, Location tl) {
                Value row =
                    arith::IndexCastOp::create(t, tl, t.getIndexType(), index);
                auto [uo, us, ust] = rowSlice(t, k);
                Value update = tensor::ExtractSliceOp::create(
                    t, tl, rowType, adaptor.getUpdates(), uo, us, ust);
                auto [ro, rs, rst] = rowSlice(t, row);
                Value current = tensor::ExtractSliceOp::create(
                    t, tl, rowType, acc[0], ro, rs, rst);
                AffineMap id = t.getMultiDimIdentityMap(1);
                Value sum =
                    linalg::GenericOp::create(
                        t, tl, TypeRange{rowType}, ValueRange{update},
                        ValueRange{current}, ArrayRef<AffineMap>{id, id},
                        ArrayRef<utils::IteratorType>{
                            utils::IteratorType::parallel},
                        [](OpBuilder &nb, Location nl, ValueRange args) {
                          linalg::YieldOp::create(
                              nb, nl,
                              ValueRange{arith::AddFOp::create(nb, nl, args[1],
                                                               args[0])});
                        })
                        .getResult(0);
                Value next = tensor::InsertSliceOp::create(t, tl, sum, acc[0],
                                                           ro, rs, rst);
                scf::YieldOp::create(t, tl, next);
              },
              [&](OpBuilder &t, Location tl) {
                scf::YieldOp::create(t, tl, acc[0]);
              });
          scf::YieldOp::create(b, l, added.getResults());
        });
    rewriter.replaceOp(op, loop.getResults());
    return success();
  }
};

} // namespace

void aicc::populateGatherToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<GatherPattern, ScatterAddPattern>(patterns.getContext());
}
