//===- TrainCommand.cpp - aicc train / aicc eval --------------------------===//

#include "BuiltinModels.h"
#include "CharCommands.h"
#include "Commands.h"
#include "DriverSupport.h"
#include "MetricsLog.h"

#include "aicc/Models.h"
#include "aicc/Trainer.h"
#include "aicc/runtime/Checkpoint.h"
#include "aicc/runtime/Dataset.h"
#include "aicc/runtime/Error.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <fstream>
#include <functional>
#include <optional>

namespace aicc::driver {

namespace {
/// Checks the options train and eval share; the message names the option.
std::optional<std::string>
checkModelAndDataOptions(int64_t batch, const std::vector<int64_t> &hidden,
                         int64_t testLimit) {
  if (batch < 1)
    return fmt::format("--batch must be at least 1, got {}", batch);
  for (int64_t width : hidden)
    if (width < 1)
      return fmt::format("--hidden {}: every hidden layer width must be at "
                         "least 1 (e.g. --hidden 256,256)",
                         fmt::join(hidden, ","));
  if (testLimit < 0)
    return fmt::format("--test-limit must not be negative (0: all), got {}",
                       testLimit);
  return std::nullopt;
}

/// A finite, non-negative value of option `name`.
std::optional<std::string> checkNonNegative(const char *name, double value) {
  if (!std::isfinite(value) || value < 0)
    return fmt::format("--{} must be a finite number >= 0, got {}", name,
                       value);
  return std::nullopt;
}

} // namespace

int TrainCommand::execute() {
  if (isCharModel(model))
    return trainCharModel(*this);
  OptimizerOptions opt;
  opt.kind = optimizer;
  if (opt.kind != "sgd" && opt.kind != "adam" && opt.kind != "adamw")
    return fail("train", "unknown --optimizer '" + opt.kind +
                             "' (expected sgd, adam or adamw)");
  // Every numeric option is checked; a value given is never replaced.
  // --lr 0 is accepted: the parameters stay as they are (a no-op run).
  std::vector<int64_t> widths(hidden.begin(), hidden.end());
  std::optional<std::string> error =
      checkModelAndDataOptions(batch, widths, testLimit);
  if (!error && lr.getNumOccurrences())
    error = checkNonNegative("lr", lr);
  if (!error && weightDecay.getNumOccurrences())
    error = checkNonNegative("weight-decay", weightDecay);
  if (!error)
    error = checkNonNegative("momentum", momentum);
  if (!error && !(dropout >= 0.0 && dropout < 1.0))
    error =
        fmt::format("--dropout must be in [0, 1), got {}", dropout.getValue());
  if (error)
    return fail("train", *error);
  if (nesterov && momentum == 0)
    return fail("train", "--nesterov needs a --momentum above 0");
  if (opt.kind != "sgd" &&
      (momentum.getNumOccurrences() || nesterov.getNumOccurrences()))
    return fail("train", "--momentum and --nesterov apply to --optimizer sgd "
                         "only");
  if (epochs < 1)
    return fail("train",
                fmt::format("--epochs must be at least 1, got {}", epochs));
  if (trainLimit < 0)
    return fail("train", fmt::format("--train-limit must not be negative "
                                     "(0: all), got {}",
                                     trainLimit.getValue()));
  opt.momentum = momentum;
  opt.nesterov = nesterov;
  opt.weightDecay = weightDecay.getNumOccurrences()
                        ? weightDecay
                        : (opt.kind == "adamw" ? 0.01 : 0.0);
  double rate = lr.getNumOccurrences() ? lr : (opt.kind == "sgd" ? 0.05 : 1e-3);
  if (!isLearningRateSchedule(lrSchedule))
    return fail("train", "unknown --lr-schedule '" + lrSchedule +
                             "' (expected " + kLearningRateSchedules + ")");
  try {
    if (!checkpoint.empty())
      rt::checkCheckpointPath(checkpoint); // before the data and compiling
    MetricsLog metricsLog(metricsPath, plotPath);
    rt::Dataset dataset = loadData(data.getValue(), dataDir);
    // The image geometry, for aicc sample (the vae flattens its inputs).
    std::vector<int64_t> imageShape = dataset.trainX.shape();
    imageShape.erase(imageShape.begin());
    if (imageShape.size() == 3 && imageShape[0] == 1)
      imageShape.erase(imageShape.begin());
    int64_t samples = dataset.trainX.shape()[0];
    if (trainLimit > 0 && trainLimit < samples)
      samples = trainLimit;
    auto compileStart = std::chrono::steady_clock::now();
    BuiltinOptions builtin;
    builtin.batch = batch;
    builtin.hidden = widths;
    builtin.dropout = dropout;
    builtin.batchNorm = batchNorm;
    builtin.trainSamples = samples;
    Trainer trainer = makeTrainer(model, dataset, builtin, opt, seed);
    double compileSeconds = std::chrono::duration<double>(
                                std::chrono::steady_clock::now() - compileStart)
                                .count();
    if (!dumpTrainStep.empty()) {
      std::ofstream out(dumpTrainStep);
      out << trainer.trainStepIR();
      if (!out)
        return fail("train", "cannot write " + dumpTrainStep);
    }
    FitOptions fitOptions;
    fitOptions.epochs = epochs;
    fitOptions.lr = rate;
    fitOptions.lrSchedule = lrSchedule;
    fitOptions.seed = seed;
    fitOptions.checkpoint = checkpoint;
    fitOptions.trainLimit = trainLimit;
    fitOptions.testLimit = testLimit;
    fitOptions.progress = !noProgress;
    if (model == "vae")
      fitOptions.lossName = "neg_elbo";
    if (metricsLog.enabled())
      fitOptions.onEpoch = [&](const EpochStats &stats) {
        metricsLog.addEpoch(stats, fitOptions, trainer.stepCount());
        metricsLog.writeCsv();
        return true;
      };
    fitOptions.metadata = {{"model", model},
                           {"data", dataset.name},
                           {"lr", fmt::format("{}", rate)},
                           {"dropout", fmt::format("{}", dropout.getValue())},
                           {"batch_norm", batchNorm ? "1" : "0"}};
    if (imageShape.size() == 2)
      fitOptions.metadata["image_shape"] =
          fmt::format("{}x{}", imageShape[0], imageShape[1]);
    if (!resume.empty()) {
      auto metadata = trainer.load(resume);
      if (metadata.count("seed") && metadata["seed"] != std::to_string(seed))
        return fail("train", fmt::format("{} was trained with --seed {}; "
                                         "resume with the same seed",
                                         resume.getValue(), metadata["seed"]));
      // Without --lr-schedule, a resumed run continues the checkpoint's
      // schedule (checkpoints of the earlier default, cosine-per-epoch,
      // resume as they were trained).
      if (!lrSchedule.getNumOccurrences() && metadata.count("lr_schedule"))
        fitOptions.lrSchedule = metadata["lr_schedule"];
      if (metadata.count("lr_schedule") &&
          metadata["lr_schedule"] != fitOptions.lrSchedule)
        return fail("train",
                    fmt::format("{} was trained with --lr-schedule {}; resume "
                                "with the same schedule",
                                resume.getValue(), metadata["lr_schedule"]));
      resumeFrom(fitOptions, metadata);
      if (fitOptions.startEpoch > epochs)
        return fail("train",
                    fmt::format("{} already holds epoch {}; ask for "
                                "more --epochs",
                                resume.getValue(), fitOptions.startEpoch - 1));
      fmt::print("resuming from {} at epoch {}{} (step {})\n",
                 resume.getValue(), fitOptions.startEpoch,
                 fitOptions.startStep > 0
                     ? fmt::format(", after its step {}", fitOptions.startStep)
                     : "",
                 trainer.stepCount());
      // The cosine rate depends on the total number of epochs: extending a
      // finished run restarts part of the decay instead of continuing it.
      if (fitOptions.lrSchedule == "cosine" && metadata.count("epochs") &&
          metadata["epochs"] != std::to_string(epochs))
        fmt::print(stderr,
                   "aicc train: note: {} was trained for --epochs {}; the "
                   "cosine schedule now spans {} epochs, so the learning "
                   "rate rises again (same run: --epochs {}; schedules "
                   "that do not depend on --epochs: constant, "
                   "cosine-per-epoch)\n",
                   resume.getValue(), metadata["epochs"], epochs.getValue(),
                   metadata["epochs"]);
    }
    fmt::print("training {} on {}: {} train / {} test samples, batch {}, "
               "{} lr={} ({}) seed={}; compiled in {:.1f} s\n",
               model.getValue(), dataset.name, dataset.trainX.shape()[0],
               dataset.testX.shape()[0], trainer.batchSize(), opt.kind, rate,
               fitOptions.lrSchedule, seed.getValue(), compileSeconds);
    std::fflush(stdout);
    fitOptions.stopRequested = &stopFlag();
    {
      StopOnSignal stopOnSignal;
      fit(trainer, dataset, fitOptions);
    }
    metricsLog.writePlot();
    if (stopRequested()) {
      fmt::print(stderr, "aicc train: interrupted after step {}; {}\n",
                 trainer.stepCount(),
                 checkpoint.empty()
                     ? std::string("nothing saved (no --checkpoint)")
                     : fmt::format("saved {}; continue with --resume {}",
                                   checkpoint.getValue(),
                                   checkpoint.getValue()));
      return 130; // 128 + SIGINT, as shells report an interrupted command
    }
  } catch (const std::exception &e) {
    return fail("train", e.what());
  }
  return 0;
}

int EvalCommand::execute() {
  if (isCharModel(model))
    return evalCharModel(*this);
  std::vector<int64_t> widths(hidden.begin(), hidden.end());
  if (auto error = checkModelAndDataOptions(batch, widths, testLimit))
    return fail("eval", *error);
  if (show < 0)
    return fail("eval", fmt::format("--show must not be negative, got {}",
                                    show.getValue()));
  try {
    rt::Dataset dataset = loadData(data.getValue(), dataDir);
    std::map<std::string, std::string> metadata;
    // Validates the file first.
    std::vector<rt::NamedTensor> saved =
        rt::loadSafetensors(checkpoint, &metadata);
    if (model == "mlp" && widths.empty()) {
      // The hidden widths are the checkpoint's: w1 .. wN are in x out.
      for (int k = 1;; ++k) {
        auto w = llvm::find_if(saved, [&](const rt::NamedTensor &t) {
          return t.name == "w" + std::to_string(k);
        });
        if (w == saved.end() || w->tensor.rank() != 2)
          break;
        widths.push_back(w->tensor.shape()[1]);
      }
      if (!widths.empty())
        widths.pop_back(); // the last layer's width is the classes
    }
    OptimizerOptions opt;
    if (metadata.count("optimizer"))
      opt.kind = metadata["optimizer"];
    // A checkpoint trained with --batch-norm holds its statistics.
    bool withBatchNorm = batchNorm || metadata["batch_norm"] == "1";
    BuiltinOptions builtin;
    builtin.batch = batch;
    builtin.hidden = widths;
    builtin.batchNorm = withBatchNorm;
    if (model == "vae" && widths.empty())
      builtin.hidden = {vaeConfigFromCheckpoint(checkpoint).hidden};
    // The training run's seed: random ops in @metrics (the vae's noise)
    // then draw what that run's evaluation drew.
    uint64_t seed = 0;
    if (auto it = metadata.find("seed"); it != metadata.end())
      seed = std::strtoull(it->second.c_str(), nullptr, 10);
    Trainer trainer = makeTrainer(model, dataset, builtin, opt, seed);
    trainer.load(checkpoint, /*withState=*/false);
    std::vector<std::string> metrics;
    for (auto &[name, value] : evaluateMetrics(trainer, dataset, testLimit))
      metrics.push_back(fmt::format("test_{}={:.4f}", name, value));
    fmt::print("{}\n", fmt::join(metrics, " "));
    if (show > 0 && !dataset.hasClasses())
      return fail("eval", "--show needs a data set of class labels");
    auto className = [&](int64_t c) {
      return c < int64_t(dataset.classNames.size())
                 ? fmt::format(" ({})", dataset.classNames[c])
                 : std::string();
    };
    std::vector<Prediction> predictions;
    if (show > 0)
      predictions = predict(trainer, dataset, show);
    for (auto [i, p] : llvm::enumerate(predictions))
      fmt::print("sample={} label={}{} predicted={}{} p={:.4f}\n", i, p.label,
                 className(p.label), p.predicted, className(p.predicted),
                 p.probability);
  } catch (const std::exception &e) {
    return fail("eval", e.what());
  }
  return 0;
}

} // namespace aicc::driver
