//===- ConvPoolToLinalg.cpp - lower convolutions and pooling --------------===//
//
// Convolutions run image by image (an scf.for over the batch): each image's
// patches are copied into a small im2col matrix that stays in cache, and one
// linalg.matmul per group multiplies it with the filter, so the work lands
// on the register-blocked matmul kernel and the result is written in NCHW
// directly (no transpose of the output).
//
//   forward      out[n] (O x P)   = W (O x K) @ col(x[n]) (K x P)
//   filter grad  dW     (O x K)  += dy[n] (O x P) @ colT(x[n]) (P x K)
//   input grad   dcol   (K x P)   = W^T (K x O) @ dy[n] (O x P), then
//                dx[n] += each kernel offset's K-slice of dcol, added into
//                the strided window view of the padded image (col2im)
//
// with K = C/G*KH*KW and P = OH*OW. Pools are one linalg.generic over
// (n, c, oh, kh, kw, ow): the window loops sit outside the innermost output
// column loop, so that loop vectorizes. Their gradients add each kernel
// offset's share into a strided view of the padded input, one offset at a
// time, which handles overlapping windows and padding alike. Windows that
// tile the input in rows short enough for a vector (LeNet's 2x2 pools) take
// a faster path, max and avg alike, forward and gradient: a vector per
// output row, computed in registers from the KH input rows (vectorTiles).
//
//===----------------------------------------------------------------------===//

#include "ConvPoolToLinalg.h"

#include "aicc/Dialect/Aig/AigOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/DialectConversion.h"

#include <limits>

using namespace mlir;
using namespace aicc::aig;

namespace {

/// Geometry shared by conv and pool lowerings.
struct Window {
  int64_t kh, kw, sh, sw, dh, dw;
  int64_t top, left, bottom, right;
  int64_t oh, ow;
};

Window makeWindow(ArrayRef<int64_t> kernel, ArrayRef<int64_t> stride,
                  ArrayRef<int64_t> padding, ArrayRef<int64_t> dilation,
                  ArrayRef<int64_t> output) {
  return Window{kernel[0],   kernel[1],   stride[0],  stride[1],
                dilation[0], dilation[1], padding[0], padding[1],
                padding[2],  padding[3],  output[2],  output[3]};
}

/// Small builder so the lowerings read like the formulas above.
struct Builder {
  OpBuilder &b;
  Location loc;

  Type f(Value v) { return getElementTypeOrSelf(v.getType()); }
  RankedTensorType type(Value v) { return cast<RankedTensorType>(v.getType()); }
  Value index(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value constant(Type t, double v) {
    if (isa<FloatType>(t))
      return arith::ConstantOp::create(b, loc, b.getFloatAttr(t, v));
    return arith::ConstantOp::create(
        b, loc, b.getIntegerAttr(t, static_cast<int64_t>(v)));
  }
  Value empty(ArrayRef<int64_t> shape, Type element) {
    return tensor::EmptyOp::create(b, loc, shape, element);
  }
  Value fill(Value dest, double v) {
    return linalg::FillOp::create(b, loc, ValueRange{constant(f(dest), v)},
                                  ValueRange{dest})
        .getResult(0);
  }
  Value filled(ArrayRef<int64_t> shape, Type element, double v) {
    return fill(empty(shape, element), v);
  }

  /// Pads dims 2 and 3 of an NCHW tensor with `value`.
  Value padImage(Value x, const Window &w, double value) {
    if (w.top == 0 && w.left == 0 && w.bottom == 0 && w.right == 0)
      return x;
    auto t = type(x);
    SmallVector<int64_t> shape(t.getShape());
    shape[2] += w.top + w.bottom;
    shape[3] += w.left + w.right;
    SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(0),
                                     b.getIndexAttr(w.top),
                                     b.getIndexAttr(w.left)};
    SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(0),
                                      b.getIndexAttr(w.bottom),
                                      b.getIndexAttr(w.right)};
    return tensor::PadOp::create(
        b, loc, RankedTensorType::get(shape, t.getElementType()), x, low, high,
        constant(t.getElementType(), value));
  }

  /// The slice of `source` at `offsets` with `sizes` (and `strides`), with
  /// the leading `drop` unit dimensions dropped from the result type.
  Value extract(Value source, ArrayRef<OpFoldResult> offsets,
                ArrayRef<int64_t> sizes, ArrayRef<int64_t> strides = {},
                unsigned drop = 0) {
    SmallVector<OpFoldResult> sz, st;
    for (size_t i = 0; i < sizes.size(); ++i) {
      sz.push_back(b.getIndexAttr(sizes[i]));
      st.push_back(b.getIndexAttr(strides.empty() ? 1 : strides[i]));
    }
    auto resultType = RankedTensorType::get(sizes.drop_front(drop), f(source));
    return tensor::ExtractSliceOp::create(b, loc, resultType, source, offsets,
                                          sz, st);
  }
  Value insert(Value slice, Value dest, ArrayRef<OpFoldResult> offsets,
               ArrayRef<int64_t> sizes, ArrayRef<int64_t> strides = {}) {
    SmallVector<OpFoldResult> sz, st;
    for (size_t i = 0; i < sizes.size(); ++i) {
      sz.push_back(b.getIndexAttr(sizes[i]));
      st.push_back(b.getIndexAttr(strides.empty() ? 1 : strides[i]));
    }
    return tensor::InsertSliceOp::create(b, loc, slice, dest, offsets, sz, st);
  }
  SmallVector<OpFoldResult> offsets(ArrayRef<int64_t> values) {
    SmallVector<OpFoldResult> r;
    for (int64_t v : values)
      r.push_back(b.getIndexAttr(v));
    return r;
  }

  Value collapse(Value x, ArrayRef<int64_t> shape,
                 ArrayRef<ReassociationIndices> groups) {
    return tensor::CollapseShapeOp::create(
        b, loc, RankedTensorType::get(shape, f(x)), x, groups);
  }
  Value expand(Value x, ArrayRef<int64_t> shape,
               ArrayRef<ReassociationIndices> groups) {
    return tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get(shape, f(x)), x, groups);
  }

  Value matmul(Value a, Value bm, Value c) {
    return linalg::MatmulOp::create(b, loc, TypeRange{c.getType()},
                                    ValueRange{a, bm}, ValueRange{c})
        .getResult(0);
  }

  /// One linalg.generic; `body` gets the block arguments (inputs, then
  /// outputs) and returns the values to yield.
  ValueRange
  generic(ValueRange inputs, ValueRange outputs, ArrayRef<AffineMap> maps,
          ArrayRef<utils::IteratorType> iterators,
          function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)>
              body) {
    return linalg::GenericOp::create(
               b, loc, ValueRange(outputs).getTypes(), inputs, outputs, maps,
               iterators,
               [&](OpBuilder &nb, Location nloc, ValueRange args) {
                 linalg::YieldOp::create(nb, nloc, body(nb, nloc, args));
               })
        .getResults();
  }

  /// im2col of one image `x` (C x Hp x Wp, padded): C x KH x KW x OH x OW,
  /// or with `transposed` OH x OW x C x KH x KW. Either way the loops run in
  /// the result's order, so the writes are contiguous.
  Value im2col(Value x, const Window &w, bool transposed) {
    MLIRContext *ctx = b.getContext();
    int64_t c = type(x).getDimSize(0);
    AffineExpr ch, i, j, y, xx;
    if (transposed)
      bindDims(ctx, y, xx, ch, i, j);
    else
      bindDims(ctx, ch, i, j, y, xx);
    AffineMap in = AffineMap::get(
        5, 0, {ch, y * w.sh + i * w.dh, xx * w.sw + j * w.dw}, ctx);
    AffineMap out = AffineMap::getMultiDimIdentityMap(5, ctx);
    SmallVector<int64_t> shape =
        transposed ? SmallVector<int64_t>{w.oh, w.ow, c, w.kh, w.kw}
                   : SmallVector<int64_t>{c, w.kh, w.kw, w.oh, w.ow};
    SmallVector<utils::IteratorType> par(5, utils::IteratorType::parallel);
    return generic(x, empty(shape, f(x)), {in, out}, par,
                   [](OpBuilder &, Location, ValueRange args) {
                     return SmallVector<Value>{args[0]};
                   })[0];
  }

  /// Element `iv` of `t`'s leading dimension (dropped from the type).
  Value at(Value t, Value iv) {
    SmallVector<OpFoldResult> offsets = {iv};
    SmallVector<int64_t> sizes = {1};
    for (int64_t d : type(t).getShape().drop_front()) {
      offsets.push_back(b.getIndexAttr(0));
      sizes.push_back(d);
    }
    return extract(t, offsets, sizes, {}, 1);
  }

  /// The im2col matrix of group `g` (of `cg` channels) of one padded image
  /// (C x Hp x Wp): K x P, or P x K with `transposed`.
  Value groupColumns(Value image, int64_t g, int64_t cg, const Window &w,
                     bool transposed) {
    auto t = type(image);
    Value xg = t.getDimSize(0) == cg
                   ? image
                   : extract(image, offsets({g * cg, 0, 0}),
                             {cg, t.getDimSize(1), t.getDimSize(2)});
    int64_t k = cg * w.kh * w.kw, p = w.oh * w.ow;
    if (transposed)
      return collapse(im2col(xg, w, true), {p, k}, {{0, 1}, {2, 3, 4}});
    return collapse(im2col(xg, w, false), {k, p}, {{0, 1, 2}, {3, 4}});
  }

  /// `dest += src` elementwise (same shapes), in place on `dest`.
  Value accumulate(Value dest, Value src) {
    int64_t rank = type(dest).getRank();
    AffineMap id = b.getMultiDimIdentityMap(rank);
    SmallVector<utils::IteratorType> par(rank, utils::IteratorType::parallel);
    return generic(src, dest, {id, id}, par,
                   [](OpBuilder &nb, Location l, ValueRange args) {
                     return SmallVector<Value>{
                         arith::AddFOp::create(nb, l, args[1], args[0])};
                   })[0];
  }

  /// scf.for over [0, n) carrying `init`; `body(iv, carried)` returns the
  /// next value.
  Value forEach(int64_t n, Value init, function_ref<Value(Value, Value)> body) {
    auto loop = scf::ForOp::create(
        b, loc, index(0), index(n), index(1), ValueRange{init},
        [&](OpBuilder &nb, Location nloc, Value iv, ValueRange carried) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
          Value next = body(iv, carried[0]);
          scf::YieldOp::create(b, nloc, next);
        });
    return loop.getResult(0);
  }
};

//===----------------------------------------------------------------------===//
// Convolution
//===----------------------------------------------------------------------===//

struct Conv2DPattern : OpConversionPattern<Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Builder e{rewriter, op.getLoc()};
    Value x = adaptor.getInput(), filter = adaptor.getFilter(),
          bias = adaptor.getBias();
    auto xType = e.type(x), wType = e.type(filter);
    auto resultType = cast<RankedTensorType>(op.getType());
    Window w =
        makeWindow(wType.getShape().drop_front(2), op.getStride(),
                   op.getPadding(), op.getDilation(), resultType.getShape());
    Type element = resultType.getElementType();
    int64_t n = xType.getDimSize(0), c = xType.getDimSize(1);
    int64_t o = wType.getDimSize(0), groups = op.getGroups();
    int64_t cg = c / groups, og = o / groups;
    int64_t k = cg * w.kh * w.kw, p = w.oh * w.ow;

    Value xp = e.padImage(x, w, 0.0);
    Value w2 = e.collapse(filter, {o, k}, {{0}, {1, 2, 3}});
    MLIRContext *ctx = rewriter.getContext();

    Value out =
        e.forEach(n, e.empty({n, o, p}, element), [&](Value iv, Value acc) {
          Value image = e.at(xp, iv);
          for (int64_t g = 0; g < groups; ++g) {
            Value col = e.groupColumns(image, g, cg, w, /*transposed=*/false);
            Value wg = groups == 1
                           ? w2
                           : e.extract(w2, e.offsets({g * og, 0}), {og, k});
            SmallVector<OpFoldResult> at = {iv, rewriter.getIndexAttr(g * og),
                                            rewriter.getIndexAttr(0)};
            Value dst = e.extract(acc, at, {1, og, p}, {}, 1);
            Value init;
            if (bias) {
              // Start the accumulators at the bias (no separate pass to add
              // it).
              Value bg = groups == 1
                             ? bias
                             : e.extract(bias, e.offsets({g * og}), {og});
              AffineExpr r, col2;
              bindDims(ctx, r, col2);
              init = e.generic(bg, dst,
                               {AffineMap::get(2, 0, {r}, ctx),
                                AffineMap::getMultiDimIdentityMap(2, ctx)},
                               {utils::IteratorType::parallel,
                                utils::IteratorType::parallel},
                               [](OpBuilder &, Location, ValueRange args) {
                                 return SmallVector<Value>{args[0]};
                               })[0];
            } else {
              init = e.fill(dst, 0.0);
            }
            Value y = e.matmul(wg, col, init);
            acc = e.insert(y, acc, at, {1, og, p});
          }
          return acc;
        });
    rewriter.replaceOp(
        op, e.expand(out, resultType.getShape(), {{0}, {1}, {2, 3}}));
    return success();
  }
};

struct Conv2DFilterGradPattern : OpConversionPattern<Conv2DFilterGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2DFilterGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Builder e{rewriter, op.getLoc()};
    Value x = adaptor.getInput(), dy = adaptor.getResultGrad();
    auto xType = e.type(x), dyType = e.type(dy);
    ArrayRef<int64_t> filterShape = op.getFilterShape();
    Window w = makeWindow(filterShape.drop_front(2), op.getStride(),
                          op.getPadding(), op.getDilation(), dyType.getShape());
    Type element = xType.getElementType();
    int64_t n = xType.getDimSize(0), c = xType.getDimSize(1);
    int64_t o = filterShape[0], groups = op.getGroups();
    int64_t cg = c / groups, og = o / groups;
    int64_t k = cg * w.kh * w.kw, p = w.oh * w.ow;

    Value xp = e.padImage(x, w, 0.0);
    Value dy3 = e.collapse(dy, {n, o, p}, {{0}, {1}, {2, 3}});

    Value dw =
        e.forEach(n, e.filled({o, k}, element, 0.0), [&](Value iv, Value acc) {
          Value image = e.at(xp, iv);
          for (int64_t g = 0; g < groups; ++g) {
            Value colT = e.groupColumns(image, g, cg, w, /*transposed=*/true);
            Value dyg = e.extract(
                dy3,
                {iv, rewriter.getIndexAttr(g * og), rewriter.getIndexAttr(0)},
                {1, og, p}, {}, 1);
            Value dst = e.extract(acc, e.offsets({g * og, 0}), {og, k});
            Value r = e.matmul(dyg, colT, dst);
            acc = e.insert(r, acc, e.offsets({g * og, 0}), {og, k});
          }
          return acc;
        });
    rewriter.replaceOp(op, e.expand(dw, filterShape, {{0}, {1, 2, 3}}));
    return success();
  }
};

/// Adds the (kh, kw) share of `dcol` (C x KH x KW x OH x OW) into the
/// strided window view of `image` (C x Hp x Wp) for every kernel offset.
Value col2imAdd(Builder &e, Value image, Value dcol, const Window &w) {
  auto colType = e.type(dcol);
  int64_t c = colType.getDimSize(0);
  for (int64_t i = 0; i < w.kh; ++i)
    for (int64_t j = 0; j < w.kw; ++j) {
      Value part =
          e.extract(dcol, e.offsets({0, i, j, 0, 0}), {c, 1, 1, w.oh, w.ow});
      part = e.collapse(part, {c, w.oh, w.ow}, {{0, 1, 2}, {3}, {4}});
      SmallVector<OpFoldResult> at = e.offsets({0, i * w.dh, j * w.dw});
      SmallVector<int64_t> sizes = {c, w.oh, w.ow}, strides = {1, w.sh, w.sw};
      Value view = e.extract(image, at, sizes, strides);
      image = e.insert(e.accumulate(view, part), image, at, sizes, strides);
    }
  return image;
}

struct Conv2DInputGradPattern : OpConversionPattern<Conv2DInputGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2DInputGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Builder e{rewriter, op.getLoc()};
    Value dy = adaptor.getResultGrad(), filter = adaptor.getFilter();
    auto dyType = e.type(dy), wType = e.type(filter);
    ArrayRef<int64_t> inputShape = op.getInputShape();
    Window w = makeWindow(wType.getShape().drop_front(2), op.getStride(),
                          op.getPadding(), op.getDilation(), dyType.getShape());
    Type element = dyType.getElementType();
    int64_t n = inputShape[0], c = inputShape[1];
    int64_t o = wType.getDimSize(0), groups = op.getGroups();
    int64_t cg = c / groups, og = o / groups;
    int64_t k = cg * w.kh * w.kw, p = w.oh * w.ow;
    int64_t hp = inputShape[2] + w.top + w.bottom;
    int64_t wp = inputShape[3] + w.left + w.right;

    Value dy3 = e.collapse(dy, {n, o, p}, {{0}, {1}, {2, 3}});
    Value w2 = e.collapse(filter, {o, k}, {{0}, {1, 2, 3}});
    Value wT = linalg::TransposeOp::create(rewriter, op.getLoc(), w2,
                                           e.empty({k, o}, element),
                                           ArrayRef<int64_t>{1, 0})
                   .getResult()[0];

    Value dxp = e.forEach(
        n, e.filled({n, c, hp, wp}, element, 0.0), [&](Value iv, Value acc) {
          SmallVector<OpFoldResult> at = {iv, rewriter.getIndexAttr(0),
                                          rewriter.getIndexAttr(0),
                                          rewriter.getIndexAttr(0)};
          Value image = e.extract(acc, at, {1, c, hp, wp}, {}, 1);
          Value dyn = e.extract(
              dy3, {iv, rewriter.getIndexAttr(0), rewriter.getIndexAttr(0)},
              {1, o, p}, {}, 1);
          for (int64_t g = 0; g < groups; ++g) {
            Value dyg = groups == 1
                            ? dyn
                            : e.extract(dyn, e.offsets({g * og, 0}), {og, p});
            Value wTg = groups == 1
                            ? wT
                            : e.extract(wT, e.offsets({0, g * og}), {k, og});
            Value dcol = e.matmul(wTg, dyg, e.filled({k, p}, element, 0.0));
            dcol = e.expand(dcol, {cg, w.kh, w.kw, w.oh, w.ow},
                            {{0, 1, 2}, {3, 4}});
            if (groups == 1) {
              image = col2imAdd(e, image, dcol, w);
              continue;
            }
            SmallVector<OpFoldResult> gAt = e.offsets({g * cg, 0, 0});
            Value part = e.extract(image, gAt, {cg, hp, wp});
            part = col2imAdd(e, part, dcol, w);
            image = e.insert(part, image, gAt, {cg, hp, wp});
          }
          return e.insert(image, acc, at, {1, c, hp, wp});
        });
    Value dx = dxp;
    if (hp != inputShape[2] || wp != inputShape[3])
      dx = e.extract(dxp, e.offsets({0, 0, w.top, w.left}), inputShape);
    rewriter.replaceOp(op, dx);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// Maps of a pooling generic over (n, c, oh, kh, kw, ow): the padded input,
/// the window (a KH x KW tensor that is never read: it gives the loops over
/// kh and kw their bounds, as linalg's pooling ops do) and the output.
struct PoolMaps {
  AffineMap input, window, output;
};
PoolMaps poolMaps(MLIRContext *ctx, const Window &w) {
  AffineExpr n, c, y, i, j, x;
  bindDims(ctx, n, c, y, i, j, x);
  return {AffineMap::get(6, 0, {n, c, y * w.sh + i, x * w.sw + j}, ctx),
          AffineMap::get(6, 0, {i, j}, ctx),
          AffineMap::get(6, 0, {n, c, y, x}, ctx)};
}

SmallVector<utils::IteratorType> poolIterators() {
  using utils::IteratorType;
  return {IteratorType::parallel,  IteratorType::parallel,
          IteratorType::parallel,  IteratorType::reduction,
          IteratorType::reduction, IteratorType::parallel};
}

Window poolWindow(ArrayRef<int64_t> kernel, ArrayRef<int64_t> stride,
                  ArrayRef<int64_t> padding, ArrayRef<int64_t> output) {
  int64_t dilation[] = {1, 1};
  return makeWindow(kernel, stride, padding, dilation, output);
}

/// 1 / (the number of input elements) of each window, for avg pooling
/// without count_include_pad: an OH x OW constant.
Value reciprocalCounts(Builder &e, const Window &w, int64_t h, int64_t wd,
                       Type element) {
  SmallVector<APFloat> values;
  auto ft = cast<FloatType>(element);
  for (int64_t y = 0; y < w.oh; ++y)
    for (int64_t x = 0; x < w.ow; ++x) {
      int64_t y0 = y * w.sh - w.top, x0 = x * w.sw - w.left;
      int64_t rows = std::min(y0 + w.kh, h) - std::max<int64_t>(y0, 0);
      int64_t cols = std::min(x0 + w.kw, wd) - std::max<int64_t>(x0, 0);
      APFloat v(1.0 / static_cast<double>(rows * cols));
      bool lost;
      v.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      values.push_back(v);
    }
  auto type = RankedTensorType::get({w.oh, w.ow}, element);
  return arith::ConstantOp::create(e.b, e.loc,
                                   DenseElementsAttr::get(type, values));
}

/// `src` (N x C x OH x OW) scaled by the window's reciprocal count.
Value scaleByCount(Builder &e, Value src, const Window &w, int64_t h,
                   int64_t wd, bool countIncludePad) {
  MLIRContext *ctx = e.b.getContext();
  Type element = e.f(src);
  auto type = e.type(src);
  AffineMap id = AffineMap::getMultiDimIdentityMap(4, ctx);
  SmallVector<utils::IteratorType> par(4, utils::IteratorType::parallel);
  if (countIncludePad) {
    double r = 1.0 / static_cast<double>(w.kh * w.kw);
    return e.generic(
        src, e.empty(type.getShape(), element), {id, id}, par,
        [&](OpBuilder &nb, Location l, ValueRange args) {
          Value s =
              arith::ConstantOp::create(nb, l, nb.getFloatAttr(element, r));
          return SmallVector<Value>{arith::MulFOp::create(nb, l, args[0], s)};
        })[0];
  }
  AffineExpr n, c, y, x;
  bindDims(ctx, n, c, y, x);
  Value counts = reciprocalCounts(e, w, h, wd, element);
  return e.generic({src, counts}, e.empty(type.getShape(), element),
                   {id, AffineMap::get(4, 0, {y, x}, ctx), id}, par,
                   [](OpBuilder &nb, Location l, ValueRange args) {
                     return SmallVector<Value>{
                         arith::MulFOp::create(nb, l, args[0], args[1])};
                   })[0];
}

bool vectorTiles(const Window &w, int64_t width);
Value poolTiledRows(Builder &e, Value x, const Window &w,
                    RankedTensorType resultType, bool isMax);
Value avgPoolGradTiledRows(Builder &e, Value dy, ArrayRef<int64_t> inputShape,
                           const Window &w);

template <typename OpTy, bool IsMax>
struct PoolPattern : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Builder e{rewriter, op.getLoc()};
    Value x = adaptor.getInput();
    auto xType = e.type(x);
    auto resultType = cast<RankedTensorType>(op.getType());
    Window w = poolWindow(op.getKernel(), op.getStride(), op.getPadding(),
                          resultType.getShape());
    if (vectorTiles(w, xType.getDimSize(3))) {
      rewriter.replaceOp(op, poolTiledRows(e, x, w, resultType, IsMax));
      return success();
    }
    double padValue = IsMax ? -std::numeric_limits<double>::infinity() : 0.0;
    Value xp = e.padImage(x, w, padValue);
    PoolMaps maps = poolMaps(rewriter.getContext(), w);
    Value init =
        e.filled(resultType.getShape(), resultType.getElementType(), padValue);
    Value window = e.empty({w.kh, w.kw}, resultType.getElementType());
    Value r = e.generic(
        {xp, window}, init, {maps.input, maps.window, maps.output},
        poolIterators(), [](OpBuilder &nb, Location l, ValueRange args) {
          Value v =
              IsMax ? Value(arith::MaximumFOp::create(nb, l, args[0], args[2]))
                    : Value(arith::AddFOp::create(nb, l, args[0], args[2]));
          return SmallVector<Value>{v};
        })[0];
    if constexpr (!IsMax)
      r = scaleByCount(e, r, w, xType.getDimSize(2), xType.getDimSize(3),
                       op.getCountIncludePad());
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// Adds `contribution(i, j)` (N x C x OH x OW) into the strided view of the
/// padded gradient for every kernel offset, then crops the padding.
Value scatterWindows(Builder &e, ArrayRef<int64_t> inputShape, const Window &w,
                     Type element,
                     function_ref<Value(int64_t, int64_t, Value)> addInto) {
  int64_t n = inputShape[0], c = inputShape[1];
  int64_t hp = inputShape[2] + w.top + w.bottom;
  int64_t wp = inputShape[3] + w.left + w.right;
  Value dxp = e.filled({n, c, hp, wp}, element, 0.0);
  for (int64_t i = 0; i < w.kh; ++i)
    for (int64_t j = 0; j < w.kw; ++j) {
      SmallVector<OpFoldResult> at = e.offsets({0, 0, i, j});
      SmallVector<int64_t> sizes = {n, c, w.oh, w.ow},
                           strides = {1, 1, w.sh, w.sw};
      Value view = e.extract(dxp, at, sizes, strides);
      dxp = e.insert(addInto(i, j, view), dxp, at, sizes, strides);
    }
  if (hp == inputShape[2] && wp == inputShape[3])
    return dxp;
  return e.extract(dxp, e.offsets({0, 0, w.top, w.left}), inputShape);
}

/// Windows that tile the input (stride == kernel, no padding) in rows short
/// enough for one vector: LeNet's 2x2 pools. Then a whole output row is
/// computed in registers from KH input rows, one vector each; the loops a
/// linalg.generic gives (14 columns of stride-2 loads) stay scalar, since
/// LLVM does not vectorize such short loops.
bool vectorTiles(const Window &w, int64_t width) {
  return w.sh == w.kh && w.sw == w.kw && w.top == 0 && w.left == 0 &&
         w.bottom == 0 && w.right == 0 && w.kh * w.kw <= 16 &&
         w.ow * w.kw <= 64 && width >= w.ow * w.kw;
}

/// Row-wise pooling helper: x as (N*C) x H x W, an scf.for over image
/// planes and output rows.
struct RowPool {
  Builder &e;
  const Window &w;
  Type element;

  VectorType rowType() { return VectorType::get({w.ow * w.kw}, element); }
  VectorType outType() { return VectorType::get({w.ow}, element); }
  /// A vector of OW lanes, all `value`.
  Value splat(double value) {
    return arith::ConstantOp::create(
        e.b, e.loc,
        DenseElementsAttr::get(outType(),
                               e.b.getFloatAttr(element, value).getValue()));
  }

  Value read(Value t, ValueRange at, VectorType type) {
    Value pad =
        arith::ConstantOp::create(e.b, e.loc, e.b.getFloatAttr(element, 0.0));
    return vector::TransferReadOp::create(e.b, e.loc, type, t, at, pad,
                                          ArrayRef<bool>{true});
  }
  Value write(Value v, Value t, ValueRange at) {
    return vector::TransferWriteOp::create(e.b, e.loc, v, t, at,
                                           ArrayRef<bool>{true})
        .getResult();
  }
  /// Lanes b, KW + b, 2 KW + b, ...: element b of every window.
  Value column(Value row, int64_t b) {
    SmallVector<int64_t> mask;
    for (int64_t x = 0; x < w.ow; ++x)
      mask.push_back(x * w.kw + b);
    return vector::ShuffleOp::create(e.b, e.loc, row, row, mask);
  }
  /// The inverse of column(): interleaves KW vectors of OW lanes.
  Value interleave(ArrayRef<Value> parts) {
    Value all = parts[0];
    int64_t n = w.ow;
    for (size_t b = 1; b < parts.size(); ++b) {
      SmallVector<int64_t> concat;
      for (int64_t i = 0; i < n + w.ow; ++i)
        concat.push_back(i);
      all = vector::ShuffleOp::create(e.b, e.loc, all, parts[b], concat);
      n += w.ow;
    }
    SmallVector<int64_t> mask;
    for (int64_t x = 0; x < w.ow; ++x)
      for (int64_t b = 0; b < w.kw; ++b)
        mask.push_back(b * w.ow + x);
    return vector::ShuffleOp::create(e.b, e.loc, all, all, mask);
  }

  /// scf.for over planes q and output rows y, carrying `init`.
  Value forEachRow(int64_t planes, Value init,
                   function_ref<Value(Value q, Value y, Value acc)> body) {
    return e.forEach(planes, init, [&](Value q, Value acc) {
      return e.forEach(w.oh, acc,
                       [&](Value y, Value acc2) { return body(q, y, acc2); });
    });
  }
  Value inputRow(Value y, int64_t a) {
    Value r = arith::MulIOp::create(e.b, e.loc, y, e.index(w.kh));
    return arith::AddIOp::create(e.b, e.loc, r, e.index(a));
  }
};

/// max_pool2d (or avg_pool2d: `isMax` false) over tiling windows, a
/// vector per output row. Tiling windows have no padding, so the average
/// always divides by KH * KW.
Value poolTiledRows(Builder &e, Value x, const Window &w,
                    RankedTensorType resultType, bool isMax) {
  auto xType = e.type(x);
  Type element = xType.getElementType();
  int64_t n = xType.getDimSize(0), c = xType.getDimSize(1);
  int64_t h = xType.getDimSize(2), wd = xType.getDimSize(3);
  RowPool rp{e, w, element};
  Value x3 = e.collapse(x, {n * c, h, wd}, {{0, 1}, {2}, {3}});
  Value out = e.empty({n * c, w.oh, w.ow}, element);
  Value zero = e.index(0);
  out = rp.forEachRow(n * c, out, [&](Value q, Value y, Value acc) {
    Value m;
    for (int64_t a = 0; a < w.kh; ++a) {
      Value row = rp.read(x3, {q, rp.inputRow(y, a), zero}, rp.rowType());
      for (int64_t b = 0; b < w.kw; ++b) {
        Value col = rp.column(row, b);
        m = !m      ? col
            : isMax ? Value(arith::MaximumFOp::create(e.b, e.loc, m, col))
                    : Value(arith::AddFOp::create(e.b, e.loc, m, col));
      }
    }
    if (!isMax)
      m = arith::MulFOp::create(e.b, e.loc, m, rp.splat(1.0 / (w.kh * w.kw)));
    return rp.write(m, acc, {q, y, zero});
  });
  return e.expand(out, resultType.getShape(), {{0, 1}, {2}, {3}});
}

/// max_pool2d_grad over tiling windows: each output row's window argmax in
/// registers (PyTorch's rule, as in the generic lowering), then KH rows of
/// the input gradient.
Value maxPoolGradTiledRows(Builder &e, Value x, Value dy, const Window &w) {
  auto xType = e.type(x);
  Type element = xType.getElementType();
  int64_t n = xType.getDimSize(0), c = xType.getDimSize(1);
  int64_t h = xType.getDimSize(2), wd = xType.getDimSize(3);
  RowPool rp{e, w, element};
  OpBuilder &b = e.b;
  Location loc = e.loc;
  Value x3 = e.collapse(x, {n * c, h, wd}, {{0, 1}, {2}, {3}});
  Value dy3 = e.collapse(dy, {n * c, w.oh, w.ow}, {{0, 1}, {2}, {3}});
  // Rows and columns no window covers get no gradient.
  bool covered = h == w.oh * w.kh && wd == w.ow * w.kw;
  Value dx = covered ? e.empty({n * c, h, wd}, element)
                     : e.filled({n * c, h, wd}, element, 0.0);
  Value zero = e.index(0);
  auto i32Vec = VectorType::get({w.ow}, b.getI32Type());
  dx = rp.forEachRow(n * c, dx, [&](Value q, Value y, Value acc) {
    Value best = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(
            rp.outType(),
            b.getFloatAttr(element, -std::numeric_limits<double>::infinity())
                .getValue()));
    Value at = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(i32Vec, b.getI32IntegerAttr(0)));
    for (int64_t a = 0; a < w.kh; ++a) {
      Value row = rp.read(x3, {q, rp.inputRow(y, a), zero}, rp.rowType());
      for (int64_t bb = 0; bb < w.kw; ++bb) {
        Value v = rp.column(row, bb);
        Value greater =
            arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, v, best);
        Value nan =
            arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, v, v);
        Value take = arith::OrIOp::create(b, loc, greater, nan);
        best = arith::SelectOp::create(b, loc, take, v, best);
        Value k = arith::ConstantOp::create(
            b, loc,
            DenseElementsAttr::get(
                i32Vec,
                b.getI32IntegerAttr(static_cast<int32_t>(a * w.kw + bb))));
        at = arith::SelectOp::create(b, loc, take, k, at);
      }
    }
    Value g = rp.read(dy3, {q, y, zero}, rp.outType());
    Value zeros = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(rp.outType(),
                               b.getFloatAttr(element, 0.0).getValue()));
    for (int64_t a = 0; a < w.kh; ++a) {
      SmallVector<Value> parts;
      for (int64_t bb = 0; bb < w.kw; ++bb) {
        Value k = arith::ConstantOp::create(
            b, loc,
            DenseElementsAttr::get(
                i32Vec,
                b.getI32IntegerAttr(static_cast<int32_t>(a * w.kw + bb))));
        Value here =
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, at, k);
        parts.push_back(arith::SelectOp::create(b, loc, here, g, zeros));
      }
      acc = rp.write(rp.interleave(parts), acc, {q, rp.inputRow(y, a), zero});
    }
    return acc;
  });
  return e.expand(dx, xType.getShape(), {{0, 1}, {2}, {3}});
}

/// avg_pool2d_grad over tiling windows: each output row's gradient / (KH *
/// KW), spread over its windows' KW columns in registers and written to the
/// KH input rows.
Value avgPoolGradTiledRows(Builder &e, Value dy, ArrayRef<int64_t> inputShape,
                           const Window &w) {
  Type element = e.type(dy).getElementType();
  int64_t n = inputShape[0], c = inputShape[1];
  int64_t h = inputShape[2], wd = inputShape[3];
  RowPool rp{e, w, element};
  Value dy3 = e.collapse(dy, {n * c, w.oh, w.ow}, {{0, 1}, {2}, {3}});
  // Rows and columns no window covers get no gradient.
  bool covered = h == w.oh * w.kh && wd == w.ow * w.kw;
  Value dx = covered ? e.empty({n * c, h, wd}, element)
                     : e.filled({n * c, h, wd}, element, 0.0);
  Value zero = e.index(0);
  dx = rp.forEachRow(n * c, dx, [&](Value q, Value y, Value acc) {
    Value g = arith::MulFOp::create(e.b, e.loc,
                                    rp.read(dy3, {q, y, zero}, rp.outType()),
                                    rp.splat(1.0 / (w.kh * w.kw)));
    Value row = rp.interleave(SmallVector<Value>(w.kw, g));
    for (int64_t a = 0; a < w.kh; ++a)
      acc = rp.write(row, acc, {q, rp.inputRow(y, a), zero});
    return acc;
  });
  return e.expand(dx, inputShape, {{0, 1}, {2}, {3}});
}

/// The max-pool gradient when windows tile the input (stride == kernel, no
/// padding), as LeNet's 2x2 pools do: one pass over
/// (n, c, oh, kh, ow, kw) that writes the gradient in place order, each
/// element finding its window's first maximum from the window's KH*KW
/// values (read through one map each, so they stay in registers).
Value maxPoolGradTiled(Builder &e, Value x, Value dy, const Window &w) {
  MLIRContext *ctx = e.b.getContext();
  auto xType = e.type(x);
  Type element = xType.getElementType();
  int64_t n = xType.getDimSize(0), c = xType.getDimSize(1);
  AffineExpr dn, dc, y, i, xx, j;
  bindDims(ctx, dn, dc, y, i, xx, j);
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  for (int64_t a = 0; a < w.kh; ++a)
    for (int64_t b = 0; b < w.kw; ++b) {
      inputs.push_back(x);
      maps.push_back(
          AffineMap::get(6, 0, {dn, dc, y * w.kh + a, xx * w.kw + b}, ctx));
    }
  inputs.push_back(dy);
  maps.push_back(AffineMap::get(6, 0, {dn, dc, y, xx}, ctx));
  maps.push_back(AffineMap::getMultiDimIdentityMap(6, ctx));
  SmallVector<utils::IteratorType> par(6, utils::IteratorType::parallel);
  int64_t window = w.kh * w.kw, kw = w.kw;
  Value tiles = e.generic(
      inputs, e.empty({n, c, w.oh, w.kh, w.ow, w.kw}, element), maps, par,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        // PyTorch's rule: a later element wins if strictly greater, or NaN.
        Value best = arith::ConstantOp::create(
            nb, l,
            nb.getFloatAttr(element, -std::numeric_limits<double>::infinity()));
        Value at = arith::ConstantIndexOp::create(nb, l, 0);
        for (int64_t k = 0; k < window; ++k) {
          Value v = args[k];
          Value greater =
              arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OGT, v, best);
          Value nan =
              arith::CmpFOp::create(nb, l, arith::CmpFPredicate::UNO, v, v);
          Value take = arith::OrIOp::create(nb, l, greater, nan);
          best = arith::SelectOp::create(nb, l, take, v, best);
          at = arith::SelectOp::create(
              nb, l, take, arith::ConstantIndexOp::create(nb, l, k), at);
        }
        Value ii = linalg::IndexOp::create(nb, l, 3);
        Value jj = linalg::IndexOp::create(nb, l, 5);
        Value self = arith::AddIOp::create(
            nb, l,
            arith::MulIOp::create(nb, l, ii,
                                  arith::ConstantIndexOp::create(nb, l, kw)),
            jj);
        Value here =
            arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq, self, at);
        Value zero =
            arith::ConstantOp::create(nb, l, nb.getFloatAttr(element, 0.0));
        return SmallVector<Value>{
            arith::SelectOp::create(nb, l, here, args[window], zero)};
      })[0];
  int64_t h = w.oh * w.kh, wd = w.ow * w.kw;
  Value dx = e.collapse(tiles, {n, c, h, wd}, {{0}, {1}, {2, 3}, {4, 5}});
  if (h == xType.getDimSize(2) && wd == xType.getDimSize(3))
    return dx;
  // Rows and columns no window covers get no gradient.
  Value full = e.filled(xType.getShape(), element, 0.0);
  return e.insert(dx, full, e.offsets({0, 0, 0, 0}), {n, c, h, wd});
}

struct MaxPool2DGradPattern : OpConversionPattern<MaxPool2DGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPool2DGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Builder e{rewriter, op.getLoc()};
    MLIRContext *ctx = rewriter.getContext();
    Value x = adaptor.getInput(), dy = adaptor.getResultGrad();
    auto xType = e.type(x), dyType = e.type(dy);
    Type element = xType.getElementType();
    Window w = poolWindow(op.getKernel(), op.getStride(), op.getPadding(),
                          dyType.getShape());
    if (vectorTiles(w, xType.getDimSize(3))) {
      rewriter.replaceOp(op, maxPoolGradTiledRows(e, x, dy, w));
      return success();
    }
    if (w.sh == w.kh && w.sw == w.kw && w.top == 0 && w.left == 0 &&
        w.bottom == 0 && w.right == 0) {
      rewriter.replaceOp(op, maxPoolGradTiled(e, x, dy, w));
      return success();
    }
    // Each window's first maximum, as the row-major offset i * KW + j
    // (PyTorch's choice: a later element wins only if strictly greater, or
    // NaN).
    Value xp = e.padImage(x, w, -std::numeric_limits<double>::infinity());
    PoolMaps maps = poolMaps(ctx, w);
    Type i32 = rewriter.getI32Type();
    int64_t kw = w.kw;
    Value window = e.empty({w.kh, w.kw}, element);
    ValueRange argmax = e.generic(
        {xp, window},
        ValueRange{e.filled(dyType.getShape(), element,
                            -std::numeric_limits<double>::infinity()),
                   e.filled(dyType.getShape(), i32, 0)},
        {maps.input, maps.window, maps.output, maps.output}, poolIterators(),
        [&](OpBuilder &nb, Location l, ValueRange args) {
          Value v = args[0], best = args[2], bestAt = args[3];
          Value i = linalg::IndexOp::create(nb, l, 3);
          Value j = linalg::IndexOp::create(nb, l, 4);
          Value kwc = arith::ConstantIndexOp::create(nb, l, kw);
          Value at = arith::AddIOp::create(
              nb, l, arith::MulIOp::create(nb, l, i, kwc), j);
          at = arith::IndexCastOp::create(nb, l, i32, at);
          Value greater =
              arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OGT, v, best);
          Value nan =
              arith::CmpFOp::create(nb, l, arith::CmpFPredicate::UNO, v, v);
          Value take = arith::OrIOp::create(nb, l, greater, nan);
          return SmallVector<Value>{
              arith::SelectOp::create(nb, l, take, v, best),
              arith::SelectOp::create(nb, l, take, at, bestAt)};
        });
    Value index = argmax[1];
    AffineMap id = AffineMap::getMultiDimIdentityMap(4, ctx);
    SmallVector<utils::IteratorType> par(4, utils::IteratorType::parallel);
    Value dx = scatterWindows(
        e, xType.getShape(), w, element, [&](int64_t i, int64_t j, Value view) {
          int32_t offset = static_cast<int32_t>(i * w.kw + j);
          return e.generic({dy, index}, view, {id, id, id}, par,
                           [&](OpBuilder &nb, Location l, ValueRange args) {
                             Value here = arith::CmpIOp::create(
                                 nb, l, arith::CmpIPredicate::eq, args[1],
                                 arith::ConstantOp::create(
                                     nb, l, nb.getI32IntegerAttr(offset)));
                             Value zero = arith::ConstantOp::create(
                                 nb, l, nb.getFloatAttr(element, 0.0));
                             Value add = arith::SelectOp::create(nb, l, here,
                                                                 args[0], zero);
                             return SmallVector<Value>{
                                 arith::AddFOp::create(nb, l, args[2], add)};
                           })[0];
        });
    rewriter.replaceOp(op, dx);
    return success();
  }
};

struct AvgPool2DGradPattern : OpConversionPattern<AvgPool2DGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AvgPool2DGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Builder e{rewriter, op.getLoc()};
    Value dy = adaptor.getResultGrad();
    auto dyType = e.type(dy);
    ArrayRef<int64_t> inputShape = op.getInputShape();
    Window w = poolWindow(op.getKernel(), op.getStride(), op.getPadding(),
                          dyType.getShape());
    if (vectorTiles(w, inputShape[3])) {
      rewriter.replaceOp(op, avgPoolGradTiledRows(e, dy, inputShape, w));
      return success();
    }
    Value scaled = scaleByCount(e, dy, w, inputShape[2], inputShape[3],
                                op.getCountIncludePad());
    Value dx = scatterWindows(e, inputShape, w, dyType.getElementType(),
                              [&](int64_t, int64_t, Value view) {
                                return e.accumulate(view, scaled);
                              });
    rewriter.replaceOp(op, dx);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Batch normalization
//===----------------------------------------------------------------------===//

/// Per channel, scale = weight * rsqrt(var + eps) and shift = bias - mean *
/// scale (a pass over C values); then y = x * scale + shift, one pass over
/// x.
struct BatchNormPattern : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Builder e{rewriter, op.getLoc()};
    MLIRContext *ctx = rewriter.getContext();
    Value x = adaptor.getInput();
    auto xType = e.type(x);
    Type element = xType.getElementType();
    int64_t rank = xType.getRank(), c = xType.getDimSize(1);
    double epsilon = op.getEpsilon().convertToDouble();
    AffineMap id1 = AffineMap::getMultiDimIdentityMap(1, ctx);
    ValueRange coefficients = e.generic(
        {adaptor.getMean(), adaptor.getVariance(), adaptor.getWeight(),
         adaptor.getBias()},
        ValueRange{e.empty({c}, element), e.empty({c}, element)},
        {id1, id1, id1, id1, id1, id1}, {utils::IteratorType::parallel},
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value eps =
              arith::ConstantOp::create(b, l, b.getFloatAttr(element, epsilon));
          Value rstd = math::RsqrtOp::create(
              b, l, arith::AddFOp::create(b, l, args[1], eps));
          Value scale = arith::MulFOp::create(b, l, args[2], rstd);
          Value shift = arith::SubFOp::create(
              b, l, args[3], arith::MulFOp::create(b, l, args[0], scale));
          return SmallVector<Value>{scale, shift};
        });
    AffineMap id = AffineMap::getMultiDimIdentityMap(rank, ctx);
    AffineMap perChannel =
        AffineMap::get(rank, 0, {getAffineDimExpr(1, ctx)}, ctx);
    SmallVector<utils::IteratorType> par(rank, utils::IteratorType::parallel);
    Value y = e.generic(
        {x, coefficients[0], coefficients[1]},
        e.empty(xType.getShape(), element), {id, perChannel, perChannel, id},
        par, [](OpBuilder &b, Location l, ValueRange args) {
          Value v = arith::MulFOp::create(b, l, args[0], args[1]);
          return SmallVector<Value>{arith::AddFOp::create(b, l, v, args[2])};
        })[0];
    rewriter.replaceOp(op, y);
    return success();
  }
};

/// One pass over x for both statistics: s1 = sum(x - k), s2 = sum((x -
/// k)^2) with k the first element of each reduced slice (a shift that
/// keeps s2 - s1^2 / n from cancelling when the mean is large); then, over
/// the kept elements only, mean = k + s1 / n and var = s2 / n - (s1 / n)^2.
struct MomentsPattern : OpConversionPattern<MomentsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MomentsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Builder e{rewriter, op.getLoc()};
    MLIRContext *ctx = rewriter.getContext();
    Value x = adaptor.getInput();
    auto xType = e.type(x);
    Type element = xType.getElementType();
    int64_t rank = xType.getRank();
    SmallVector<int64_t> axes = normalizeAxes(op.getAxes(), rank);
    auto resultType = cast<RankedTensorType>(op.getMean().getType());
    SmallVector<AffineExpr> keptExprs;
    SmallVector<utils::IteratorType> iterators;
    SmallVector<OpFoldResult> offsets, sizes, strides;
    int64_t n = 1;
    for (int64_t d = 0; d < rank; ++d) {
      bool reduced = llvm::is_contained(axes, d);
      iterators.push_back(reduced ? utils::IteratorType::reduction
                                  : utils::IteratorType::parallel);
      if (reduced)
        n *= xType.getDimSize(d);
      else
        keptExprs.push_back(getAffineDimExpr(d, ctx));
      offsets.push_back(rewriter.getIndexAttr(0));
      sizes.push_back(rewriter.getIndexAttr(reduced ? 1 : xType.getDimSize(d)));
      strides.push_back(rewriter.getIndexAttr(1));
    }
    Value shift = tensor::ExtractSliceOp::create(
        rewriter, op.getLoc(), resultType, x, offsets, sizes, strides);
    AffineMap id = AffineMap::getMultiDimIdentityMap(rank, ctx);
    AffineMap kept = AffineMap::get(rank, 0, keptExprs, ctx);
    ArrayRef<int64_t> shape = resultType.getShape();
    ValueRange sums =
        e.generic({x, shift},
                  ValueRange{e.filled(shape, element, 0.0),
                             e.filled(shape, element, 0.0)},
                  {id, kept, kept, kept}, iterators,
                  [](OpBuilder &b, Location l, ValueRange args) {
                    Value d = arith::SubFOp::create(b, l, args[0], args[1]);
                    Value s1 = arith::AddFOp::create(b, l, args[2], d);
                    Value s2 = math::FmaOp::create(b, l, d, d, args[3]);
                    return SmallVector<Value>{s1, s2};
                  });
    AffineMap idKept = AffineMap::getMultiDimIdentityMap(shape.size(), ctx);
    SmallVector<utils::IteratorType> par(shape.size(),
                                         utils::IteratorType::parallel);
    double inverse = 1.0 / double(n);
    ValueRange moments = e.generic(
        {sums[0], sums[1], shift},
        ValueRange{e.empty(shape, element), e.empty(shape, element)},
        {idKept, idKept, idKept, idKept, idKept}, par,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value scale =
              arith::ConstantOp::create(b, l, b.getFloatAttr(element, inverse));
          Value m1 = arith::MulFOp::create(b, l, args[0], scale);
          Value m2 = arith::MulFOp::create(b, l, args[1], scale);
          Value mean = arith::AddFOp::create(b, l, args[2], m1);
          Value var = arith::SubFOp::create(
              b, l, m2, arith::MulFOp::create(b, l, m1, m1));
          Value zero =
              arith::ConstantOp::create(b, l, b.getFloatAttr(element, 0.0));
          return SmallVector<Value>{mean,
                                    arith::MaximumFOp::create(b, l, var, zero)};
        });
    rewriter.replaceOp(op, moments);
    return success();
  }
};

} // namespace

void aicc::populateConvPoolToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<BatchNormPattern, MomentsPattern>(patterns.getContext());
  patterns.add<Conv2DPattern, Conv2DFilterGradPattern, Conv2DInputGradPattern,
               PoolPattern<MaxPool2DOp, true>, PoolPattern<AvgPool2DOp, false>,
               MaxPool2DGradPattern, AvgPool2DGradPattern>(
      patterns.getContext());
}
