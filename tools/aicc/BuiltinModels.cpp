//===- BuiltinModels.cpp - the driver's built-in models -------------------===//

#include "BuiltinModels.h"

#include "aicc/runtime/Checkpoint.h"
#include "aicc/runtime/Error.h"
#include "aicc/runtime/TextCorpus.h"

#include "llvm/ADT/StringRef.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <functional>

namespace aicc::driver {

bool isBuiltinModel(const std::string &name) {
  return name == "mlp" || name == "lenet" || name == "vae" ||
         name == "char-lstm" || name == "char-rnn" || name == "char-gru";
}

rt::Dataset loadData(const std::string &spec, const std::string &dataDir) {
  if (!dataDir.empty()) {
    if (spec != "fashion-mnist")
      throw rt::Error("--data-dir only applies to --data=fashion-mnist");
    return rt::loadFashionMNIST(dataDir);
  }
  return rt::loadDataset(spec);
}

namespace {
/// Compiles a built-in model's loss (at `batch`) with its other functions.
/// Every epoch ends with the N mod B samples left over, like PyTorch's
/// DataLoader: the loss is compiled once more at that batch size.
Trainer builtinTrainer(
    const std::function<Graph(int64_t batch, const std::string &name)> &loss,
    const Graph *logits, const Graph &metrics,
    const std::vector<const Graph *> &more, const BuiltinOptions &o,
    const OptimizerOptions &optimizer, uint64_t seed) {
  Graph full = loss(o.batch, "loss");
  int64_t tail = o.trainSamples % o.batch;
  std::optional<Graph> lossTail;
  if (tail != 0)
    lossTail = loss(tail, "loss_tail");
  return Trainer::fromGraphs(full, logits, optimizer, seed, {},
                             lossTail ? &*lossTail : nullptr, &metrics, more);
}

std::vector<int64_t> sampleShape(const rt::Tensor &x) {
  std::vector<int64_t> shape = x.shape();
  return std::vector<int64_t>(shape.begin() + 1, shape.end());
}

/// LeNet's input geometry from the data set's sample shape: C x H x W,
/// H x W, or a flat square image.
models::LeNetConfig lenetConfig(const rt::Dataset &data, int64_t batch) {
  std::vector<int64_t> sample = sampleShape(data.trainX);
  models::LeNetConfig c;
  c.batch = batch;
  c.classes = data.numClasses;
  if (sample.size() == 3) {
    c.channels = sample[0], c.height = sample[1], c.width = sample[2];
  } else if (sample.size() == 2) {
    c.channels = 1, c.height = sample[0], c.width = sample[1];
  } else {
    int64_t n = sample.empty() ? 0 : sample[0];
    int64_t side = 0;
    while ((side + 1) * (side + 1) <= n)
      ++side;
    if (sample.size() != 1 || side * side != n)
      throw TrainingError(fmt::format(
          "lenet needs image samples (C x H x W, H x W or a flat square "
          "image); {} has samples of shape {}",
          data.name, fmt::join(sample, "x")));
    c.channels = 1, c.height = side, c.width = side;
  }
  if (c.height < 12 || c.width < 12)
    throw TrainingError(fmt::format(
        "lenet needs images of at least 12x12 (two 5x5 convolutions and two "
        "2x2 pools); {} has {}x{}",
        data.name, c.height, c.width));
  return c;
}

/// The images of `x` as flat rows, checked to be pixels in [0, 1] (the
/// VAE's cross-entropy targets).
rt::Tensor flatPixels(const rt::Tensor &x, const std::string &what) {
  if (x.dtype() != rt::DType::F32 || x.rank() < 2)
    throw TrainingError(fmt::format(
        "vae needs f32 samples of at least one dimension; the {} are {}", what,
        x.dtype() == rt::DType::F32 ? "scalars" : "not f32"));
  int64_t n = x.shape()[0], features = n ? x.numElements() / n : 0;
  const float *p = x.data<float>();
  auto [lo, hi] = std::minmax_element(p, p + x.numElements());
  if (x.numElements() && (!(*lo >= 0.0f) || !(*hi <= 1.0f)))
    throw TrainingError(fmt::format(
        "vae reconstructs pixels in [0, 1] (binary cross-entropy targets); "
        "the {} hold values in [{}, {}]",
        what, *lo, *hi));
  rt::Tensor flat(rt::DType::F32, {n, features});
  std::copy(p, p + x.numElements(), flat.data<float>());
  return flat;
}

models::VAEConfig vaeConfig(rt::Dataset &data, const BuiltinOptions &o) {
  if (o.hidden.size() > 1)
    throw TrainingError("--hidden: the vae has one hidden width on each "
                        "side (default 400)");
  // The images are their own targets: drop the labels.
  data.trainX = flatPixels(data.trainX, "training samples");
  data.testX = flatPixels(data.testX, "test samples");
  data.trainY = rt::Tensor(rt::DType::F32, {data.trainX.shape()[0], 0});
  data.testY = rt::Tensor(rt::DType::F32, {data.testX.shape()[0], 0});
  data.numClasses = 0;
  models::VAEConfig c;
  c.batch = o.batch;
  c.features = data.trainX.shape()[1];
  if (!o.hidden.empty())
    c.hidden = o.hidden[0];
  return c;
}

Trainer vaeTrainer(const models::VAEConfig &config, const BuiltinOptions &o,
                   const OptimizerOptions &optimizer, uint64_t seed) {
  Graph metrics = models::vaeMetrics(config);
  std::vector<Graph> more;
  if (o.sampleCount > 0) {
    more.push_back(models::vaeSample(config, o.sampleCount));
    more.push_back(models::vaeDecode(config, o.sampleCount));
    more.push_back(models::vaeEncode(config, o.sampleCount));
  }
  std::vector<const Graph *> morePointers;
  for (const Graph &g : more)
    morePointers.push_back(&g);
  return builtinTrainer(
      [&](int64_t b, const std::string &name) {
        models::VAEConfig c = config;
        c.batch = b;
        return models::vaeLoss(c, name);
      },
      nullptr, metrics, morePointers, o, optimizer, seed);
}
} // namespace

Trainer makeTrainer(const std::string &model, rt::Dataset &data,
                    const BuiltinOptions &o, const OptimizerOptions &optimizer,
                    uint64_t seed) {
  if (o.batchNorm && model != "lenet")
    throw TrainingError("--batch-norm applies to the built-in lenet");
  if (o.dropout != 0.0 && model != "mlp" && model != "lenet")
    throw TrainingError("--dropout applies to the built-in mlp and lenet");
  if (!o.hidden.empty() && model != "mlp" && model != "vae")
    throw TrainingError("--hidden applies to the built-in mlp and vae");
  if (model == "mlp") {
    models::MLPConfig config;
    config.batch = o.batch;
    config.sampleShape = sampleShape(data.trainX);
    if (!o.hidden.empty())
      config.hidden = o.hidden;
    config.classes = data.numClasses;
    config.dropout = o.dropout;
    Graph logits = models::mlpLogits(config);
    Graph metrics = models::mlpMetrics(config);
    return builtinTrainer(
        [&](int64_t b, const std::string &name) {
          models::MLPConfig c = config;
          c.batch = b;
          return models::mlpLoss(c, name);
        },
        &logits, metrics, {}, o, optimizer, seed);
  }
  if (model == "lenet") {
    models::LeNetConfig config = lenetConfig(data, o.batch);
    config.dropout = o.dropout;
    config.batchNorm = o.batchNorm;
    Graph logits = models::lenetLogits(config);
    Graph metrics = models::lenetMetrics(config);
    return builtinTrainer(
        [&](int64_t b, const std::string &name) {
          models::LeNetConfig c = config;
          c.batch = b;
          return models::lenetLoss(c, name);
        },
        &logits, metrics, {}, o, optimizer, seed);
  }
  if (model == "vae")
    return vaeTrainer(vaeConfig(data, o), o, optimizer, seed);
  if (llvm::StringRef(model).ends_with(".mlir"))
    return Trainer::fromFile(model, optimizer, seed);
  throw TrainingError(fmt::format("unknown model '{}' (expected {} or a "
                                  ".mlir file)",
                                  model, kBuiltinModels));
}

models::VAEConfig vaeConfigFromCheckpoint(const std::string &path) {
  std::map<std::string, std::string> metadata;
  std::vector<rt::NamedTensor> saved = rt::loadSafetensors(path, &metadata);
  if (metadata.count("model") && metadata["model"] != "vae")
    throw TrainingError(fmt::format("{} is a checkpoint of the model '{}', "
                                    "not of the vae",
                                    path, metadata["model"]));
  auto find = [&](const std::string &name) -> const rt::Tensor & {
    for (const rt::NamedTensor &t : saved)
      if (t.name == name && t.tensor.rank() == 2)
        return t.tensor;
    throw TrainingError(fmt::format("{} has no 2-d tensor '{}': it is not a "
                                    "checkpoint of the vae",
                                    path, name));
  };
  models::VAEConfig c;
  c.features = find("fc1.w").shape()[0];
  c.hidden = find("fc1.w").shape()[1];
  c.latent = find("fc21.w").shape()[1];
  return c;
}

std::string builtinModuleText(const std::string &model) {
  if (model == "mlp") {
    models::MLPConfig c;
    Graph loss = models::mlpLoss(c), logits = models::mlpLogits(c),
          metrics = models::mlpMetrics(c);
    return printModule({&loss, &logits, &metrics});
  }
  if (model == "lenet") {
    models::LeNetConfig c;
    Graph loss = models::lenetLoss(c), logits = models::lenetLogits(c),
          metrics = models::lenetMetrics(c);
    return printModule({&loss, &logits, &metrics});
  }
  if (model == "vae") {
    models::VAEConfig c;
    Graph loss = models::vaeLoss(c), metrics = models::vaeMetrics(c),
          sample = models::vaeSample(c, 64), decode = models::vaeDecode(c, 64),
          encode = models::vaeEncode(c, 64);
    return printModule({&loss, &metrics, &sample, &decode, &encode});
  }
  if (model == "char-lstm" || model == "char-rnn" || model == "char-gru") {
    // The vocabulary of the default corpus (Debian's fortunes), the
    // reference's sizes; @sample generates 500 characters after a
    // one-character prompt.
    models::CharModelConfig c;
    c.cell = model.substr(5);
    c.vocabulary = int64_t(rt::loadTextCorpus("fortunes").vocabulary.size());
    Graph loss = models::charLoss(c), metrics = models::charMetrics(c),
          sample = models::charSample(c, 1, 500);
    return printModule({&loss, &metrics, &sample});
  }
  throw TrainingError(fmt::format("unknown built-in model '{}' (expected {})",
                                  model, kBuiltinModels));
}

} // namespace aicc::driver
