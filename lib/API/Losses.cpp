//===- Losses.cpp - loss functions composed of aig ops --------------------===//

#include "aicc/Losses.h"

#include <fmt/format.h>

namespace aicc {

namespace {
std::vector<int64_t> allAxes(const Tensor &t) {
  std::vector<int64_t> axes;
  for (int64_t i = 0; i < t.rank(); ++i)
    axes.push_back(i);
  return axes;
}
} // namespace

Tensor crossEntropy(const Tensor &logits, const Tensor &labels,
                    SourceLoc where) {
  if (logits.rank() != 2 || labels.rank() != 1 ||
      labels.shape()[0] != logits.shape()[0])
    throw GraphError(fmt::format(
        "crossEntropy: expected logits [N, C] and labels [N], got {} and {} "
        "(at {}:{})",
        logits.typeString(), labels.typeString(), where.file, where.line));
  int64_t n = logits.shape()[0], classes = logits.shape()[1];
  Tensor target = oneHot(labels, classes, logits.dtype(), where);
  Tensor picked = reduceSum(mul(target, logSoftmax(logits, 1, where), where),
                            {0, 1}, false, where);
  return LocatedTensor(picked, where) / (-double(n));
}

Tensor meanSquaredError(const Tensor &prediction, const Tensor &target,
                        SourceLoc where) {
  Tensor diff = sub(prediction, target, where);
  return reduceMean(mul(diff, diff, where), allAxes(diff), false, where);
}

Tensor binaryCrossEntropyWithLogits(const Tensor &x, const Tensor &t,
                                    SourceLoc where) {
  Tensor zero = scalarLike(x, 0.0, where);
  Tensor loss = add(sub(maximum(x, zero, where), mul(x, t, where), where),
                    log1p(exp(neg(abs(x, where), where), where), where), where);
  return reduceMean(loss, allAxes(loss), false, where);
}

Tensor binaryCrossEntropy(const Tensor &p, const Tensor &t, SourceLoc where) {
  auto clampedLog = [&](const Tensor &v) {
    Tensor floor = scalarLike(v, -100.0, where);
    return maximum(log(v, where), floor, where);
  };
  Tensor oneMinusT = 1.0 - LocatedTensor(t, where);
  Tensor oneMinusP = 1.0 - LocatedTensor(p, where);
  Tensor ll = add(mul(t, clampedLog(p), where),
                  mul(oneMinusT, clampedLog(oneMinusP), where), where);
  Tensor mean = reduceMean(ll, allAxes(ll), false, where);
  return neg(mean, where);
}

Tensor klDivergenceStandardNormal(const Tensor &mu, const Tensor &logvar,
                                  SourceLoc where) {
  if (mu.rank() < 1)
    throw GraphError(fmt::format("klDivergenceStandardNormal: mu must have a "
                                 "batch dimension, got {} (at {}:{})",
                                 mu.typeString(), where.file, where.line));
  Tensor terms =
      sub(sub(1.0 + LocatedTensor(logvar, where), mul(mu, mu, where), where),
          exp(logvar, where), where);
  Tensor total = reduceSum(terms, allAxes(terms), false, where);
  return total * (-0.5 / double(mu.shape()[0]));
}

} // namespace aicc
