// Trains a one-hidden-layer MLP on Fashion-MNIST with the aicc C++ API:
// the model is a graph, the loss comes from aicc/Losses.h, and the Trainer
// compiles forward + backward + Adam into one step that updates the
// parameters in place.
//
//   api_train [EPOCHS] [TRAIN_SAMPLES]
#include <aicc/Losses.h>
#include <aicc/Ops.h>
#include <aicc/Trainer.h>
#include <aicc/runtime/Dataset.h>

#include <cstdlib>
#include <iostream>

namespace {
constexpr int64_t kBatch = 100;

/// Declares x and the parameters; returns the logits.
aicc::Tensor model(aicc::Graph &g) {
  auto x = g.input("x", {kBatch, 784});
  auto w1 = g.parameter("w1", {784, 128}, "kaiming_uniform");
  auto b1 = g.parameter("b1", {128}, "zeros");
  auto w2 = g.parameter("w2", {128, 10}, "xavier_uniform");
  auto b2 = g.parameter("b2", {10}, "zeros");
  return aicc::matmul(aicc::relu(aicc::matmul(x, w1) + b1), w2) + b2;
}
} // namespace

int main(int argc, char **argv) {
  int epochs = argc > 1 ? std::atoi(argv[1]) : 1;
  int64_t samples = argc > 2 ? std::atoll(argv[2]) : 0;
  try {
    aicc::rt::Dataset data = aicc::rt::loadFashionMNIST();

    aicc::Graph loss("loss");
    aicc::Tensor logits = model(loss);
    auto labels = loss.input("labels", {kBatch}, aicc::DType::I64);
    loss.output(aicc::crossEntropy(logits, labels));

    aicc::Graph predict("logits");
    predict.output(model(predict));

    aicc::OptimizerOptions adam;
    adam.kind = "adam";
    aicc::Trainer trainer =
        aicc::Trainer::fromGraphs(loss, &predict, adam, /*seed=*/42);

    aicc::FitOptions options;
    options.epochs = epochs;
    options.lr = 1e-3;
    options.trainLimit = samples;
    options.progress = false;
    auto history = aicc::fit(trainer, data, options);
    std::cout << "final test accuracy " << history.back().testAccuracy << "\n";
  } catch (const std::exception &e) {
    std::cerr << "api_train: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
