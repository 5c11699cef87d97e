//===- CharCommands.cpp - aicc train/sample char-lstm|char-rnn|char-gru ---===//
//
// The character language models train by steps, not epochs: each step
// draws a batch of sequences at random offsets of the corpus (keyed by
// [seed, step], so a resumed run draws the same batches), and every
// --eval-every steps the validation set's bits per character are measured
// in compiled code (@metrics). Sampling is one compiled call (@sample of
// models::charSample) that runs the prompt and draws every character.
//
//===----------------------------------------------------------------------===//

#include "CharCommands.h"
#include "BoundFunction.h"
#include "DriverSupport.h"
#include "MetricsLog.h"

#include "aicc/Models.h"
#include "aicc/Trainer.h"
#include "aicc/runtime/Checkpoint.h"
#include "aicc/runtime/Error.h"
#include "aicc/runtime/Progress.h"
#include "aicc/runtime/TextCorpus.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <optional>

namespace aicc::driver {

bool isCharModel(const std::string &name) {
  return name == "char-lstm" || name == "char-rnn" || name == "char-gru";
}

namespace {
using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

/// The validation set cut into sequences, as the reference evaluates it.
rt::Dataset validationSet(const rt::TextCorpus &corpus, int64_t seq) {
  int64_t n = rt::validationSequences(corpus, seq);
  rt::Tensor x(rt::DType::I64, {n, seq}), y(rt::DType::I64, {n, seq});
  rt::validationBatch(corpus, seq, 0, n, x.data<int64_t>(), y.data<int64_t>());
  return rt::Dataset{rt::Tensor(rt::DType::I64, {0, seq}),
                     rt::Tensor(rt::DType::I64, {0, seq}),
                     std::move(x),
                     std::move(y),
                     int64_t(corpus.vocabulary.size()),
                     corpus.name};
}

/// The model's sizes from a checkpoint's tensors and metadata; throws for a
/// checkpoint of another model.
models::CharModelConfig
configFromCheckpoint(const std::string &model, const std::string &path,
                     const std::vector<rt::NamedTensor> &saved,
                     std::map<std::string, std::string> &metadata) {
  if (metadata["model"] != model)
    throw rt::Error(fmt::format("{} is a checkpoint of {}, not of {}", path,
                                metadata.count("model")
                                    ? "'" + metadata["model"] + "'"
                                    : std::string("an unnamed model"),
                                model));
  auto find = [&](const std::string &name) -> const rt::Tensor & {
    for (const rt::NamedTensor &t : saved)
      if (t.name == name && t.tensor.rank() == 2)
        return t.tensor;
    throw rt::Error(fmt::format("{} has no 2-d tensor '{}': it is not a "
                                "checkpoint of {}",
                                path, name, model));
  };
  models::CharModelConfig c;
  c.cell = model.substr(5);
  c.vocabulary = find("emb.weight").shape()[0];
  c.embed = find("emb.weight").shape()[1];
  c.hidden = find("rnn.weight_hh_l0").shape()[1];
  return c;
}

rt::Tensor idsTensor(const std::vector<int64_t> &ids) {
  rt::Tensor t(rt::DType::I64, {int64_t(ids.size())});
  std::copy(ids.begin(), ids.end(), t.data<int64_t>());
  return t;
}
} // namespace

int trainCharModel(TrainCommand &cmd) {
  const std::string &model = cmd.model;
  // The reference's recipe: batch 32, Adam 2e-3 (other defaults are the
  // MLP's: --batch 128, lr 1e-3).
  int64_t batch = cmd.batch.getNumOccurrences() ? cmd.batch.getValue() : 32;
  int64_t hidden = cmd.hidden.empty() ? 256 : cmd.hidden.front();
  double lr = cmd.lr.getNumOccurrences() ? cmd.lr.getValue() : 2e-3;
  if (cmd.hidden.size() > 1)
    return fail("train", fmt::format("--hidden: {} has one recurrent layer; "
                                     "give one width",
                                     model));
  std::optional<std::string> error;
  auto atLeastOne = [&](const char *name, int64_t value) {
    if (!error && value < 1)
      error = fmt::format("--{} must be at least 1, got {}", name, value);
  };
  atLeastOne("batch", batch);
  atLeastOne("hidden", hidden);
  atLeastOne("steps", cmd.steps);
  atLeastOne("seq", cmd.seq);
  atLeastOne("embed", cmd.embed);
  atLeastOne("eval-every", cmd.evalEvery);
  if (!error && (!std::isfinite(lr) || lr < 0))
    error = fmt::format("--lr must be a finite number >= 0, got {}", lr);
  if (!error && cmd.epochs.getNumOccurrences())
    error = fmt::format("{} trains by --steps, not --epochs", model);
  if (error)
    return fail("train", *error);
  OptimizerOptions opt;
  opt.kind = cmd.optimizer;
  if (opt.kind != "sgd" && opt.kind != "adam" && opt.kind != "adamw")
    return fail("train", "unknown --optimizer '" + opt.kind +
                             "' (expected sgd, adam or adamw)");
  opt.weightDecay = cmd.weightDecay.getNumOccurrences()
                        ? cmd.weightDecay.getValue()
                        : (opt.kind == "adamw" ? 0.01 : 0.0);
  if (!std::isfinite(opt.weightDecay) || opt.weightDecay < 0)
    return fail("train", fmt::format("--weight-decay must be a finite number "
                                     ">= 0, got {}",
                                     opt.weightDecay));
  try {
    if (!cmd.checkpoint.empty())
      rt::checkCheckpointPath(cmd.checkpoint);
    MetricsLog metricsLog(cmd.metricsPath, cmd.plotPath);
    rt::TextCorpus corpus = rt::loadTextCorpus(cmd.text);
    rt::checkCorpusFits(corpus, cmd.seq);
    models::CharModelConfig config;
    config.cell = model.substr(5);
    config.vocabulary = int64_t(corpus.vocabulary.size());
    config.embed = cmd.embed;
    config.hidden = hidden;
    config.batch = batch;
    config.seq = cmd.seq;
    auto compileStart = Clock::now();
    Graph loss = models::charLoss(config);
    Graph metrics = models::charMetrics(config);
    Trainer trainer = Trainer::fromGraphs(loss, nullptr, opt, cmd.seed, {},
                                          nullptr, &metrics);
    double compileSeconds = seconds(compileStart);
    std::string vocabulary = rt::vocabularyToString(corpus.vocabulary);
    if (!cmd.resume.empty()) {
      // The model first: another model's tensors would only say "shape".
      std::map<std::string, std::string> saved;
      rt::loadSafetensors(cmd.resume, &saved);
      if (saved["model"] != model)
        return fail("train", fmt::format("{} is not a checkpoint of {}{}",
                                         cmd.resume.getValue(), model,
                                         saved.count("model")
                                             ? " but of " + saved["model"]
                                             : std::string()));
      std::map<std::string, std::string> metadata = trainer.load(cmd.resume);
      auto differs = [&](const char *key, const std::string &value) {
        return metadata.count(key) && metadata[key] != value;
      };
      if (differs("vocabulary", vocabulary) || differs("corpus", corpus.name))
        return fail("train",
                    fmt::format("{} was trained on another corpus ({}); "
                                "resume on the same text",
                                cmd.resume.getValue(), metadata["corpus"]));
      if (differs("seed", std::to_string(cmd.seed)))
        return fail("train",
                    fmt::format("{} was trained with --seed {}; "
                                "resume with the same seed",
                                cmd.resume.getValue(), metadata["seed"]));
      if (trainer.stepCount() >= cmd.steps)
        return fail("train",
                    fmt::format("{} already holds {} steps; ask for "
                                "more --steps",
                                cmd.resume.getValue(), trainer.stepCount()));
      fmt::print("resuming from {} after step {}\n", cmd.resume.getValue(),
                 trainer.stepCount());
    }
    rt::Dataset validation = validationSet(corpus, cmd.seq);
    fmt::print("training {} on {}: {} train / {} validation characters, "
               "vocabulary {}, batch {} x {} characters, {} lr={} seed={}; "
               "compiled in {:.1f} s\n",
               model, corpus.name, corpus.train.size(),
               corpus.validation.size(), corpus.vocabulary.size(), batch,
               cmd.seq.getValue(), opt.kind, lr, cmd.seed.getValue(),
               compileSeconds);
    std::fflush(stdout);

    std::map<std::string, std::string> metadata = {
        {"model", model},
        {"corpus", corpus.name},
        {"vocabulary", vocabulary},
        {"seq", std::to_string(cmd.seq)},
        {"batch", std::to_string(batch)},
        {"lr", fmt::format("{}", lr)},
        {"optimizer", opt.kind},
        {"seed", std::to_string(cmd.seed)}};
    FitOptions logOptions; // how MetricsLog reads an interval's steps
    logOptions.lr = lr;
    rt::Tensor x(rt::DType::I64, {batch, cmd.seq});
    rt::Tensor y(rt::DType::I64, {batch, cmd.seq});
    std::deque<float> recent; // the last 50 losses: train_bpc, as the bench
    std::vector<float> intervalLosses;
    const double ln2 = std::log(2.0);
    int64_t first = trainer.stepCount() + 1;
    // One bar per interval between evaluation lines.
    std::optional<rt::ProgressBar> progress;
    progress.emplace(cmd.steps, model,
                     !cmd.noProgress && rt::stderrIsTerminal());
    int64_t intervalSteps = 0;
    double trainSeconds = 0;
    StopOnSignal stopOnSignal;
    for (int64_t step = first; step <= cmd.steps; ++step) {
      Clock::time_point stepStart = Clock::now();
      rt::sampleCharBatch(corpus.train, cmd.seed, uint64_t(step), batch,
                          cmd.seq, x.data<int64_t>(), y.data<int64_t>());
      float value = trainer.step({&x, &y}, lr);
      trainSeconds += seconds(stepStart);
      ++intervalSteps;
      if (!std::isfinite(value))
        throw TrainingError(
            fmt::format("the loss is {} at step {}; stopped{}", value, step,
                        cmd.checkpoint.empty()
                            ? std::string()
                            : fmt::format(" ({} keeps the last good step)",
                                          cmd.checkpoint.getValue())));
      recent.push_back(value);
      if (recent.size() > 50)
        recent.pop_front();
      intervalLosses.push_back(value);
      double charsPerSecond = double(intervalSteps * batch * cmd.seq) /
                              std::max(trainSeconds, 1e-9);
      progress->update(step, value, charsPerSecond);
      bool stopping = stopRequested();
      if (step % cmd.evalEvery != 0 && step != cmd.steps && !stopping)
        continue;
      double trainLoss = 0;
      for (float l : recent)
        trainLoss += l;
      trainLoss /= double(recent.size());
      double valLoss = NAN;
      for (auto &[name, v] : evaluateMetrics(trainer, validation))
        if (name == "loss")
          valLoss = v;
      progress->finish();
      fmt::print("step={} train_bpc={:.4f} val_bpc={:.4f} chars_per_s={:.0f}\n",
                 step, trainLoss / ln2, valLoss / ln2, charsPerSecond);
      std::fflush(stdout);
      if (!cmd.checkpoint.empty())
        trainer.save(cmd.checkpoint, metadata);
      if (metricsLog.enabled()) {
        EpochStats stats;
        stats.epoch = int(step);
        stats.trainLoss = trainLoss;
        stats.stepLosses = intervalLosses;
        stats.samplesPerSecond = charsPerSecond / double(cmd.seq);
        stats.testMetrics = {{"loss", valLoss}, {"val_bpc", valLoss / ln2}};
        logOptions.startEpoch = stats.epoch;
        metricsLog.addEpoch(stats, logOptions, step);
        metricsLog.writeCsv();
      }
      intervalLosses.clear();
      intervalSteps = 0;
      trainSeconds = 0;
      if (stopping) {
        fmt::print(stderr, "aicc train: interrupted after step {}; {}\n", step,
                   cmd.checkpoint.empty()
                       ? std::string("nothing saved (no --checkpoint)")
                       : fmt::format("saved {}; continue with --resume {}",
                                     cmd.checkpoint.getValue(),
                                     cmd.checkpoint.getValue()));
        return 130;
      }
      if (step != cmd.steps)
        progress.emplace(cmd.steps, model,
                         !cmd.noProgress && rt::stderrIsTerminal());
    }
    metricsLog.writePlot();
  } catch (const std::exception &e) {
    return fail("train", e.what());
  }
  return 0;
}

int evalCharModel(EvalCommand &cmd) {
  const std::string &model = cmd.model;
  try {
    std::map<std::string, std::string> metadata;
    std::vector<rt::NamedTensor> saved =
        rt::loadSafetensors(cmd.checkpoint, &metadata);
    models::CharModelConfig config =
        configFromCheckpoint(model, cmd.checkpoint, saved, metadata);
    // The corpus the checkpoint was trained on, unless --text names one.
    std::string text =
        cmd.text.getNumOccurrences()
            ? cmd.text.getValue()
            : (metadata.count("corpus") ? metadata["corpus"] : "fortunes");
    rt::TextCorpus corpus = rt::loadTextCorpus(text);
    if (rt::vocabularyToString(corpus.vocabulary) != metadata["vocabulary"])
      throw rt::Error(fmt::format("{} was trained on another text than {} "
                                  "(the vocabularies differ)",
                                  cmd.checkpoint.getValue(), corpus.name));
    config.seq = metadata.count("seq") ? std::stoll(metadata["seq"]) : 64;
    config.batch = cmd.batch.getNumOccurrences() ? cmd.batch.getValue() : 32;
    if (config.batch < 1)
      throw rt::Error(
          fmt::format("--batch must be at least 1, got {}", config.batch));
    rt::checkCorpusFits(corpus, config.seq);
    Graph loss = models::charLoss(config);
    Graph metrics = models::charMetrics(config);
    Trainer trainer = Trainer::fromGraphs(loss, nullptr, OptimizerOptions{}, 0,
                                          {}, nullptr, &metrics);
    trainer.load(cmd.checkpoint, /*withState=*/false);
    double valLoss = NAN;
    for (auto &[name, v] :
         evaluateMetrics(trainer, validationSet(corpus, config.seq)))
      if (name == "loss")
        valLoss = v;
    fmt::print("val_loss={:.4f} val_bpc={:.4f}\n", valLoss,
               valLoss / std::log(2.0));
  } catch (const std::exception &e) {
    return fail("eval", e.what());
  }
  return 0;
}

int sampleCharModel(SampleCommand &cmd) {
  const std::string &model = cmd.model;
  if (cmd.length < 1)
    return fail("sample", fmt::format("--length must be at least 1, got {}",
                                      cmd.length.getValue()));
  if (!std::isfinite(cmd.temperature) || cmd.temperature <= 0)
    return fail("sample", fmt::format("--temperature must be a finite number "
                                      "above 0, got {}",
                                      cmd.temperature.getValue()));
  if (cmd.repeats < 0)
    return fail("sample", fmt::format("--repeats must not be negative, got {}",
                                      cmd.repeats.getValue()));
  if (cmd.prompt.empty())
    return fail("sample", "--prompt must have at least one character");
  try {
    std::map<std::string, std::string> metadata;
    std::vector<rt::NamedTensor> saved =
        rt::loadSafetensors(cmd.checkpoint, &metadata);
    models::CharModelConfig config =
        configFromCheckpoint(model, cmd.checkpoint, saved, metadata);
    if (!metadata.count("vocabulary"))
      throw rt::Error(fmt::format("{} has no vocabulary in its metadata: it "
                                  "was not written by aicc train {}",
                                  cmd.checkpoint.getValue(), model));
    std::vector<char32_t> vocabulary =
        rt::vocabularyFromString(metadata["vocabulary"]);
    if (int64_t(vocabulary.size()) != config.vocabulary)
      throw rt::Error(fmt::format("{}: the vocabulary has {} characters but "
                                  "emb.weight has {} rows",
                                  cmd.checkpoint.getValue(), vocabulary.size(),
                                  config.vocabulary));
    std::string corpusName =
        metadata.count("corpus") ? metadata["corpus"] : cmd.checkpoint;
    std::vector<int64_t> prompt =
        rt::encodeText(vocabulary, cmd.prompt, corpusName);
    if (cmd.topK < 0 || cmd.topK > config.vocabulary)
      throw rt::Error(fmt::format("--top-k must be in [0, {}] (the "
                                  "vocabulary; 0: every character), got {}",
                                  config.vocabulary, cmd.topK.getValue()));
    Graph graph = models::charSample(config, int64_t(prompt.size()), cmd.length,
                                     cmd.topK);
    BoundFunction sample(graph, saved, cmd.checkpoint, model,
                         {"prompt", "temperature", "rng"});
    rt::Tensor promptTensor = idsTensor(prompt);
    rt::Tensor temperature(rt::DType::F32, {});
    temperature.data<float>()[0] = float(cmd.temperature.getValue());
    rt::Tensor key(rt::DType::I64, {2});
    key.data<int64_t>()[0] = static_cast<int64_t>(cmd.seed.getValue());
    key.data<int64_t>()[1] = 0;
    std::vector<std::pair<std::string, const rt::Tensor *>> inputs = {
        {"prompt", &promptTensor},
        {"temperature", &temperature},
        {"rng", &key}};
    rt::Tensor ids(rt::DType::I64, {cmd.length});
    sample.run(inputs, {&ids});
    if (cmd.repeats > 0) {
      std::vector<double> ms;
      for (int64_t i = 0; i < cmd.repeats; ++i) {
        Clock::time_point start = Clock::now();
        sample.run(inputs, {&ids});
        ms.push_back(seconds(start) * 1e3);
      }
      std::sort(ms.begin(), ms.end());
      fmt::print("sample_ms_per_call={:.3f} length={} repeats={}\n",
                 ms[ms.size() / 2], cmd.length.getValue(),
                 cmd.repeats.getValue());
      return 0;
    }
    fmt::print(
        "{}{}\n", cmd.prompt.getValue(),
        rt::decodeIds(vocabulary, ids.data<int64_t>(), size_t(cmd.length)));
  } catch (const std::exception &e) {
    return fail("sample", e.what());
  }
  return 0;
}

} // namespace aicc::driver
