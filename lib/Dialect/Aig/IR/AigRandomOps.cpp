//===- AigRandomOps.cpp - shape rules of the random ops -------------------===//

#include "aicc/Dialect/Aig/AigOps.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace aicc::aig;

namespace {
template <typename Adaptor>
LogicalResult inferRandomType(std::optional<Location> loc, Adaptor adaptor,
                              SmallVectorImpl<Type> &types) {
  auto key = dyn_cast<RankedTensorType>(adaptor.getKey().getType());
  if (!key || key.getShape() != ArrayRef<int64_t>{2} ||
      !key.getElementType().isInteger(64))
    return emitOptionalError(loc,
                             "key must be a tensor<2xi64> [seed, "
                             "offset], got ",
                             adaptor.getKey().getType());
  int64_t stream = static_cast<int64_t>(adaptor.getStream());
  if (stream < 0 || stream >= (int64_t(1) << 32))
    return emitOptionalError(loc, "stream must be in [0, 2^32), got ", stream);
  int64_t count = 1;
  for (int64_t d : adaptor.getShape()) {
    if (d < 0)
      return emitOptionalError(loc, "shape must not have negative sizes");
    if (d > 0 && count > ((int64_t(1) << 32) - 1) / d)
      return emitOptionalError(loc, "a random tensor must have fewer than "
                                    "2^32 elements");
    count *= d;
  }
  auto element = dyn_cast<FloatType>(adaptor.getElementType());
  if (!element)
    return emitOptionalError(loc, "element type must be a float, got ",
                             adaptor.getElementType());
  types.push_back(RankedTensorType::get(adaptor.getShape(), element));
  return success();
}
} // namespace

LogicalResult RandomUniformOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  return inferRandomType(loc, adaptor, types);
}

LogicalResult RandomNormalOp::inferReturnTypes(MLIRContext *,
                                               std::optional<Location> loc,
                                               Adaptor adaptor,
                                               SmallVectorImpl<Type> &types) {
  return inferRandomType(loc, adaptor, types);
}
