//===- AigOps.cpp - aig shape rules and verifiers -------------------------===//
//
// Each op's result type is inferred here; an op whose operands do not fit
// its shape rule fails inference, which the verifier and the parser report
// at the op's location.
//
//===----------------------------------------------------------------------===//

#include "aicc/Dialect/Aig/AigOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/Support/MathExtras.h"

#include <numeric>

using namespace mlir;
using namespace aicc::aig;

//===----------------------------------------------------------------------===//
// Shared shape rules
//===----------------------------------------------------------------------===//

namespace {
/// Prints a shape as `4x3` (or `scalar` for rank 0) for diagnostics.
std::string shapeStr(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(shape, os, "x");
  return s;
}

std::string typeStr(Type t) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << t;
  return s;
}

/// Casts to a ranked tensor type or reports that the value is not one.
RankedTensorType tensorOrError(std::optional<Location> loc, Type t,
                               StringRef what) {
  auto tensor = dyn_cast_or_null<RankedTensorType>(t);
  if (!tensor || !tensor.hasStaticShape()) {
    (void)emitOptionalError(
        loc, what, " must be a statically shaped tensor, got ", typeStr(t));
    return nullptr;
  }
  return tensor;
}
} // namespace

FailureOr<SmallVector<int64_t>>
aicc::aig::broadcastShapes(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < a.size() ? a[a.size() - 1 - i] : 1;
    int64_t db = i < b.size() ? b[b.size() - 1 - i] : 1;
    if (da != db && da != 1 && db != 1)
      return failure();
    result[rank - 1 - i] = da == 1 ? db : da;
  }
  return result;
}

LogicalResult
aicc::aig::inferBroadcastBinaryType(std::optional<Location> loc, Type lhs,
                                    Type rhs, SmallVectorImpl<Type> &types) {
  auto lhsType = tensorOrError(loc, lhs, "lhs");
  auto rhsType = tensorOrError(loc, rhs, "rhs");
  if (!lhsType || !rhsType)
    return failure();
  if (lhsType.getElementType() != rhsType.getElementType())
    return emitOptionalError(loc, "operands have different element types: ",
                             typeStr(lhsType.getElementType()), " and ",
                             typeStr(rhsType.getElementType()));
  auto shape = broadcastShapes(lhsType.getShape(), rhsType.getShape());
  if (failed(shape))
    return emitOptionalError(
        loc, "operand shapes ", shapeStr(lhsType.getShape()), " and ",
        shapeStr(rhsType.getShape()), " are not broadcast-compatible");
  types.push_back(RankedTensorType::get(*shape, lhsType.getElementType()));
  return success();
}

LogicalResult aicc::aig::checkAxis(std::optional<Location> loc, int64_t axis,
                                   int64_t rank) {
  if (axis < -rank || axis >= rank)
    return emitOptionalError(loc, "axis ", axis, " is out of range for rank ",
                             rank);
  return success();
}

SmallVector<int64_t> aicc::aig::normalizeAxes(ArrayRef<int64_t> axes,
                                              int64_t rank) {
  SmallVector<int64_t> result;
  for (int64_t a : axes)
    result.push_back(a < 0 ? a + rank : a);
  llvm::sort(result);
  return result;
}

LogicalResult aicc::aig::inferReduceType(std::optional<Location> loc,
                                         Type input, ArrayRef<int64_t> axes,
                                         bool keepdims,
                                         SmallVectorImpl<Type> &types) {
  auto type = tensorOrError(loc, input, "input");
  if (!type)
    return failure();
  int64_t rank = type.getRank();
  llvm::SmallSet<int64_t, 4> seen;
  for (int64_t axis : axes) {
    if (failed(checkAxis(loc, axis, rank)))
      return failure();
    if (!seen.insert(axis < 0 ? axis + rank : axis).second)
      return emitOptionalError(loc, "axis ", axis, " is reduced twice");
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (!seen.contains(d))
      shape.push_back(type.getDimSize(d));
    else if (keepdims)
      shape.push_back(1);
  }
  types.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  auto value = adaptor.getValueAttr();
  if (!value)
    return emitOptionalError(loc, "requires a 'value' attribute");
  types.push_back(value.getType());
  return success();
}

LogicalResult ConstantOp::verify() {
  auto type = dyn_cast<RankedTensorType>(getValue().getType());
  if (!type || !type.hasStaticShape())
    return emitOpError("value must be a statically shaped tensor, got ")
           << getValue().getType();
  return success();
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  auto lhs = tensorOrError(loc, adaptor.getLhs().getType(), "lhs");
  auto rhs = tensorOrError(loc, adaptor.getRhs().getType(), "rhs");
  if (!lhs || !rhs)
    return failure();
  if (lhs.getElementType() != rhs.getElementType())
    return emitOptionalError(loc, "operands have different element types: ",
                             typeStr(lhs.getElementType()), " and ",
                             typeStr(rhs.getElementType()));
  if (lhs.getRank() < 2 || rhs.getRank() < 2)
    return emitOptionalError(loc, "operands must have rank >= 2, got ",
                             shapeStr(lhs.getShape()), " and ",
                             shapeStr(rhs.getShape()));
  ArrayRef<int64_t> l = lhs.getShape(), r = rhs.getShape();
  int64_t m = l[l.size() - 2], k = l.back();
  int64_t rk = r[r.size() - 2], n = r.back();
  if (k != rk)
    return emitOptionalError(loc,
                             "contracting dimensions differ: ", shapeStr(l),
                             " @ ", shapeStr(r), " (", k, " vs ", rk, ")");
  ArrayRef<int64_t> lhsBatch = l.drop_back(2), rhsBatch = r.drop_back(2);
  if (!rhsBatch.empty() && lhsBatch != rhsBatch)
    return emitOptionalError(loc, "batch dimensions differ: ", shapeStr(l),
                             " @ ", shapeStr(r));
  SmallVector<int64_t> shape(lhsBatch);
  shape.append({m, n});
  types.push_back(RankedTensorType::get(shape, lhs.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// PowOp
//===----------------------------------------------------------------------===//

LogicalResult PowOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  types.push_back(adaptor.getInput().getType());
  return success();
}

//===----------------------------------------------------------------------===//
// BroadcastToOp
//===----------------------------------------------------------------------===//

LogicalResult BroadcastToOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &types) {
  auto input = tensorOrError(loc, adaptor.getInput().getType(), "input");
  if (!input)
    return failure();
  ArrayRef<int64_t> target = adaptor.getShape();
  ArrayRef<int64_t> shape = input.getShape();
  bool ok = shape.size() <= target.size();
  for (size_t i = 0; ok && i < shape.size(); ++i) {
    int64_t s = shape[shape.size() - 1 - i], t = target[target.size() - 1 - i];
    ok = s == t || s == 1;
  }
  if (!ok || llvm::any_of(target, [](int64_t d) { return d < 0; }))
    return emitOptionalError(loc, "cannot broadcast shape ", shapeStr(shape),
                             " to ", shapeStr(target));
  types.push_back(RankedTensorType::get(target, input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  auto input = tensorOrError(loc, adaptor.getInput().getType(), "input");
  if (!input)
    return failure();
  SmallVector<int64_t> shape(adaptor.getShape());
  int64_t known = 1, inferred = -1;
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (d == -1) {
      if (inferred >= 0)
        return emitOptionalError(loc, "at most one dimension may be -1");
      inferred = i;
    } else if (d < 0) {
      return emitOptionalError(loc, "invalid dimension ", d, " in shape ",
                               shapeStr(shape));
    } else {
      known *= d;
    }
  }
  int64_t count = input.getNumElements();
  if (inferred >= 0) {
    if (known == 0 || count % known != 0)
      return emitOptionalError(loc, "cannot reshape ",
                               shapeStr(input.getShape()), " (", count,
                               " elements) to ", shapeStr(shape));
    shape[inferred] = count / known;
    known = count;
  }
  if (known != count)
    return emitOptionalError(loc, "cannot reshape ", shapeStr(input.getShape()),
                             " (", count, " elements) to ", shapeStr(shape),
                             " (", known, " elements)");
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  auto input = tensorOrError(loc, adaptor.getInput().getType(), "input");
  if (!input)
    return failure();
  ArrayRef<int64_t> perm = adaptor.getPermutation();
  int64_t rank = input.getRank();
  SmallVector<bool> seen(rank, false);
  bool ok = static_cast<int64_t>(perm.size()) == rank;
  for (int64_t p : perm) {
    if (!ok || p < 0 || p >= rank || seen[p]) {
      ok = false;
      break;
    }
    seen[p] = true;
  }
  if (!ok)
    return emitOptionalError(loc, "permutation [", shapeStr(perm),
                             "] is not a permutation of rank ", rank);
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(input.getDimSize(p));
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  if (adaptor.getInputs().empty())
    return emitOptionalError(loc, "requires at least one input");
  auto first =
      tensorOrError(loc, adaptor.getInputs().front().getType(), "input");
  if (!first)
    return failure();
  int64_t rank = first.getRank();
  int64_t axis = adaptor.getAxis();
  if (rank == 0)
    return emitOptionalError(loc, "cannot concatenate scalars");
  if (failed(checkAxis(loc, axis, rank)))
    return failure();
  if (axis < 0)
    axis += rank;
  SmallVector<int64_t> shape(first.getShape());
  shape[axis] = 0;
  for (auto [i, v] : llvm::enumerate(adaptor.getInputs())) {
    auto t = tensorOrError(loc, v.getType(), "input");
    if (!t)
      return failure();
    if (t.getElementType() != first.getElementType())
      return emitOptionalError(loc, "input ", i, " has element type ",
                               typeStr(t.getElementType()), ", expected ",
                               typeStr(first.getElementType()));
    bool ok = t.getRank() == rank;
    for (int64_t d = 0; ok && d < rank; ++d)
      ok = d == axis || t.getDimSize(d) == first.getDimSize(d);
    if (!ok)
      return emitOptionalError(loc, "input ", i, " has shape ",
                               shapeStr(t.getShape()), ", incompatible with ",
                               shapeStr(first.getShape()), " along axis ",
                               axis);
    shape[axis] += t.getDimSize(axis);
  }
  types.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  auto input = tensorOrError(loc, adaptor.getInput().getType(), "input");
  if (!input)
    return failure();
  ArrayRef<int64_t> offsets = adaptor.getOffsets(), sizes = adaptor.getSizes(),
                    strides = adaptor.getStrides();
  int64_t rank = input.getRank();
  if (static_cast<int64_t>(offsets.size()) != rank ||
      static_cast<int64_t>(sizes.size()) != rank ||
      static_cast<int64_t>(strides.size()) != rank)
    return emitOptionalError(loc, "offsets, sizes and strides must each have ",
                             rank, " entries (the input rank)");
  for (int64_t d = 0; d < rank; ++d) {
    int64_t dim = input.getDimSize(d);
    if (sizes[d] < 0 || strides[d] == 0)
      return emitOptionalError(loc, "dimension ", d,
                               ": size must be >= 0 and stride nonzero");
    if (sizes[d] == 0)
      continue;
    // The first and the last element read; a negative stride walks down
    // from `offset`, as NumPy's x[o::-s] does.
    int64_t step, last;
    bool overflow = llvm::MulOverflow(sizes[d] - 1, strides[d], step) ||
                    llvm::AddOverflow(offsets[d], step, last);
    if (offsets[d] < 0 || offsets[d] >= dim)
      return emitOptionalError(loc, "dimension ", d, ": offset ", offsets[d],
                               " is outside [0, ", dim, ")");
    if (overflow || last < 0 || last >= dim)
      return emitOptionalError(loc, "dimension ", d, ": slice from ",
                               offsets[d], " of ", sizes[d],
                               " elements with stride ", strides[d],
                               " runs past the dimension size ", dim);
  }
  types.push_back(RankedTensorType::get(sizes, input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// CastOp
//===----------------------------------------------------------------------===//

LogicalResult CastOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  auto input = tensorOrError(loc, adaptor.getInput().getType(), "input");
  if (!input)
    return failure();
  Type element = adaptor.getElementType();
  if (!element || !(isa<FloatType>(element) || element.isSignlessInteger()))
    return emitOptionalError(loc, "cannot cast to ",
                             element ? typeStr(element) : "<null>",
                             ": expected a float or signless integer type");
  types.push_back(RankedTensorType::get(input.getShape(), element));
  return success();
}

//===----------------------------------------------------------------------===//
// CompareOp and SelectOp
//===----------------------------------------------------------------------===//

LogicalResult CompareOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  SmallVector<Type> broadcast;
  if (failed(inferBroadcastBinaryType(loc, adaptor.getLhs().getType(),
                                      adaptor.getRhs().getType(), broadcast)))
    return failure();
  auto shape = cast<RankedTensorType>(broadcast.front()).getShape();
  types.push_back(RankedTensorType::get(shape, IntegerType::get(context, 1)));
  return success();
}

LogicalResult SelectOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  auto cond = tensorOrError(loc, adaptor.getCondition().getType(), "condition");
  if (!cond)
    return failure();
  SmallVector<Type> values;
  if (failed(inferBroadcastBinaryType(loc, adaptor.getTrueValue().getType(),
                                      adaptor.getFalseValue().getType(),
                                      values)))
    return failure();
  auto valueType = cast<RankedTensorType>(values.front());
  auto shape = broadcastShapes(cond.getShape(), valueType.getShape());
  if (failed(shape))
    return emitOptionalError(loc, "condition shape ", shapeStr(cond.getShape()),
                             " does not broadcast with value shape ",
                             shapeStr(valueType.getShape()));
  types.push_back(RankedTensorType::get(*shape, valueType.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// OneHotOp
//===----------------------------------------------------------------------===//

LogicalResult OneHotOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  auto labels = tensorOrError(loc, adaptor.getLabels().getType(), "labels");
  if (!labels)
    return failure();
  int64_t classes = static_cast<int64_t>(adaptor.getNumClasses());
  if (classes <= 0)
    return emitOptionalError(loc, "num_classes must be positive, got ",
                             classes);
  Type element = adaptor.getElementType();
  if (!element || !isa<FloatType>(element))
    return emitOptionalError(loc, "element_type must be a float type");
  SmallVector<int64_t> shape(labels.getShape());
  shape.push_back(classes);
  types.push_back(RankedTensorType::get(shape, element));
  return success();
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  auto table = tensorOrError(loc, adaptor.getTable().getType(), "table");
  auto indices = tensorOrError(loc, adaptor.getIndices().getType(), "indices");
  if (!table || !indices)
    return failure();
  auto axis = static_cast<int64_t>(adaptor.getAxis());
  if (axis < 0 || axis >= table.getRank())
    return emitOptionalError(loc, "axis ", axis, " is not a dimension of the ",
                             "table ", table);
  if (!indices.getElementType().isSignlessInteger())
    return emitOptionalError(loc, "indices must be integers, got ", indices);
  SmallVector<int64_t> shape(table.getShape().take_front(axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, table.getShape().drop_front(axis + 1));
  types.push_back(RankedTensorType::get(shape, table.getElementType()));
  return success();
}

LogicalResult ScatterAddOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  auto updates = tensorOrError(loc, adaptor.getUpdates().getType(), "updates");
  auto indices = tensorOrError(loc, adaptor.getIndices().getType(), "indices");
  if (!updates || !indices)
    return failure();
  if (updates.getRank() != 2 || indices.getRank() != 1 ||
      indices.getDimSize(0) != updates.getDimSize(0))
    return emitOptionalError(loc,
                             "scatter_add takes K x Q updates and K "
                             "indices, got ",
                             updates, " and ", indices);
  auto rows = static_cast<int64_t>(adaptor.getRows());
  if (rows <= 0)
    return emitOptionalError(loc, "rows must be positive, got ", rows);
  types.push_back(RankedTensorType::get({rows, updates.getDimSize(1)},
                                        updates.getElementType()));
  return success();
}

#define GET_OP_CLASSES
#include "aicc/Dialect/Aig/AigOps.cpp.inc"

ConstantOp aicc::aig::createSplatConstant(OpBuilder &builder, Location loc,
                                          RankedTensorType type, double value) {
  Type element = type.getElementType();
  Attribute scalar =
      isa<FloatType>(element)
          ? Attribute(FloatAttr::get(element, value))
          : Attribute(IntegerAttr::get(element, static_cast<int64_t>(value)));
  return ConstantOp::create(
      builder, loc, cast<ElementsAttr>(DenseElementsAttr::get(type, scalar)));
}

ConstantOp aicc::aig::createScalarLike(OpBuilder &builder, Location loc,
                                       Type like, double value) {
  auto element = cast<RankedTensorType>(like).getElementType();
  return createSplatConstant(builder, loc, RankedTensorType::get({}, element),
                             value);
}
