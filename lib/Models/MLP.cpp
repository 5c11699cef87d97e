//===- MLP.cpp - the built-in multi-layer perceptron ----------------------===//

#include "aicc/Models.h"

#include "aicc/Losses.h"
#include "aicc/Ops.h"

namespace aicc::models {

namespace {
/// Declares x (and the parameters, after it) and returns the logits.
Tensor buildLogits(Graph &g, const MLPConfig &c, Tensor *x, bool training) {
  std::vector<int64_t> xShape = {c.batch};
  int64_t features = 1;
  for (int64_t d : c.sampleShape) {
    xShape.push_back(d);
    features *= d;
  }
  *x = g.input("x", xShape);
  Tensor h = reshape(*x, {c.batch, features});
  int64_t in = features;
  std::vector<int64_t> widths = c.hidden;
  widths.push_back(c.classes);
  for (size_t i = 0; i < widths.size(); ++i) {
    std::string n = std::to_string(i + 1);
    Tensor w = g.parameter("w" + n, {in, widths[i]}, "torch_linear", in);
    Tensor b = g.parameter("b" + n, {widths[i]}, "torch_linear", in);
    h = matmul(h, w) + b;
    if (i + 1 < widths.size())
      h = dropout(relu(h), c.dropout, training);
    in = widths[i];
  }
  return h;
}
} // namespace

Graph mlpLoss(const MLPConfig &config, const std::string &name) {
  Graph g(name);
  Tensor x;
  Tensor logits = buildLogits(g, config, &x, /*training=*/true);
  // Batch arguments (x, labels) keep their order; parameters are found by
  // their aig.param marks, wherever they are.
  Tensor labels = g.input("labels", {config.batch}, DType::I64);
  g.output(crossEntropy(logits, labels));
  return g;
}

Graph mlpMetrics(const MLPConfig &config) {
  Graph g("metrics");
  Tensor x;
  Tensor logits = buildLogits(g, config, &x, /*training=*/false);
  Tensor labels = g.input("labels", {config.batch}, DType::I64);
  Tensor mask = g.input("mask", {config.batch});
  g.markMask(mask);
  g.output(crossEntropySum(logits, labels, mask), "loss");
  g.output(correctCount(logits, labels, mask), "acc");
  return g;
}

Graph mlpLogits(const MLPConfig &config) {
  Graph g("logits");
  Tensor x;
  g.output(buildLogits(g, config, &x, /*training=*/false));
  return g;
}

} // namespace aicc::models
