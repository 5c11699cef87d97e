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

namespace {
void checkClassification(const char *what, const Tensor &logits,
                         const Tensor &labels, const Tensor &mask,
                         SourceLoc where) {
  if (logits.rank() != 2 || labels.rank() != 1 || mask.rank() != 1 ||
      labels.shape()[0] != logits.shape()[0] ||
      mask.shape()[0] != logits.shape()[0])
    throw GraphError(fmt::format(
        "{}: expected logits [N, C], labels [N] and mask [N], got {}, {} and "
        "{} (at {}:{})",
        what, logits.typeString(), labels.typeString(), mask.typeString(),
        where.file, where.line));
}

/// Sum over rows of `perRow` [N] weighted by `mask`.
Tensor maskedSum(const Tensor &perRow, const Tensor &mask, SourceLoc where) {
  return reduceSum(mul(perRow, mask, where), {0}, false, where);
}
} // namespace

Tensor crossEntropySum(const Tensor &logits, const Tensor &labels,
                       const Tensor &mask, SourceLoc where) {
  checkClassification("crossEntropySum", logits, labels, mask, where);
  Tensor target = oneHot(labels, logits.shape()[1], logits.dtype(), where);
  Tensor picked = reduceSum(mul(target, logSoftmax(logits, 1, where), where),
                            {1}, false, where);
  return neg(maskedSum(picked, mask, where), where);
}

Tensor correctCount(const Tensor &logits, const Tensor &labels,
                    const Tensor &mask, SourceLoc where) {
  checkClassification("correctCount", logits, labels, mask, where);
  Tensor target = oneHot(labels, logits.shape()[1], logits.dtype(), where);
  Tensor labelLogit = reduceSum(mul(target, logits, where), {1}, false, where);
  Tensor best = reduceMax(logits, {1}, false, where);
  Tensor hit = cast(compare(Cmp::GE, labelLogit, best, where), logits.dtype(),
                    where);
  return maskedSum(hit, mask, where);
}

Tensor squaredErrorSum(const Tensor &prediction, const Tensor &target,
                       const Tensor &mask, SourceLoc where) {
  if (prediction.rank() < 1 || mask.rank() != 1 ||
      mask.shape()[0] != prediction.shape()[0])
    throw GraphError(fmt::format(
        "squaredErrorSum: expected prediction [N, ...] and mask [N], got {} "
        "and {} (at {}:{})",
        prediction.typeString(), mask.typeString(), where.file, where.line));
  Tensor diff = sub(prediction, target, where);
  std::vector<int64_t> rowAxes;
  for (int64_t i = 1; i < diff.rank(); ++i)
    rowAxes.push_back(i);
  Tensor perRow = rowAxes.empty()
                      ? mul(diff, diff, where)
                      : reduceMean(mul(diff, diff, where), rowAxes, false,
                                   where);
  return maskedSum(perRow, mask, where);
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
