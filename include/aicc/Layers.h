//===- Layers.h - layers with parameters and state ---------------*- C++
//-*-===//
//
// Layers that declare their own parameters and buffers in the graph, named
// after the layer (`name.weight`, `name.running_mean`, ...).
//
//===----------------------------------------------------------------------===//

#ifndef AICC_LAYERS_H
#define AICC_LAYERS_H

#include "aicc/Graph.h"

namespace aicc {

struct BatchNormOptions {
  double momentum = 0.1; ///< PyTorch's: running = (1 - m) running + m batch
  double epsilon = 1e-5;
};

/// PyTorch's nn.BatchNorm2d on NCHW `x`, per channel: the parameters
/// `name.weight` (ones) and `name.bias` (zeros), the buffers
/// `name.running_mean` (zeros) and `name.running_var` (ones).
/// - `training`: normalizes with the batch's mean and (biased) variance
///   over N, H and W, and declares the running statistics' updates
///   (unbiased variance, as PyTorch) with Graph::update, which the
///   compiled train step writes in place;
/// - otherwise: normalizes with the running statistics.
/// The gradient flows through the batch statistics (autodiff of the
/// composite ops), as in PyTorch.
Tensor batchNorm2d(Graph &g, const Tensor &x, const std::string &name,
                   bool training, const BatchNormOptions &options = {},
                   SourceLoc where = SourceLoc::current());

} // namespace aicc

#endif // AICC_LAYERS_H
