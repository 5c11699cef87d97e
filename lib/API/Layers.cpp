//===- Layers.cpp - layers with parameters and state ----------------------===//

#include "aicc/Layers.h"

#include "aicc/Ops.h"

#include <tuple>

namespace aicc {

Tensor batchNorm2d(Graph &g, const Tensor &x, const std::string &name,
                   bool training, const BatchNormOptions &options,
                   SourceLoc where) {
  std::vector<int64_t> shape = x.shape();
  if (shape.size() != 4)
    throw GraphError(name + ": batchNorm2d needs an NCHW tensor, got " +
                     x.typeString() + " at " + where.file + ":" +
                     std::to_string(where.line));
  int64_t c = shape[1];
  Tensor weight = g.parameter(name + ".weight", {c}, "ones", 0, 0, 0, where);
  Tensor bias = g.parameter(name + ".bias", {c}, "zeros", 0, 0, 0, where);
  Tensor runningMean = g.buffer(name + ".running_mean", {c}, "zeros", where);
  Tensor runningVar = g.buffer(name + ".running_var", {c}, "ones", where);
  Tensor mean = runningMean, var = runningVar;
  if (training) {
    // Both statistics in one pass over x.
    std::tie(mean, var) = moments(x, {0, 2, 3}, where);
    // PyTorch's running variance is the unbiased estimate.
    double count = double(shape[0] * shape[2] * shape[3]);
    double unbias = count > 1 ? count / (count - 1) : 1.0;
    double m = options.momentum;
    g.update(runningMean,
             add(mul(runningMean, scalarLike(x, 1 - m, where), where),
                 mul(mean, scalarLike(x, m, where), where), where),
             where);
    g.update(runningVar,
             add(mul(runningVar, scalarLike(x, 1 - m, where), where),
                 mul(var, scalarLike(x, m * unbias, where), where), where),
             where);
  }
  return batchNorm(x, mean, var, weight, bias, options.epsilon, where);
}

} // namespace aicc
