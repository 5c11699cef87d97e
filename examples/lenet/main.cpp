// Trains LeNet-5 on Fashion-MNIST with the aicc C++ API: two convolutions
// with ReLU and max-pooling, then three fully connected layers, each
// initialized as PyTorch initializes nn.Conv2d and nn.Linear. The Trainer
// compiles forward + backward + Adam into one step that updates the
// parameters in place, and fit() runs the epochs.
//
//   lenet [EPOCHS] [--train-limit N] [--dropout P] [--seed S] [--data SPEC]
//
// EPOCHS defaults to 1; --train-limit uses only the first N training images;
// --dropout adds dropout after the ReLUs of fc1 and fc2 while training;
// --data is "fashion-mnist" (default), "fashion-mnist:DIR" or "npy:DIR"
// with 28x28 images.
#include <aicc/Losses.h>
#include <aicc/Ops.h>
#include <aicc/Trainer.h>
#include <aicc/runtime/Dataset.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>

namespace {
constexpr int64_t kBatch = 128;

/// A 5x5 convolution from `in` to `out` channels with PyTorch's default
/// initialization: weights and bias uniform in +-1/sqrt(in * 5 * 5).
aicc::Tensor conv5x5(aicc::Graph &g, const aicc::Tensor &x,
                     const std::string &name, int64_t in, int64_t out,
                     int64_t padding) {
  int64_t fanIn = in * 5 * 5;
  auto w = g.parameter(name + ".w", {out, in, 5, 5}, "torch_linear", fanIn);
  auto b = g.parameter(name + ".b", {out}, "torch_linear", fanIn);
  aicc::Conv2DOptions options;
  options.padding = {padding};
  return aicc::conv2d(x, w, b, options);
}

/// A fully connected layer, x [N, in] -> [N, out], initialized like
/// nn.Linear.
aicc::Tensor linear(aicc::Graph &g, const aicc::Tensor &x,
                    const std::string &name, int64_t in, int64_t out) {
  auto w = g.parameter(name + ".w", {in, out}, "torch_linear", in);
  auto b = g.parameter(name + ".b", {out}, "torch_linear", in);
  return aicc::matmul(x, w) + b;
}

/// Declares x (flat 28x28 images) and the parameters; returns the logits.
/// Dropout (probability `p`) acts only when `training`.
aicc::Tensor lenet(aicc::Graph &g, int64_t batch, double p, bool training) {
  auto x = g.input("x", {batch, 28 * 28});
  auto h = aicc::reshape(x, {batch, 1, 28, 28});
  h = aicc::maxPool2d(aicc::relu(conv5x5(g, h, "conv1", 1, 6, 2)), {2});
  h = aicc::maxPool2d(aicc::relu(conv5x5(g, h, "conv2", 6, 16, 0)), {2});
  h = aicc::reshape(h, {batch, 16 * 5 * 5}); // [N, 16, 5, 5] -> [N, 400]
  h = aicc::dropout(aicc::relu(linear(g, h, "fc1", 400, 120)), p, training);
  h = aicc::dropout(aicc::relu(linear(g, h, "fc2", 120, 84)), p, training);
  return linear(g, h, "fc3", 84, 10);
}

/// The training loss at `batch`: mean cross-entropy of the logits.
aicc::Graph lossGraph(int64_t batch, double p, const std::string &name) {
  aicc::Graph g(name);
  aicc::Tensor logits = lenet(g, batch, p, /*training=*/true);
  auto labels = g.input("labels", {batch}, aicc::DType::I64);
  g.output(aicc::crossEntropy(logits, labels));
  return g;
}

int usage() {
  std::cerr << "usage: lenet [EPOCHS] [--train-limit N] [--dropout P] "
               "[--seed S] [--data SPEC]\n";
  return 2;
}
} // namespace

int main(int argc, char **argv) {
  int epochs = 1;
  int64_t trainLimit = 0;
  double dropout = 0.0;
  uint64_t seed = 0;
  std::string data = "fashion-mnist";
  for (int i = 1; i < argc; ++i) {
    const char *arg = argv[i];
    const char *value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (!std::strcmp(arg, "--train-limit") && value)
      trainLimit = std::atoll(argv[++i]);
    else if (!std::strcmp(arg, "--dropout") && value)
      dropout = std::atof(argv[++i]);
    else if (!std::strcmp(arg, "--seed") && value)
      seed = std::strtoull(argv[++i], nullptr, 10);
    else if (!std::strcmp(arg, "--data") && value)
      data = argv[++i];
    else if (arg[0] != '-' && i == 1)
      epochs = std::atoi(arg);
    else
      return usage();
  }
  if (epochs < 1 || trainLimit < 0 || !(dropout >= 0.0 && dropout < 1.0))
    return usage();

  try {
    aicc::rt::Dataset dataset = aicc::rt::loadDataset(data);
    const std::vector<int64_t> &shape = dataset.trainX.shape();
    if (shape.size() != 2 || shape[1] != 28 * 28 || dataset.numClasses > 10) {
      std::cerr << "lenet: error: " << dataset.name
                << " does not hold flat 28x28 images of at most 10 classes\n";
      return 1;
    }

    // The loss at the batch size, and at the size of the epoch's last,
    // partial batch (if any), so that every image is used once per epoch.
    int64_t samples = shape[0];
    if (trainLimit > 0 && trainLimit < samples)
      samples = trainLimit;
    aicc::Graph loss = lossGraph(kBatch, dropout, "loss");
    std::optional<aicc::Graph> lossTail;
    if (samples % kBatch != 0)
      lossTail.emplace(lossGraph(samples % kBatch, dropout, "loss_tail"));
    // Predictions (for the test accuracy): the same parameters, no dropout.
    aicc::Graph logits("logits");
    logits.output(lenet(logits, kBatch, dropout, /*training=*/false));

    aicc::OptimizerOptions adam;
    adam.kind = "adam";
    aicc::Trainer trainer = aicc::Trainer::fromGraphs(
        loss, &logits, adam, seed, {}, lossTail ? &*lossTail : nullptr);

    aicc::FitOptions options;
    options.epochs = epochs;
    options.lr = 1e-3;
    options.seed = seed;
    options.trainLimit = trainLimit;
    options.progress = false;
    auto history = aicc::fit(trainer, dataset, options);
    std::cout << "final test accuracy " << history.back().testAccuracy << "\n";
  } catch (const std::exception &e) {
    std::cerr << "lenet: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
