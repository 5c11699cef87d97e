//===- AigDialect.cpp - aig dialect registration --------------------------===//

#include "aicc/Dialect/Aig/AigDialect.h"
#include "aicc/Dialect/Aig/AigOps.h"

using namespace mlir;
using namespace aicc::aig;

#include "aicc/Dialect/Aig/AigDialect.cpp.inc"
#include "aicc/Dialect/Aig/AigEnums.cpp.inc"
#include "aicc/Dialect/Aig/AigInterfaces.cpp.inc"

void AigDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "aicc/Dialect/Aig/AigOps.cpp.inc"
      >();
}

Operation *AigDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                           Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, elements);
}
