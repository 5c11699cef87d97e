//===- ScanToSCF.h - aig.scan lowering pattern ------------------*- C++ -*-===//

#ifndef AICC_LIB_CONVERSION_AIGTOLINALG_SCANTOSCF_H
#define AICC_LIB_CONVERSION_AIGTOLINALG_SCANTOSCF_H

#include "mlir/IR/PatternMatch.h"

namespace aicc {
/// Lowers aig.scan to an scf.for over the steps: slices of the sequences
/// by tensor.extract_slice, stacked outputs by tensor.insert_slice into
/// loop-carried tensors. The body's aig ops are lowered by the other
/// patterns of the same conversion.
void populateScanToSCFPatterns(mlir::RewritePatternSet &patterns);
} // namespace aicc

#endif
