//===- Compare.h - Numeric tensor comparison --------------------*- C++ -*-===//
//
// NumPy-style allclose used to check compiled results against references.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_RUNTIME_COMPARE_H
#define AICC_RUNTIME_COMPARE_H

#include "aicc/runtime/Tensor.h"

#include <cstdint>
#include <string>

namespace aicc::rt {

struct CompareResult {
  bool ok;
  /// Largest |actual - expected| over all elements.
  double maxAbsErr;
  /// Largest |actual - expected| / |expected| (inf where expected is 0 and
  /// the values differ).
  double maxRelErr;
  /// Flat index of the element furthest outside tolerance (or, if all are
  /// within tolerance, of the largest absolute error); -1 if none.
  int64_t worstIndex;
  /// Human-readable summary; explains the failure when !ok.
  std::string message;
};

/// Element-wise |actual - expected| <= atol + rtol * |expected| (numpy's
/// allclose). NaNs compare equal to NaNs and infinities to infinities of the
/// same sign. Differing dtypes or shapes give ok=false.
CompareResult allClose(const Tensor &actual, const Tensor &expected,
                       double rtol, double atol);

} // namespace aicc::rt

#endif // AICC_RUNTIME_COMPARE_H
