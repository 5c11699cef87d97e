//===- RandomToLinalg.cpp - Philox in a linalg.generic --------------------===//
//
// Each element computes the Philox4x32-10 block that holds its words, in
// 32-bit integer arithmetic (arith.mului_extended gives the 64-bit products
// the rounds need), so the loop vectorizes and no host call happens per
// step. The block layout is runtime/include/aicc/runtime/Philox.h's:
// counter = {block low, block high, stream low, stream high}, key = {seed
// low, seed high}, with stream = (offset << 32) | the op's stream.
//
//===----------------------------------------------------------------------===//

#include "RandomToLinalg.h"

#include "aicc/Dialect/Aig/AigOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <array>

using namespace mlir;
using namespace aicc::aig;

namespace {

struct Philox {
  OpBuilder &b;
  Location loc;

  Value i32(uint32_t v) {
    return arith::ConstantOp::create(
        b, loc, b.getI32IntegerAttr(static_cast<int32_t>(v)));
  }
  Value i64(int64_t v) {
    return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
  }
  Value lo32(Value v64) {
    return arith::TruncIOp::create(b, loc, b.getI32Type(), v64);
  }
  Value hi32(Value v64) {
    return lo32(arith::ShRUIOp::create(b, loc, v64, i64(32)));
  }
  Value bitXor(Value x, Value y) { return arith::XOrIOp::create(b, loc, x, y); }

  /// The ten rounds of Philox4x32 (Random123's constants).
  std::array<Value, 4> block(std::array<Value, 4> c, std::array<Value, 2> k) {
    const uint32_t mul0 = 0xD2511F53, mul1 = 0xCD9E8D57;
    const uint32_t bump0 = 0x9E3779B9, bump1 = 0xBB67AE85;
    for (int round = 0; round < 10; ++round) {
      if (round > 0) {
        k[0] = arith::AddIOp::create(b, loc, k[0], i32(bump0));
        k[1] = arith::AddIOp::create(b, loc, k[1], i32(bump1));
      }
      auto p0 = arith::MulUIExtendedOp::create(b, loc, i32(mul0), c[0]);
      auto p1 = arith::MulUIExtendedOp::create(b, loc, i32(mul1), c[2]);
      c = {bitXor(bitXor(p1.getHigh(), c[1]), k[0]), p1.getLow(),
           bitXor(bitXor(p0.getHigh(), c[3]), k[1]), p0.getLow()};
    }
    return c;
  }

  /// words[index] for a dynamic index in [0, 4).
  Value pick(const std::array<Value, 4> &words, Value index) {
    Value r = words[0];
    for (int w = 1; w < 4; ++w) {
      Value is = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, index,
                                       i64(w));
      r = arith::SelectOp::create(b, loc, is, words[w], r);
    }
    return r;
  }

  /// (word >> 8) * 2^-24: uniform in [0, 1), exact in f32.
  Value uniform(Value word, FloatType type) {
    Value top = arith::ShRUIOp::create(b, loc, word, i32(8));
    Value f = arith::UIToFPOp::create(b, loc, type, top);
    Value scale = arith::ConstantOp::create(
        b, loc, b.getFloatAttr(type, 1.0 / 16777216.0));
    return arith::MulFOp::create(b, loc, f, scale);
  }
};

template <typename OpTy, bool IsNormal>
struct RandomPattern : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    auto element = cast<FloatType>(type.getElementType());
    int64_t rank = type.getRank();
    // The key's two words, read once outside the loop nest.
    Value key = adaptor.getKey();
    auto at = [&](int64_t i) {
      Value idx = arith::ConstantIndexOp::create(rewriter, loc, i);
      return tensor::ExtractOp::create(rewriter, loc, key, ValueRange{idx})
          .getResult();
    };
    Value seed = at(0), offset = at(1);
    uint32_t stream = static_cast<uint32_t>(op.getStream());
    SmallVector<int64_t> strides(rank, 1);
    for (int64_t d = rank - 2; d >= 0; --d)
      strides[d] = strides[d + 1] * type.getDimSize(d + 1);

    Value init =
        tensor::EmptyOp::create(rewriter, loc, type.getShape(), element);
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{}, ValueRange{init}, maps,
        iterators, [&](OpBuilder &b, Location l, ValueRange) {
          Philox p{b, l};
          // Row-major element number.
          Value e = p.i64(0);
          for (int64_t d = 0; d < rank; ++d) {
            Value i = arith::IndexCastOp::create(
                b, l, b.getI64Type(), linalg::IndexOp::create(b, l, d));
            e = arith::AddIOp::create(
                b, l, e, arith::MulIOp::create(b, l, i, p.i64(strides[d])));
          }
          Value blockIndex = arith::ShRUIOp::create(b, l, e, p.i64(2));
          Value word = arith::AndIOp::create(b, l, e, p.i64(3));
          std::array<Value, 4> words =
              p.block({p.lo32(blockIndex), p.hi32(blockIndex), p.i32(stream),
                       p.lo32(offset)},
                      {p.lo32(seed), p.hi32(seed)});
          Value result;
          if constexpr (!IsNormal) {
            result = p.uniform(p.pick(words, word), element);
          } else {
            // Box-Muller on the pair (2m, 2m + 1) this element belongs to.
            Value first = arith::AndIOp::create(b, l, word, p.i64(2));
            Value second = arith::AddIOp::create(b, l, first, p.i64(1));
            Value u1 = p.uniform(p.pick(words, first), element);
            Value u2 = p.uniform(p.pick(words, second), element);
            auto c = [&](double v) {
              return arith::ConstantOp::create(b, l, b.getFloatAttr(element, v))
                  .getResult();
            };
            Value radius = math::SqrtOp::create(
                b, l,
                arith::MulFOp::create(
                    b, l, c(-2.0),
                    math::LogOp::create(
                        b, l, arith::SubFOp::create(b, l, c(1.0), u1))));
            Value angle =
                arith::MulFOp::create(b, l, c(6.28318530717958647692), u2);
            Value odd = arith::CmpIOp::create(
                b, l, arith::CmpIPredicate::ne,
                arith::AndIOp::create(b, l, word, p.i64(1)), p.i64(0));
            Value trig = arith::SelectOp::create(
                b, l, odd, math::SinOp::create(b, l, angle),
                math::CosOp::create(b, l, angle));
            result = arith::MulFOp::create(b, l, radius, trig);
          }
          linalg::YieldOp::create(b, l, result);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void aicc::populateRandomToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<RandomPattern<RandomUniformOp, false>,
               RandomPattern<RandomNormalOp, true>>(patterns.getContext());
}
