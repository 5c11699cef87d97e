//===- Losses.h - loss functions composed of aig ops ------------*- C++ -*-===//
//
// Each loss is built from ops that have gradients, written in the
// numerically stable form (log-softmax, log1p, log-sum-exp).
//
//===----------------------------------------------------------------------===//

#ifndef AICC_LOSSES_H
#define AICC_LOSSES_H

#include "aicc/Ops.h"

namespace aicc {

/// Mean over the batch of -log softmax(logits)[label]; logits [N, C],
/// labels [N] of any integer type.
Tensor crossEntropy(const Tensor &logits, const Tensor &labels,
                    SourceLoc where = SourceLoc::current());

/// mean((prediction - target)^2) over all elements.
Tensor meanSquaredError(const Tensor &prediction, const Tensor &target,
                        SourceLoc where = SourceLoc::current());

/// Binary cross-entropy on logits, mean over all elements:
/// max(x, 0) - x * t + log1p(exp(-|x|)).
Tensor binaryCrossEntropyWithLogits(const Tensor &logits, const Tensor &target,
                                    SourceLoc where = SourceLoc::current());

/// Binary cross-entropy on probabilities, mean over all elements; each log
/// is clamped at -100 like PyTorch's BCELoss.
Tensor binaryCrossEntropy(const Tensor &probability, const Tensor &target,
                          SourceLoc where = SourceLoc::current());

/// KL(N(mu, exp(logvar)) || N(0, 1)) summed over features, mean over the
/// batch (dimension 0): -0.5 * sum(1 + logvar - mu^2 - exp(logvar)) / N.
Tensor klDivergenceStandardNormal(const Tensor &mu, const Tensor &logvar,
                                  SourceLoc where = SourceLoc::current());

// Metrics: sums over the rows of a batch whose `mask` ([N] f32) is 1, for a
// @metrics graph (the Trainer divides by the number of samples).

/// Sum over the masked rows of -log softmax(logits)[label].
Tensor crossEntropySum(const Tensor &logits, const Tensor &labels,
                       const Tensor &mask,
                       SourceLoc where = SourceLoc::current());

/// Number of masked rows whose label has the largest logit (a tie with
/// another class counts as correct).
Tensor correctCount(const Tensor &logits, const Tensor &labels,
                    const Tensor &mask, SourceLoc where = SourceLoc::current());

/// Sum over the masked rows of the mean squared error of the row.
Tensor squaredErrorSum(const Tensor &prediction, const Tensor &target,
                       const Tensor &mask,
                       SourceLoc where = SourceLoc::current());

} // namespace aicc

#endif // AICC_LOSSES_H
