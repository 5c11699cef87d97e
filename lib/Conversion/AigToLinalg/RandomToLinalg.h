//===- RandomToLinalg.h - random op lowering patterns -----------*- C++ -*-===//

#ifndef AICC_LIB_CONVERSION_AIGTOLINALG_RANDOMTOLINALG_H
#define AICC_LIB_CONVERSION_AIGTOLINALG_RANDOMTOLINALG_H

#include "mlir/IR/PatternMatch.h"

namespace aicc {
/// Lowerings of aig.random_uniform and aig.random_normal to a
/// linalg.generic that computes Philox4x32-10 per element.
void populateRandomToLinalgPatterns(mlir::RewritePatternSet &patterns);
} // namespace aicc

#endif
