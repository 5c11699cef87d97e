//===- MatmulMicroKernel.cpp - register-blocked f32 matmul ----------------===//
//
// An MR x NR block of C is held in vector registers while the k loop streams
// a row of B and broadcasts elements of A: MR * NR/8 FMAs per k step on AVX2
// with one B load per NR/8 registers. No packing yet: B rows are read with
// unit stride, A with a scalar load per row.
//
//===----------------------------------------------------------------------===//

#include "aicc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace aicc {
#define GEN_PASS_DEF_MATMULMICROKERNEL
#include "aicc/Transforms/Passes.h.inc"

#include <tuple>
} // namespace aicc

using namespace mlir;

namespace {

/// Whether `v` is an f32 memref with static shape and unit innermost stride.
bool isDenseRows(Value v, int64_t rank) {
  auto type = dyn_cast<MemRefType>(v.getType());
  if (!type || type.getRank() != rank || !type.hasStaticShape() ||
      !type.getElementType().isF32())
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(type.getStridesAndOffset(strides, offset)) &&
         strides.back() == 1;
}

/// The `linalg.fill` of 0.0 into `c` right before `op`, if there is one: the
/// kernel then starts its accumulators at zero and the fill is dropped (the
/// blocks cover all of C), saving a pass over C.
linalg::FillOp zeroFillBefore(Operation *op, Value c) {
  auto fill = dyn_cast_or_null<linalg::FillOp>(op->getPrevNode());
  if (!fill || !fill.hasPureBufferSemantics() || fill.getDpsInits()[0] != c)
    return {};
  auto value = fill.getDpsInputs()[0].getDefiningOp<arith::ConstantOp>();
  auto attr = value ? dyn_cast<FloatAttr>(value.getValue()) : FloatAttr();
  if (!attr || !attr.getValue().isPosZero())
    return {};
  return fill;
}

/// The buffer a view (subview, reshape, ...) of `v` ultimately refers to.
Value rootBuffer(Value v) {
  while (auto view = v.getDefiningOp<ViewLikeOpInterface>())
    v = view.getViewSource();
  return v;
}

/// Whether an op strictly between `from` and `to` (same block) may write
/// into the buffer `source` refers to.
bool mayWriteBetween(Operation *from, Operation *to, Value source) {
  Value root = rootBuffer(source);
  for (Operation *op = from->getNextNode(); op && op != to;
       op = op->getNextNode()) {
    if (isa<memref::AllocOp, memref::DeallocOp>(op) || isMemoryEffectFree(op))
      continue;
    auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
    if (!linalgOp || !linalgOp.hasPureBufferSemantics())
      return true; // unknown effects
    for (Value init : linalgOp.getDpsInits())
      if (rootBuffer(init) == root)
        return true;
  }
  return false;
}

/// A = transpose(X) materialized in a temporary that only `op` reads (the
/// backward pass's x^T @ dy): returns the transpose, so the kernel can read
/// X[k, i] in place of A[i, k] and the copy disappears.
linalg::TransposeOp transposedInput(Value a, Operation *op) {
  auto alloc = a.getDefiningOp<memref::AllocOp>();
  if (!alloc)
    return {};
  linalg::TransposeOp transpose;
  for (Operation *user : alloc->getUsers()) {
    if (user == op || isa<memref::DeallocOp>(user))
      continue;
    auto t = dyn_cast<linalg::TransposeOp>(user);
    if (!t || transpose || t.getInit() != a)
      return {};
    transpose = t;
  }
  if (!transpose || !transpose.hasPureBufferSemantics() ||
      transpose.getPermutation() != ArrayRef<int64_t>{1, 0} ||
      transpose->getBlock() != op->getBlock() ||
      !transpose->isBeforeInBlock(op) ||
      !isDenseRows(transpose.getInput(), 2) ||
      mayWriteBetween(transpose, op, transpose.getInput()))
    return {};
  return transpose;
}

struct Kernel {
  OpBuilder &b;
  Location loc;
  int64_t mr, nr;
  bool zeroInit;    ///< C starts at zero: do not load it
  bool aTransposed; ///< `a` holds A^T: read a[k, i]

  Value index(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }

  /// Emits the blocked loops for C[batch] += A[batch] @ B[batch] over rows
  /// [rowBegin, rowEnd) and columns [colBegin, colEnd), in blocks of `mr`
  /// and `nr` (which divide the ranges); `batch` is empty for 2-D operands.
  void emit(Value a, Value bMat, Value c, ValueRange batch, int64_t rowBegin,
            int64_t rowEnd, int64_t colBegin, int64_t colEnd, int64_t k) {
    auto vecType = VectorType::get({nr}, b.getF32Type());
    auto at = [&](ValueRange idx) {
      SmallVector<Value> all(batch.begin(), batch.end());
      all.append(idx.begin(), idx.end());
      return all;
    };
    OpBuilder::InsertionGuard guard(b);
    scf::ForOp iLoop =
        scf::ForOp::create(b, loc, index(rowBegin), index(rowEnd), index(mr));
    b.setInsertionPointToStart(iLoop.getBody());
    Value i = iLoop.getInductionVar();
    scf::ForOp jLoop =
        scf::ForOp::create(b, loc, index(colBegin), index(colEnd), index(nr));
    b.setInsertionPointToStart(jLoop.getBody());
    Value j = jLoop.getInductionVar();

    SmallVector<Value> rows, init;
    Value zero;
    if (zeroInit)
      zero = arith::ConstantOp::create(b, loc, vecType,
                                       DenseElementsAttr::get(vecType, 0.0f));
    for (int64_t r = 0; r < mr; ++r) {
      rows.push_back(arith::AddIOp::create(b, loc, i, index(r)));
      init.push_back(zeroInit ? zero
                              : vector::LoadOp::create(b, loc, vecType, c,
                                                       at({rows[r], j})));
    }
    auto kLoop = scf::ForOp::create(
        b, loc, index(0), index(k), index(1), init,
        [&](OpBuilder &nb, Location nloc, Value kk, ValueRange acc) {
          Value row =
              vector::LoadOp::create(nb, nloc, vecType, bMat, at({kk, j}));
          SmallVector<Value> next;
          for (int64_t r = 0; r < mr; ++r) {
            Value aik = memref::LoadOp::create(nb, nloc, a,
                                               aTransposed ? at({kk, rows[r]})
                                                           : at({rows[r], kk}));
            Value splat = vector::BroadcastOp::create(nb, nloc, vecType, aik);
            next.push_back(vector::FMAOp::create(nb, nloc, splat, row, acc[r]));
          }
          scf::YieldOp::create(nb, nloc, next);
        });
    for (int64_t r = 0; r < mr; ++r)
      vector::StoreOp::create(b, loc, kLoop.getResult(r), c, at({rows[r], j}));
  }
};

struct MatmulMicroKernelPass
    : aicc::impl::MatmulMicroKernelBase<MatmulMicroKernelPass> {
  using MatmulMicroKernelBase::MatmulMicroKernelBase;

  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op))
        ops.push_back(cast<linalg::LinalgOp>(op));
    });
    for (linalg::LinalgOp op : ops) {
      if (!op.hasPureBufferSemantics())
        continue;
      bool batched = isa<linalg::BatchMatmulOp>(op);
      int64_t rank = batched ? 3 : 2;
      // The plain (non-transposed, non-broadcast) contraction only.
      MLIRContext *ctx = &getContext();
      auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
      unsigned loops = batched ? 4 : 3;
      SmallVector<AffineMap> expected =
          batched
              ? SmallVector<AffineMap>{AffineMap::get(loops, 0,
                                                      {d(0), d(1), d(3)}, ctx),
                                       AffineMap::get(loops, 0,
                                                      {d(0), d(3), d(2)}, ctx),
                                       AffineMap::get(loops, 0,
                                                      {d(0), d(1), d(2)}, ctx)}
              : SmallVector<AffineMap>{
                    AffineMap::get(loops, 0, {d(0), d(2)}, ctx),
                    AffineMap::get(loops, 0, {d(2), d(1)}, ctx),
                    AffineMap::get(loops, 0, {d(0), d(1)}, ctx)};
      if (op.getIndexingMapsArray() != expected)
        continue;
      Value a = op.getDpsInputs()[0], bMat = op.getDpsInputs()[1],
            c = op.getDpsInits()[0];
      if (!isDenseRows(a, rank) || !isDenseRows(bMat, rank) ||
          !isDenseRows(c, rank))
        continue;
      auto cType = cast<MemRefType>(c.getType());
      auto aType = cast<MemRefType>(a.getType());
      int64_t m = cType.getDimSize(rank - 2), n = cType.getDimSize(rank - 1);
      int64_t k = aType.getDimSize(rank - 1);
      if (k == 0 || m == 0 || n == 0 || rowBlock < 1 || vectorWidth < 1)
        continue;
      // Blocks of rowBlock x vectorWidth, then blocks of the remaining rows
      // and/or columns (a narrower vector: LLVM splits it into legal ones).
      // Fewer rows than rowBlock (a matrix-vector product: one row of an
      // RNN's sampling step) get proportionally wider blocks, so that as
      // many independent accumulators are in flight: one 16-wide
      // accumulator would make the k loop one chain of dependent FMAs,
      // bound by their latency.
      int64_t fullRows = m - m % rowBlock;
      // Both rewrites below drop a write that the operands must not read.
      bool distinct = a != bMat && a != c && bMat != c;
      linalg::FillOp fill = distinct ? zeroFillBefore(op, c) : nullptr;
      linalg::TransposeOp transpose =
          distinct && !batched ? transposedInput(a, op) : linalg::TransposeOp();
      Value aSource = transpose ? transpose.getInput() : a;
      OpBuilder b(op);
      auto emitRows = [&](ValueRange batch) {
        for (auto [r0, r1] : {std::pair<int64_t, int64_t>{0, fullRows},
                              std::pair<int64_t, int64_t>{fullRows, m}}) {
          if (r1 <= r0)
            continue;
          // Whole blocks of rows, or the rows left after them.
          int64_t mr = r1 == fullRows ? rowBlock : r1 - r0;
          int64_t width = vectorWidth * std::max<int64_t>(1, rowBlock / mr);
          // Wide blocks, then blocks of one vector, then what is left
          // (fewer columns than a vector).
          int64_t wideCols = n - n % width;
          int64_t fullCols = n - n % vectorWidth;
          for (auto [c0, c1, nr] :
               {std::tuple<int64_t, int64_t, int64_t>{0, wideCols, width},
                {wideCols, fullCols, vectorWidth},
                {fullCols, n, n - fullCols}}) {
            if (c1 <= c0)
              continue;
            Kernel{b, op.getLoc(), mr, nr, bool(fill), bool(transpose)}.emit(
                aSource, bMat, c, batch, r0, r1, c0, c1, k);
          }
        }
      };
      if (!batched) {
        emitRows({});
      } else {
        auto zero = arith::ConstantIndexOp::create(b, op.getLoc(), 0);
        auto count =
            arith::ConstantIndexOp::create(b, op.getLoc(), cType.getDimSize(0));
        auto one = arith::ConstantIndexOp::create(b, op.getLoc(), 1);
        auto batchLoop = scf::ForOp::create(b, op.getLoc(), zero, count, one);
        b.setInsertionPointToStart(batchLoop.getBody());
        emitRows({batchLoop.getInductionVar()});
      }
      op->erase();
      if (fill)
        fill->erase();
      if (transpose) {
        // The temporary is now only allocated and freed: drop it.
        auto alloc = a.getDefiningOp<memref::AllocOp>();
        transpose->erase();
        for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
          user->erase();
        alloc->erase();
      }
    }
  }
};
} // namespace
