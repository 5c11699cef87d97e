//===- Print.h - Human-readable tensor formatting ---------------*- C++ -*-===//
//
// NumPy-like pretty printing, used in test failure messages and debugging.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_RUNTIME_PRINT_H
#define AICC_RUNTIME_PRINT_H

#include "aicc/runtime/Tensor.h"

#include <string>

namespace aicc::rt {

/// Formats as a "tensor<2x3xf32>" header line followed by nested, column
/// aligned brackets, e.g.
///
///   tensor<2x3xf32>
///   [[0., 1., 2.],
///    [3., 4., 5.]]
///
/// Dimensions longer than `maxElementsPerDim` show their first and last few
/// entries around "..."; a value <= 0 disables eliding.
std::string formatTensor(const Tensor &tensor, int maxElementsPerDim = 6);

} // namespace aicc::rt

#endif // AICC_RUNTIME_PRINT_H
