//===- Trainer.h - compiled training of an aig model ------------*- C++ -*-===//
//
// A Trainer takes an aig module with a `loss` function (parameters marked
// `aig.param`, the other arguments are the batch) and optionally a
// `logits` function over the same parameters, compiles
//
//   train_step(params..., state..., batch..., lr, step) -> loss
//
// with the chosen optimizer, and owns the parameters and optimizer state,
// which the compiled step updates in place. `fit` runs epochs over a data
// set with evaluation, progress output and checkpoints.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_TRAINER_H
#define AICC_TRAINER_H

#include "aicc/Graph.h"
#include "aicc/runtime/Dataset.h"

#include <atomic>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace aicc {

struct OptimizerOptions {
  std::string kind = "adam"; ///< sgd, adam or adamw
  double momentum = 0.9;     ///< sgd
  bool nesterov = false;     ///< sgd
  double weightDecay = 0.0;
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
};

/// A training failure the caller can report (NaN loss, bad checkpoint...).
class TrainingError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class Trainer {
public:
  /// `moduleText` is aig IR with @loss (and optionally @logits);
  /// `sourceName` names it in parse errors (file:line:col).
  Trainer(const std::string &moduleText, const OptimizerOptions &optimizer,
          uint64_t seed, const CompileOptions &options = {},
          const std::string &sourceName = "<model>");
  /// Builds from graphs: `loss` (output 0 the loss), optionally `logits`,
  /// and optionally `loss_tail`: the same loss at the batch size of the
  /// epoch's last, partial batch (N mod B samples), so that every sample is
  /// used once per epoch as in PyTorch's DataLoader.
  /// `metrics` (optional, named "metrics"): the test metrics computed in
  /// compiled code (see evaluateMetrics). `more`: other functions over the
  /// same parameters (a VAE's @sample, @encode, @decode), run by call().
  static Trainer fromGraphs(const Graph &loss, const Graph *logits,
                            const OptimizerOptions &optimizer, uint64_t seed,
                            const CompileOptions &options = {},
                            const Graph *lossTail = nullptr,
                            const Graph *metrics = nullptr,
                            const std::vector<const Graph *> &more = {});
  static Trainer fromFile(const std::string &path,
                          const OptimizerOptions &optimizer, uint64_t seed,
                          const CompileOptions &options = {});
  Trainer(Trainer &&) noexcept;
  Trainer &operator=(Trainer &&) noexcept;
  ~Trainer();

  /// One compiled step on a batch (the non-parameter arguments of @loss, in
  /// order; a wrong count or a null tensor is a TrainingError). Returns the
  /// loss; `step()` counts from 1.
  float step(const std::vector<const rt::Tensor *> &batch, double lr);
  int64_t stepCount() const;

  /// The batch size of @loss_tail, or 0 when the module has none.
  int64_t tailBatchSize() const;
  /// One step on the epoch's last, partial batch (through @loss_tail).
  float stepTail(const std::vector<const rt::Tensor *> &batch, double lr);

  /// Runs @logits (parameters bound by name) on `x`, if the module has one.
  bool hasLogits() const;
  /// The names of the @metrics results (empty without @metrics).
  const std::vector<std::string> &metricNames() const;
  /// Runs @metrics on a batch (the non-parameter arguments of @loss) with
  /// a row mask (1: a sample, 0: padding); `sums` gets one sum per metric.
  /// Random ops draw from the key [~seed, batchIndex]: the same numbers
  /// in every evaluation, never those of a training step.
  void metrics(const std::vector<const rt::Tensor *> &batch,
               const rt::Tensor &mask, std::vector<double> &sums,
               int64_t batchIndex = 0);
  void logits(const rt::Tensor &x, rt::Tensor &out);
  /// Runs another public function of the model (not @loss, @loss_tail,
  /// @logits or @metrics): its parameters and buffers are bound by name,
  /// an argument marked aig.rng gets the key [seed, rngOffset] (offsets in
  /// [0, 2^32)), and the other arguments are `inputs`, in order. A wrong
  /// count, shape or dtype is a TrainingError.
  void call(const std::string &function,
            const std::vector<const rt::Tensor *> &inputs,
            const std::vector<rt::Tensor *> &outputs, int64_t rngOffset = 0);
  bool hasFunction(const std::string &function) const;
  /// Shapes and dtypes of the `inputs` and the results of call(function).
  std::vector<std::pair<std::vector<int64_t>, rt::DType>>
  inputSpecs(const std::string &function) const;
  std::vector<std::pair<std::vector<int64_t>, rt::DType>>
  resultSpecs(const std::string &function) const;
  /// Runs @loss (forward only) on a batch.
  float evaluateLoss(const std::vector<const rt::Tensor *> &batch);

  const std::vector<std::string> &parameterNames() const;
  std::vector<rt::Tensor> &parameters();
  const std::vector<std::string> &stateNames() const;
  std::vector<rt::Tensor> &state();
  /// Model state that is not trained (Graph::buffer: batch-norm running
  /// statistics), updated by the compiled step, checkpointed, and passed to
  /// @logits by name.
  const std::vector<std::string> &bufferNames() const;
  std::vector<rt::Tensor> &buffers();
  /// Shapes and dtypes of the batch arguments of @loss.
  std::vector<std::pair<std::vector<int64_t>, rt::DType>> batchSpecs() const;
  int64_t batchSize() const;
  /// The train_step in aig IR (for dumps).
  const std::string &trainStepIR() const;

  /// Saves parameters, optimizer state and `metadata` (+ step count)
  /// atomically as safetensors.
  void save(const std::string &path,
            std::map<std::string, std::string> metadata = {}) const;
  /// Loads a checkpoint saved by save(); returns its metadata. Names,
  /// shapes and dtypes must match; nothing is changed on error.
  std::map<std::string, std::string> load(const std::string &path,
                                          bool withState = true);

  struct State;

private:
  explicit Trainer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

struct EpochStats {
  int epoch = 0;
  /// testLoss/testAccuracy: the metrics named "loss"/"acc" (NaN if none).
  double trainLoss = 0, testLoss = 0, testAccuracy = 0, samplesPerSecond = 0;
  std::vector<float> stepLosses;
  /// Every test metric, by name, as evaluateMetrics() returns them.
  std::vector<std::pair<std::string, double>> testMetrics;
};

struct FitOptions {
  int epochs = 1;
  double lr = 1e-3;
  /// The learning rate of each step (a runtime argument of the compiled
  /// step, so no schedule costs a recompilation):
  /// - "constant" (default): lr throughout, as PyTorch without a scheduler;
  ///   it does not depend on the number of epochs, so a finished run
  ///   extended with --resume matches a longer run exactly.
  /// - "cosine": one half cosine over all steps of all `epochs`, from lr
  ///   down to 0 (`epochs` is recorded in checkpoints).
  /// - "cosine-per-epoch": within every epoch, from lr down to 0 along half
  ///   a cosine, lr * (1 + cos(pi * b / B)) / 2 at step b of B (cosine
  ///   annealing with a warm restart each epoch).
  /// docs/training.md has the measurements behind the default: an annealed
  /// schedule gains up to 1 point where a run is long enough to converge
  /// and loses up to 11 points where it is not.
  std::string lrSchedule = "constant";
  /// The name of the loss in the epoch lines: train_<lossName>=...
  /// ("neg_elbo" for the VAE).
  std::string lossName = "loss";
  uint64_t seed = 0;
  std::string checkpoint; ///< saved after every epoch if not empty
  int startEpoch = 1;     ///< > 1 when resuming
  /// Resuming in the middle of startEpoch: the steps already done, their
  /// summed loss (for the epoch's train_loss) and the steps per epoch of
  /// the interrupted run (which this run must match). See resumeFrom().
  int64_t startStep = 0;
  double startLossSum = 0;
  int64_t startStepsPerEpoch = 0;
  /// Polled after every step. Once true, training stops after that step; with
  /// a checkpoint path it first saves a checkpoint that resumes at the next
  /// step (the driver sets it on SIGINT/SIGTERM).
  const std::atomic<bool> *stopRequested = nullptr;
  int64_t trainLimit = 0;  ///< use only the first N training samples
  int64_t testLimit = 0;   ///< use only the first N test samples
  bool progress = true;    ///< progress bar on a terminal
  std::FILE *log = stdout; ///< one line per epoch
  std::map<std::string, std::string> metadata; ///< stored in checkpoints
  /// Called after each epoch (after its checkpoint is saved); returning
  /// false stops training there, e.g. for early stopping.
  std::function<bool(const EpochStats &)> onEpoch;
};

/// Trains for the requested epochs; prints
/// `epoch=N train_loss=… test_loss=… test_acc=… samples_per_s=…` per epoch.
/// A NaN/Inf loss throws TrainingError naming the step; the last checkpoint
/// on disk stays as it was.
std::vector<EpochStats> fit(Trainer &trainer, const rt::Dataset &data,
                            const FitOptions &options);

/// The learning-rate schedules FitOptions::lrSchedule accepts.
inline constexpr const char *kLearningRateSchedules =
    "cosine-per-epoch, cosine or constant";
bool isLearningRateSchedule(const std::string &name);

/// The learning rate of step `step` (0-based) of epoch `epoch` (1-based).
double learningRate(const FitOptions &options, int epoch, int64_t step,
                    int64_t stepsPerEpoch);

/// Where a checkpoint written by fit() continues: sets startEpoch and, for a
/// checkpoint saved mid-epoch (interrupted), startStep, startLossSum and
/// startStepsPerEpoch.
void resumeFrom(FitOptions &options,
                const std::map<std::string, std::string> &metadata);

struct Prediction {
  int64_t label = 0;      ///< the test sample's true class
  int64_t predicted = 0;  ///< the class with the largest logit
  double probability = 0; ///< softmax probability of `predicted`
};

/// The model's prediction for the first `count` test samples (fewer if the
/// test set is smaller); needs @logits (throws TrainingError otherwise).
std::vector<Prediction> predict(Trainer &trainer, const rt::Dataset &data,
                                int64_t count);

/// The test metrics, means over the (first `limit`) test samples:
/// - with @metrics, each of its results (sums over a batch, computed in
///   compiled code; the last batch is padded and masked);
/// - otherwise, for class labels and @logits: "loss" (cross-entropy) and
///   "acc", from the logits on the host;
/// - otherwise "loss": @loss over the full test batches.
std::vector<std::pair<std::string, double>>
evaluateMetrics(Trainer &trainer, const rt::Dataset &data, int64_t limit = 0);

/// The metrics "loss" and "acc" of evaluateMetrics (NaN where absent).
std::pair<double, double> evaluate(Trainer &trainer, const rt::Dataset &data,
                                   int64_t limit = 0);

} // namespace aicc

#endif // AICC_TRAINER_H
