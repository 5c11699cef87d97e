//===- ConvPoolToLinalg.h - conv/pool lowering patterns ---------*- C++ -*-===//

#ifndef AICC_LIB_CONVERSION_AIGTOLINALG_CONVPOOLTOLINALG_H
#define AICC_LIB_CONVERSION_AIGTOLINALG_CONVPOOLTOLINALG_H

#include "mlir/IR/PatternMatch.h"

namespace aicc {
/// Lowerings of aig.conv2d, the pools and their gradient ops to linalg,
/// tensor and scf on tensors.
void populateConvPoolToLinalgPatterns(mlir::RewritePatternSet &patterns);
} // namespace aicc

#endif
