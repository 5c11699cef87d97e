//===- Models.h - built-in models, written with the graph API ---*- C++ -*-===//

#ifndef AICC_MODELS_H
#define AICC_MODELS_H

#include "aicc/Graph.h"

#include <vector>

namespace aicc::models {

/// A multi-layer perceptron: flatten, (linear, ReLU) per hidden layer, then
/// a linear layer to the classes. Parameters w1, b1, w2, b2, ... (x @ W + b,
/// W is in x out), PyTorch nn.Linear's default initialization.
struct MLPConfig {
  int64_t batch = 128;
  std::vector<int64_t> sampleShape = {784};
  std::vector<int64_t> hidden = {256, 256};
  int64_t classes = 10;
};

/// `loss(x, labels, params...)`: mean cross-entropy of the logits. `name`
/// is the function's name ("loss_tail" for the epoch's last, smaller batch).
Graph mlpLoss(const MLPConfig &config, const std::string &name = "loss");
/// `logits(x, params...)`.
Graph mlpLogits(const MLPConfig &config);

} // namespace aicc::models

#endif // AICC_MODELS_H
