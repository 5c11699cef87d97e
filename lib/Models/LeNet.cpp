//===- LeNet.cpp - the built-in convolutional net -------------------------===//
//
// LeNet-5 as ../shared/bench-ref/cnn_train.py builds it in PyTorch:
// conv 5x5 -> 6 (padding 2), ReLU, max-pool 2; conv 5x5 -> 16, ReLU,
// max-pool 2; fc 120, ReLU; fc 84, ReLU; fc to the classes. Every layer
// starts from PyTorch's default initialization (uniform in +-1/sqrt(fan-in)
// for weights and biases alike).
//
//===----------------------------------------------------------------------===//

#include "aicc/Models.h"

#include "aicc/Layers.h"
#include "aicc/Losses.h"
#include "aicc/Ops.h"

namespace aicc::models {

namespace {
/// Declares x (and the parameters, after it) and returns the logits.
Tensor buildLogits(Graph &g, const LeNetConfig &c, bool training) {
  int64_t features = c.channels * c.height * c.width;
  Tensor x = g.input("x", {c.batch, features});
  Tensor h = reshape(x, {c.batch, c.channels, c.height, c.width});

  auto conv = [&](Tensor in, const std::string &name, int64_t inChannels,
                  int64_t outChannels, int64_t padding) {
    int64_t fanIn = inChannels * 5 * 5;
    Tensor w = g.parameter(name + ".w", {outChannels, inChannels, 5, 5},
                           "torch_linear", fanIn);
    Tensor b = g.parameter(name + ".b", {outChannels}, "torch_linear", fanIn);
    Conv2DOptions options;
    options.padding = {padding};
    Tensor y = conv2d(in, w, b, options);
    if (c.batchNorm)
      y = batchNorm2d(g, y, name + ".bn", training);
    return maxPool2d(relu(y), {2});
  };
  h = conv(h, "conv1", c.channels, 6, 2);
  h = conv(h, "conv2", 6, 16, 0);

  std::vector<int64_t> shape = h.shape();
  int64_t in = shape[1] * shape[2] * shape[3];
  h = reshape(h, {c.batch, in});
  const int64_t widths[] = {120, 84, c.classes};
  for (int i = 0; i < 3; ++i) {
    std::string n = "fc" + std::to_string(i + 1);
    Tensor w = g.parameter(n + ".w", {in, widths[i]}, "torch_linear", in);
    Tensor b = g.parameter(n + ".b", {widths[i]}, "torch_linear", in);
    h = matmul(h, w) + b;
    if (i < 2)
      h = dropout(relu(h), c.dropout, training);
    in = widths[i];
  }
  return h;
}
} // namespace

Graph lenetLoss(const LeNetConfig &config, const std::string &name) {
  Graph g(name);
  Tensor logits = buildLogits(g, config, /*training=*/true);
  Tensor labels = g.input("labels", {config.batch}, DType::I64);
  g.output(crossEntropy(logits, labels));
  return g;
}

Graph lenetMetrics(const LeNetConfig &config) {
  Graph g("metrics");
  Tensor logits = buildLogits(g, config, /*training=*/false);
  Tensor labels = g.input("labels", {config.batch}, DType::I64);
  Tensor mask = g.input("mask", {config.batch});
  g.markMask(mask);
  g.output(crossEntropySum(logits, labels, mask), "loss");
  g.output(correctCount(logits, labels, mask), "acc");
  return g;
}

Graph lenetLogits(const LeNetConfig &config) {
  Graph g("logits");
  g.output(buildLogits(g, config, /*training=*/false));
  return g;
}

} // namespace aicc::models
