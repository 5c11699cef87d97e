//===- GatherToLinalg.h - aig.gather lowering pattern -----------*- C++ -*-===//

#ifndef AICC_LIB_CONVERSION_AIGTOLINALG_GATHERTOLINALG_H
#define AICC_LIB_CONVERSION_AIGTOLINALG_GATHERTOLINALG_H

#include "mlir/IR/PatternMatch.h"

namespace aicc {
/// Lowers aig.gather to a linalg.generic over the result that reads the
/// table with tensor.extract (an index out of range calls the runtime's
/// aicc_rt_index_error and reads row 0), and aig.scatter_add to a loop that
/// adds each update row into its row of a zero table.
void populateGatherToLinalgPatterns(mlir::RewritePatternSet &patterns);
} // namespace aicc

#endif
