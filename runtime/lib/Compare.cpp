//===- Compare.cpp - Numeric tensor comparison ----------------------------===//

#include "aicc/runtime/Compare.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace aicc::rt;

namespace {

// long double holds every int64 exactly on x86-64, so integer tensors are
// compared without rounding.
using Value = long double;

Value elementValue(const Tensor &tensor, int64_t flatIndex) {
  return visitDType(tensor.dtype(), [&](auto tag) -> Value {
    using T = typename decltype(tag)::type;
    return static_cast<Value>(tensor.data<T>()[flatIndex]);
  });
}

std::string formatIndex(const Tensor &tensor, int64_t flatIndex) {
  std::vector<int64_t> index(tensor.rank());
  for (int64_t d = tensor.rank() - 1; d >= 0; --d) {
    index[d] = flatIndex % tensor.shape()[d];
    flatIndex /= tensor.shape()[d];
  }
  return fmt::format("[{}]", fmt::join(index, ", "));
}

CompareResult mismatch(std::string message) {
  return {false, 0.0, 0.0, -1, std::move(message)};
}

} // namespace

CompareResult aicc::rt::allClose(const Tensor &actual, const Tensor &expected,
                                 double rtol, double atol) {
  if (actual.dtype() != expected.dtype())
    return mismatch(fmt::format("dtype mismatch: actual {} vs expected {}",
                                dtypeName(actual.dtype()),
                                dtypeName(expected.dtype())));
  if (actual.shape() != expected.shape())
    return mismatch(fmt::format("shape mismatch: actual tensor<{}> vs "
                                "expected tensor<{}>",
                                actual.shapeString(), expected.shapeString()));

  const double inf = std::numeric_limits<double>::infinity();
  CompareResult result{true, 0.0, 0.0, -1, ""};
  int64_t numElements = actual.numElements();
  int64_t numBad = 0;
  // Worst failure is ranked by error relative to the allowed tolerance, so
  // a small miss on a tiny value does not hide a large miss elsewhere.
  int64_t worstBad = -1, worstAny = -1;
  double worstBadRatio = -1.0, worstAnyAbs = -1.0;
  for (int64_t i = 0; i < numElements; ++i) {
    Value a = elementValue(actual, i), x = elementValue(expected, i);
    double absErr, relErr;
    if ((std::isnan(a) && std::isnan(x)) || (std::isinf(a) && a == x)) {
      absErr = relErr = 0.0;
    } else if (std::isnan(a) || std::isnan(x) || std::isinf(a) ||
               std::isinf(x)) {
      absErr = relErr = inf;
    } else {
      absErr = static_cast<double>(std::fabs(a - x));
      double mag = static_cast<double>(std::fabs(x));
      relErr = mag > 0 ? absErr / mag : (absErr > 0 ? inf : 0.0);
    }
    double allowed = atol + rtol * static_cast<double>(std::fabs(x));
    // An infinite error (NaN or inf mismatch) is never within tolerance, even
    // when rtol * |inf| makes the allowance infinite.
    if (absErr > allowed || std::isinf(absErr)) {
      ++numBad;
      double ratio =
          allowed > 0 && std::isfinite(allowed) ? absErr / allowed : inf;
      if (worstBad < 0 || ratio > worstBadRatio) {
        worstBadRatio = ratio;
        worstBad = i;
      }
    }
    result.maxAbsErr = std::max(result.maxAbsErr, absErr);
    result.maxRelErr = std::max(result.maxRelErr, relErr);
    if (absErr > worstAnyAbs) {
      worstAnyAbs = absErr;
      worstAny = i;
    }
  }

  result.ok = numBad == 0;
  result.worstIndex = result.ok ? worstAny : worstBad;
  if (result.ok) {
    result.message = fmt::format(
        "all {} elements close (max abs err {:g}, max rel err {:g})",
        numElements, result.maxAbsErr, result.maxRelErr);
    return result;
  }
  int64_t w = result.worstIndex;
  result.message = fmt::format(
      "{} of {} elements differ (rtol={:g}, atol={:g}); worst at {}: actual "
      "{}, expected {}; max abs err {:g}, max rel err {:g}",
      numBad, numElements, rtol, atol, formatIndex(actual, w),
      static_cast<double>(elementValue(actual, w)),
      static_cast<double>(elementValue(expected, w)), result.maxAbsErr,
      result.maxRelErr);
  return result;
}
