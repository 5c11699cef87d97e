//===- TrainerTest.cpp - Trainer, grad() and losses from C++ --------------===//

#include "aicc/Trainer.h"
#include "aicc/Losses.h"
#include "aicc/runtime/Alloc.h"
#include "aicc/runtime/Checkpoint.h"
#include "aicc/runtime/Error.h"

#include "TestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

using namespace aicc;

namespace {

using rt::test_support::randomTensor;
using rt::test_support::readFile;

Graph smallMlpLoss() {
  Graph g("loss");
  auto x = g.input("x", {8, 20});
  auto w1 = g.parameter("w1", {20, 16});
  auto b1 = g.parameter("b1", {16});
  auto w2 = g.parameter("w2", {16, 3});
  auto b2 = g.parameter("b2", {3});
  auto labels = g.input("labels", {8}, DType::I64);
  g.output(crossEntropy(matmul(relu(matmul(x, w1) + b1), w2) + b2, labels));
  return g;
}

rt::Tensor labels8() {
  rt::Tensor y(DType::I64, {8});
  for (int i = 0; i < 8; ++i)
    y.data<int64_t>()[i] = i % 3;
  return y;
}

TEST(Trainer, UpdatesParametersInPlaceWithoutExtraAllocations) {
  Trainer trainer = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"adam"}, 1);
  std::vector<const void *> addresses;
  for (rt::Tensor &t : trainer.parameters())
    addresses.push_back(t.data());
  for (rt::Tensor &t : trainer.state())
    addresses.push_back(t.data());
  rt::Tensor before = trainer.parameters()[0].clone();
  rt::Tensor x = randomTensor({8, 20}, 2), y = labels8();

  std::vector<rt::AllocStats> perStep;
  std::vector<float> losses;
  for (int s = 0; s < 4; ++s) {
    rt::resetAllocStats();
    losses.push_back(trainer.step({&x, &y}, 1e-2));
    perStep.push_back(rt::allocStats());
  }
  // The same buffers hold parameters and state after every step...
  size_t k = 0;
  for (rt::Tensor &t : trainer.parameters())
    EXPECT_EQ(t.data(), addresses[k++]);
  for (rt::Tensor &t : trainer.state())
    EXPECT_EQ(t.data(), addresses[k++]);
  // ...and they changed.
  EXPECT_NE(std::memcmp(before.data(), trainer.parameters()[0].data(),
                        before.byteSize()),
            0);
  // Temporaries only: every step allocates the same, and frees it all.
  for (const rt::AllocStats &s : perStep) {
    EXPECT_EQ(s.allocations, perStep[0].allocations);
    EXPECT_EQ(s.bytesAllocated, perStep[0].bytesAllocated);
    EXPECT_EQ(s.frees, s.allocations);
  }
  EXPECT_LT(losses.back(), losses.front());
  EXPECT_EQ(trainer.stepCount(), 4);
}

TEST(Trainer, CheckpointRoundTripIsBitExact) {
  Trainer trainer = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"sgd"}, 5);
  rt::Tensor x = randomTensor({8, 20}, 3), y = labels8();
  trainer.step({&x, &y}, 0.1);
  std::string path = ::testing::TempDir() + "/trainer.safetensors";
  trainer.save(path, {{"epoch", "1"}});
  std::vector<rt::Tensor> saved;
  for (rt::Tensor &t : trainer.parameters())
    saved.push_back(t.clone());
  for (rt::Tensor &t : trainer.state())
    saved.push_back(t.clone());
  trainer.step({&x, &y}, 0.1); // changes everything
  auto metadata = trainer.load(path);
  EXPECT_EQ(metadata["epoch"], "1");
  EXPECT_EQ(trainer.stepCount(), 1);
  size_t k = 0;
  for (rt::Tensor &t : trainer.parameters())
    EXPECT_EQ(std::memcmp(t.data(), saved[k++].data(), t.byteSize()), 0);
  for (rt::Tensor &t : trainer.state())
    EXPECT_EQ(std::memcmp(t.data(), saved[k++].data(), t.byteSize()), 0);
}

// Every metadata field is checked before anything is used: a bad one is a
// TrainingError naming it, and parameters, state and step stay as they were.
TEST(Trainer, LoadChecksMetadataBeforeChangingAnything) {
  Trainer trainer = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"adam"}, 5);
  rt::Tensor x = randomTensor({8, 20}, 3), y = labels8();
  trainer.step({&x, &y}, 0.1);
  std::string good = ::testing::TempDir() + "/meta-good.safetensors";
  trainer.save(good, {{"epoch", "1"}});
  std::map<std::string, std::string> valid;
  rt::loadSafetensors(good, &valid);
  EXPECT_EQ(valid["format"], "aicc-checkpoint-1");

  // The same tensors, with the parameters changed, under bad metadata.
  std::vector<rt::Tensor> other;
  std::vector<std::pair<std::string, const rt::Tensor *>> tensors;
  for (size_t i = 0; i < trainer.parameters().size(); ++i) {
    other.push_back(randomTensor(trainer.parameters()[i].shape(), 50 + i));
  }
  for (size_t i = 0; i < other.size(); ++i)
    tensors.push_back({trainer.parameterNames()[i], &other[i]});
  for (size_t i = 0; i < trainer.state().size(); ++i)
    tensors.push_back({trainer.stateNames()[i], &trainer.state()[i]});
  std::vector<rt::Tensor> before;
  for (rt::Tensor &t : trainer.parameters())
    before.push_back(t.clone());

  auto with = [&](std::map<std::string, std::string> changes) {
    auto metadata = valid;
    for (auto &[key, value] : changes)
      if (value == "<erase>")
        metadata.erase(key);
      else
        metadata[key] = value;
    return metadata;
  };
  struct Case {
    std::map<std::string, std::string> metadata;
    std::string message;
  } cases[] = {
      {with({{"step", "abc"}}), "metadata 'step' is not a count: 'abc'"},
      {with({{"step", "-1"}}), "metadata 'step' is out of range"},
      {with({{"step", "99999999999999999999"}}),
       "metadata 'step' is out of range"},
      {with({{"step", "<erase>"}}), "metadata 'step' is missing"},
      {with({{"format", "safetensors-from-elsewhere"}}),
       "metadata 'format' is 'safetensors-from-elsewhere', expected "
       "'aicc-checkpoint-1'"},
      {with({{"epoch", "2147483647"}}), "metadata 'epoch' is out of range"},
      {with({{"epoch", "1.5"}}), "metadata 'epoch' is not a count"},
      {with({{"seed", "-3"}}), "metadata 'seed' is not an unsigned integer"},
      {with({{"lr_schedule", "linear"}}), "metadata 'lr_schedule' is 'linear'"},
      {with({{"epoch_step", "1"}}), "must be all present or all absent"},
      {with({{"epoch_step", "5"},
             {"epoch_steps", "5"},
             {"epoch_loss_sum", "1.0"}}),
       "metadata 'epoch_step' is out of range [1, 4]"},
      {with({{"epoch_step", "1"},
             {"epoch_steps", "5"},
             {"epoch_loss_sum", "nan"}}),
       "metadata 'epoch_loss_sum' is not a finite number"},
      {with({{"epoch_step", "3"},
             {"epoch_steps", "5"},
             {"epoch_loss_sum", "1.0"}}),
       "metadata 'step' is 1, fewer than its 'epoch_step' 3"},
      {with({{"optimizer", "sgd"}}), "was trained with optimizer sgd"},
      {{}, "has no __metadata__"},
  };
  std::string bad = ::testing::TempDir() + "/meta-bad.safetensors";
  for (const Case &c : cases) {
    SCOPED_TRACE(c.message);
    rt::saveSafetensors(bad, tensors, c.metadata);
    try {
      trainer.load(bad);
      ADD_FAILURE() << "no error";
    } catch (const TrainingError &e) {
      EXPECT_THAT(e.what(), ::testing::HasSubstr(c.message));
      EXPECT_THAT(e.what(), ::testing::HasSubstr("meta-bad.safetensors"));
    }
    EXPECT_EQ(trainer.stepCount(), 1);
    for (size_t i = 0; i < before.size(); ++i)
      EXPECT_EQ(std::memcmp(before[i].data(), trainer.parameters()[i].data(),
                            before[i].byteSize()),
                0);
  }
  // A bad file is a TrainingError too (not the runtime's rt::Error).
  EXPECT_THROW(trainer.load(::testing::TempDir() + "/missing.safetensors"),
               TrainingError);
  // Parameters only (eval): no step needed, but what is there is checked.
  rt::saveSafetensors(bad, tensors, {});
  EXPECT_NO_THROW(trainer.load(bad, /*withState=*/false));
  rt::saveSafetensors(bad, tensors, with({{"format", "v2"}}));
  EXPECT_THROW(trainer.load(bad, /*withState=*/false), TrainingError);
}

TEST(Fit, ResumeFromChecksTheEpoch) {
  FitOptions options;
  std::map<std::string, std::string> metadata = {
      {"format", "aicc-checkpoint-1"}, {"step", "10"}};
  EXPECT_THROW(resumeFrom(options, metadata), TrainingError); // no epoch
  metadata["epoch"] = "2147483647";
  EXPECT_THROW(resumeFrom(options, metadata), TrainingError);
  metadata["epoch"] = "2";
  resumeFrom(options, metadata);
  EXPECT_EQ(options.startEpoch, 3);
  EXPECT_EQ(options.startStep, 0);
}

// Trainer::step counts the tensors the caller passes (features, labels),
// not the compiled step's own arguments.
TEST(Trainer, StepChecksTheBatch) {
  Trainer trainer = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"adam"}, 1);
  rt::Tensor x = randomTensor({8, 20}, 2);
  try {
    trainer.step({&x}, 0.1);
    ADD_FAILURE() << "no error";
  } catch (const TrainingError &e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr(
                              "Trainer::step takes 2 batch tensor(s) (the "
                              "non-parameter arguments of @loss, in order), "
                              "got 1"));
  }
  EXPECT_THROW(trainer.step({&x, nullptr}, 0.1), TrainingError);
  EXPECT_EQ(trainer.stepCount(), 0);
}

TEST(Trainer, SameSeedSameWeights) {
  Trainer a = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"adam"}, 9);
  Trainer b = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"adam"}, 9);
  Trainer c = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"adam"}, 10);
  const rt::Tensor &wa = a.parameters()[0], &wb = b.parameters()[0],
                   &wc = c.parameters()[0];
  EXPECT_EQ(std::memcmp(wa.data(), wb.data(), wa.byteSize()), 0);
  EXPECT_NE(std::memcmp(wa.data(), wc.data(), wa.byteSize()), 0);
  // torch_linear: U(-1/sqrt(20), 1/sqrt(20)).
  for (int64_t i = 0; i < wa.numElements(); ++i)
    EXPECT_LE(std::abs(wa.data<float>()[i]), 1 / std::sqrt(20.0f));
}

/// 40 training and 16 test samples of 20 features, 3 classes.
rt::Dataset smallDataset() {
  rt::Dataset data{randomTensor({40, 20}, 11),
                   rt::Tensor(DType::I64, {40}),
                   randomTensor({16, 20}, 12),
                   rt::Tensor(DType::I64, {16}),
                   3,
                   "synthetic"};
  for (int64_t i = 0; i < 40; ++i)
    data.trainY.data<int64_t>()[i] = i % 3;
  for (int64_t i = 0; i < 16; ++i)
    data.testY.data<int64_t>()[i] = i % 3;
  return data;
}

/// `epochs` epochs at lr 0.1 with the default schedule, printing nothing.
FitOptions quietFit(int epochs) {
  FitOptions options;
  options.epochs = epochs;
  options.lr = 0.1;
  options.progress = false;
  options.log = nullptr;
  return options;
}

// The whole-run cosine rate depends on the step and the total number of
// epochs, both of which a checkpoint records: a run stopped after epoch 1
// and resumed ends bit-identical to an uninterrupted one.
TEST(Fit, CosineRunStoppedAndResumedMatchesUninterruptedRun) {
  rt::Dataset data = smallDataset();
  FitOptions options = quietFit(3);
  options.lrSchedule = "cosine";

  std::string full = ::testing::TempDir() + "/fit-full.safetensors";
  std::string part = ::testing::TempDir() + "/fit-part.safetensors";
  Trainer a = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"sgd"}, 4);
  options.checkpoint = full;
  std::vector<EpochStats> uninterrupted = fit(a, data, options);
  ASSERT_EQ(uninterrupted.size(), 3u);

  Trainer b = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"sgd"}, 4);
  options.checkpoint = part;
  options.onEpoch = [](const EpochStats &stats) { return stats.epoch < 1; };
  ASSERT_EQ(fit(b, data, options).size(), 1u); // stopped after epoch 1

  Trainer c = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"sgd"}, 4);
  auto metadata = c.load(part);
  EXPECT_EQ(metadata["epoch"], "1");
  EXPECT_EQ(metadata["epochs"], "3");
  EXPECT_EQ(metadata["lr_schedule"], "cosine");
  options.onEpoch = nullptr;
  options.startEpoch = 2;
  std::vector<EpochStats> resumed = fit(c, data, options);
  ASSERT_EQ(resumed.size(), 2u);
  EXPECT_EQ(resumed[1].stepLosses, uninterrupted[2].stepLosses);
  EXPECT_EQ(readFile(part), readFile(full));
}

// Interrupted (stopRequested, as on Ctrl-C) at an epoch boundary and then
// after the first step of the next epoch: each stop saves a checkpoint, and
// resuming from the last one ends bit-identical to an uninterrupted run.
TEST(Fit, InterruptedMidEpochResumesExactly) {
  rt::Dataset data = smallDataset();
  std::string full = ::testing::TempDir() + "/stop-full.safetensors";
  std::string part = ::testing::TempDir() + "/stop-part.safetensors";
  FitOptions options = quietFit(3);
  options.checkpoint = full;
  Trainer a = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"adam"}, 6);
  std::vector<EpochStats> uninterrupted = fit(a, data, options);

  std::atomic<bool> stop{false};
  options.checkpoint = part;
  options.stopRequested = &stop;
  // Stop requested during epoch 1's last step: epoch 1 completes.
  options.onEpoch = [&](const EpochStats &) {
    stop = true;
    return true;
  };
  Trainer b = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"adam"}, 6);
  ASSERT_EQ(fit(b, data, options).size(), 1u);
  options.onEpoch = nullptr;

  // Already requested when training resumes: stops after one step.
  Trainer c = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"adam"}, 6);
  resumeFrom(options, c.load(part));
  EXPECT_EQ(options.startEpoch, 2);
  EXPECT_EQ(options.startStep, 0);
  EXPECT_TRUE(fit(c, data, options).empty());
  EXPECT_EQ(c.stepCount(), 6);

  Trainer d = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"adam"}, 6);
  auto metadata = d.load(part);
  EXPECT_EQ(metadata["epoch"], "1");
  EXPECT_EQ(metadata["epoch_step"], "1");
  EXPECT_EQ(metadata["epoch_steps"], "5");
  resumeFrom(options, metadata);
  EXPECT_EQ(options.startEpoch, 2);
  EXPECT_EQ(options.startStep, 1);
  stop = false;
  std::vector<EpochStats> resumed = fit(d, data, options);
  ASSERT_EQ(resumed.size(), 2u);
  // Epoch 2's mean loss includes the step done before the interruption.
  EXPECT_EQ(resumed[0].trainLoss, uninterrupted[1].trainLoss);
  EXPECT_EQ(resumed[1].stepLosses, uninterrupted[2].stepLosses);
  EXPECT_EQ(readFile(part), readFile(full));

  // A mid-epoch checkpoint needs the same steps per epoch.
  Trainer e = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"adam"}, 6);
  options.startStep = 1;
  options.startStepsPerEpoch = 4;
  options.checkpoint.clear();
  EXPECT_THROW(fit(e, data, options), TrainingError);
}

// Predictions need @logits; a model with only @loss says so.
TEST(Fit, PredictNeedsLogits) {
  rt::Dataset data = smallDataset();
  Trainer trainer = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"sgd"}, 1);
  EXPECT_THROW(predict(trainer, data, 3), TrainingError);
}

// The default schedule is constant (PyTorch's default). cosine-per-epoch
// anneals within every epoch: the rate starts each epoch at lr and ends it
// near 0; it does not depend on the epoch count.
TEST(Fit, DefaultScheduleIsConstant) {
  FitOptions options = quietFit(5);
  EXPECT_EQ(options.lrSchedule, "constant");
  EXPECT_DOUBLE_EQ(learningRate(options, 2, 50, 100), 0.1);
  options.lrSchedule = "cosine-per-epoch";
  EXPECT_DOUBLE_EQ(learningRate(options, 1, 0, 100), 0.1);
  EXPECT_DOUBLE_EQ(learningRate(options, 3, 0, 100), 0.1);
  EXPECT_DOUBLE_EQ(learningRate(options, 2, 50, 100), 0.05);
  EXPECT_LT(learningRate(options, 4, 99, 100), 1e-4);
  options.epochs = 9;
  EXPECT_DOUBLE_EQ(learningRate(options, 2, 50, 100), 0.05);
  options.lrSchedule = "cosine"; // over all 9 epochs: half way at 4.5
  EXPECT_DOUBLE_EQ(learningRate(options, 5, 50, 100), 0.05);
  options.lrSchedule = "constant";
  EXPECT_DOUBLE_EQ(learningRate(options, 5, 50, 100), 0.1);
}

// The schedule matters: the same run with a constant rate ends elsewhere.
TEST(Fit, ConstantScheduleDiffersFromCosine) {
  rt::Dataset data = smallDataset();
  FitOptions options = quietFit(2);
  Trainer a = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"sgd"}, 4);
  Trainer b = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"sgd"}, 4);
  options.lrSchedule = "cosine-per-epoch";
  std::vector<EpochStats> cosine = fit(a, data, options);
  options.lrSchedule = "constant";
  std::vector<EpochStats> constant = fit(b, data, options);
  // Step 0 runs at the full rate in both; later steps differ.
  EXPECT_EQ(cosine[0].stepLosses[0], constant[0].stepLosses[0]);
  EXPECT_NE(cosine[1].stepLosses.back(), constant[1].stepLosses.back());
  options.lrSchedule = "linear";
  EXPECT_THROW(fit(b, data, options), TrainingError);
}

/// y = sin(x0) + x1 * x2 over 3 features, a noiseless regression target.
rt::Dataset regressionData(int64_t train, int64_t test) {
  auto targets = [](const rt::Tensor &x) {
    int64_t n = x.shape()[0];
    rt::Tensor y(DType::F32, {n, 1});
    for (int64_t i = 0; i < n; ++i) {
      const float *r = x.data<float>() + 3 * i;
      y.data<float>()[i] = std::sin(r[0]) + r[1] * r[2];
    }
    return y;
  };
  rt::Tensor xTrain = randomTensor({train, 3}, 21),
             xTest = randomTensor({test, 3}, 22);
  rt::Tensor yTrain = targets(xTrain), yTest = targets(xTest);
  return rt::Dataset{std::move(xTrain),
                     std::move(yTrain),
                     std::move(xTest),
                     std::move(yTest),
                     0,
                     "regression"};
}

/// The regression net of docs/api.md: 3 -> 32 (tanh) -> 1, MSE.
Tensor regressionNet(Graph &g, int64_t batch) {
  auto x = g.input("x", {batch, 3});
  auto w1 = g.parameter("w1", {3, 32}), b1 = g.parameter("b1", {32}, "zeros");
  auto w2 = g.parameter("w2", {32, 1}), b2 = g.parameter("b2", {1}, "zeros");
  return matmul(tanh(matmul(x, w1) + b1), w2) + b2;
}

TEST(Fit, TrainsARegressionNetWithCompiledMetrics) {
  rt::Dataset data = regressionData(1024, 300);
  ASSERT_FALSE(data.hasClasses());
  Graph loss("loss");
  Tensor prediction = regressionNet(loss, 64);
  loss.output(meanSquaredError(prediction, loss.input("y", {64, 1})));
  Graph metrics("metrics");
  prediction = regressionNet(metrics, 64);
  Tensor y = metrics.input("y", {64, 1});
  Tensor mask = metrics.input("mask", {64});
  metrics.markMask(mask);
  metrics.output(squaredErrorSum(prediction, y, mask), "mse");
  Trainer trainer = Trainer::fromGraphs(loss, nullptr, OptimizerOptions{}, 0,
                                        {}, nullptr, &metrics);
  EXPECT_EQ(trainer.metricNames(), std::vector<std::string>{"mse"});
  FitOptions options = quietFit(30);
  options.lr = 1e-2;
  std::vector<EpochStats> history = fit(trainer, data, options);
  ASSERT_EQ(history.size(), 30u);
  ASSERT_EQ(history[0].testMetrics.size(), 1u);
  double first = history.front().testMetrics[0].second;
  double last = history.back().testMetrics[0].second;
  // The mean of y^2 is about 0.4: a constant guess has MSE ~0.3; the net
  // must do far better, and the metric must be the real test MSE.
  EXPECT_LT(last, 0.02);
  EXPECT_LT(last, first / 5);
  // 300 test samples: 4 full batches and one of 44 padded to 64, masked.
  std::vector<std::pair<std::string, double>> again =
      evaluateMetrics(trainer, data);
  EXPECT_DOUBLE_EQ(again[0].second, last);
  EXPECT_TRUE(std::isnan(history.back().testAccuracy));
}

TEST(Trainer, RejectsModelsWithoutParameters) {
  Graph g("loss");
  auto x = g.input("x", {4});
  g.output(reduceSum(x * x, {0}));
  EXPECT_THROW(Trainer::fromGraphs(g, nullptr, {"adam"}, 0), TrainingError);
  EXPECT_THROW(Trainer::fromGraphs(smallMlpLoss(), nullptr, {"rmsprop"}, 0),
               TrainingError);
}

/// Runs a graph with one scalar output and returns it.
float scalarOf(Graph &g, const std::vector<const rt::Tensor *> &in) {
  return g.compile().run(in)[0].data<float>()[0];
}

TEST(Losses, MatchClosedForms) {
  rt::Tensor a = randomTensor({4, 3}, 1),
             b = randomTensor({4, 3}, 2, 0.05f, 0.95f);
  auto at = [](const rt::Tensor &t, int i) {
    return double(t.data<float>()[i]);
  };
  double mse = 0, bceLogits = 0, bce = 0, kl = 0;
  for (int i = 0; i < 12; ++i) {
    double x = at(a, i), t = at(b, i), p = 1 / (1 + std::exp(-x));
    mse += (x - t) * (x - t) / 12;
    bceLogits += -(t * std::log(p) + (1 - t) * std::log(1 - p)) / 12;
    bce += -(t * std::log(t) + (1 - t) * std::log(1 - t)) / 12;
    kl += -0.5 * (1 + t - x * x - std::exp(t)) / 4;
  }
  auto check = [&](auto build, double expected) {
    Graph g("f");
    auto x = g.input("a", {4, 3}), t = g.input("b", {4, 3});
    g.output(build(x, t));
    EXPECT_NEAR(scalarOf(g, {&a, &b}), expected, 1e-5 * std::abs(expected));
  };
  check([](Tensor x, Tensor t) { return meanSquaredError(x, t); }, mse);
  check([](Tensor x, Tensor t) { return binaryCrossEntropyWithLogits(x, t); },
        bceLogits);
  check([](Tensor, Tensor t) { return binaryCrossEntropy(t, t); }, bce);
  check([](Tensor x, Tensor t) { return klDivergenceStandardNormal(x, t); },
        kl);
}

TEST(GradApi, GradientOfSumOfSquares) {
  Graph g("f");
  auto x = g.input("x", {5});
  auto loss = reduceSum(x * x, {0});
  auto grads = grad(loss, {x});
  g.output(loss);
  g.output(grads[0]);
  rt::Tensor xs = randomTensor({5}, 4);
  auto results = g.compile().run({&xs});
  for (int i = 0; i < 5; ++i)
    EXPECT_NEAR(results[1].data<float>()[i], 2 * xs.data<float>()[i], 1e-6);
}

TEST(GradApi, NonDifferentiablePathIsALocatedError) {
  Graph g("f");
  auto x = g.input("x", {5});
  auto positive = compare(Cmp::GT, x, scalarLike(x, 0.0));
  auto loss = reduceSum(cast(positive, DType::F32), {0});
  try {
    grad(loss, {x});
    FAIL() << "expected GraphError";
  } catch (const GraphError &e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("grad: "));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("TrainerTest.cpp:"));
  }
}

} // namespace

namespace {
/// @sample(params, rng): z ~ N(0, I) [4, 16] through the first layer.
Graph smallSample() {
  Graph g("sample");
  Tensor z = g.randomNormal({4, 20});
  g.output(matmul(z, g.parameter("w1", {20, 16})) + g.parameter("b1", {16}));
  return g;
}
} // namespace

TEST(Trainer, CallsOtherFunctionsOnItsParameters) {
  Graph sample = smallSample();
  Trainer trainer = Trainer::fromGraphs(smallMlpLoss(), nullptr, {"adam"}, 5,
                                        {}, nullptr, nullptr, {&sample});
  ASSERT_TRUE(trainer.hasFunction("sample"));
  EXPECT_FALSE(trainer.hasFunction("loss"));
  EXPECT_TRUE(trainer.inputSpecs("sample").empty()); // params and key bound
  ASSERT_EQ(trainer.resultSpecs("sample").size(), 1u);
  EXPECT_EQ(trainer.resultSpecs("sample")[0].first,
            (std::vector<int64_t>{4, 16}));

  // The same key gives the same draw; another offset another one; and the
  // result is z @ w1 + b1 with the Trainer's current parameters.
  rt::Tensor a(DType::F32, {4, 16}), b(DType::F32, {4, 16}),
      c(DType::F32, {4, 16});
  trainer.call("sample", {}, {&a}, 0);
  trainer.call("sample", {}, {&b}, 0);
  trainer.call("sample", {}, {&c}, 1);
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.byteSize()), 0);
  EXPECT_NE(std::memcmp(a.data(), c.data(), a.byteSize()), 0);
  rt::Tensor x = randomTensor({8, 20}, 2), y = labels8();
  trainer.step({&x, &y}, 1e-2);
  trainer.call("sample", {}, {&b}, 0);
  EXPECT_NE(std::memcmp(a.data(), b.data(), a.byteSize()), 0)
      << "the trained parameters are used";

  EXPECT_THROW(trainer.call("nothing", {}, {&a}), TrainingError);
  EXPECT_THROW(trainer.call("sample", {&x}, {&a}), TrainingError);
  EXPECT_THROW(trainer.call("sample", {}, {&a}, -1), TrainingError);
  EXPECT_THROW(trainer.call("sample", {}, {&x}), TrainingError); // shape
  Graph loss = smallMlpLoss();
  EXPECT_THROW(Trainer::fromGraphs(smallMlpLoss(), nullptr, {"adam"}, 5, {},
                                   nullptr, nullptr, {&loss}),
               TrainingError);
}
