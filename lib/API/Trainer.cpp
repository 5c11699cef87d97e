//===- Trainer.cpp - compiled training of an aig model --------------------===//

#include "aicc/Trainer.h"

#include "DiagnosticCapture.h"

#include "aicc/Compiler/EntryPoints.h"
#include "aicc/Compiler/Jit.h"
#include "aicc/Compiler/Parse.h"
#include "aicc/Compiler/Pipeline.h"
#include "aicc/Dialect/Aig/AigOps.h"
#include "aicc/Dialect/Aig/Autodiff.h"
#include "aicc/Dialect/Aig/TrainStep.h"
#include "aicc/runtime/BatchIterator.h"
#include "aicc/runtime/Checkpoint.h"
#include "aicc/runtime/Error.h"
#include "aicc/runtime/Init.h"
#include "aicc/runtime/Progress.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>

using namespace mlir;

namespace aicc {

namespace {
/// Philox streams: parameters use [2^32, 2^32 + #params); shuffling uses a
/// different seed, so the two never share random numbers.
constexpr uint64_t kInitStreamBase = uint64_t(1) << 32;
uint64_t shuffleSeed(uint64_t seed) { return seed * 0x9E3779B97F4A7C15ULL + 1; }

std::string argName(func::FuncOp fn, unsigned i) {
  if (auto name = fn.getArgAttrOfType<StringAttr>(i, aicc::aig::AigDialect::kName))
    return name.str();
  return "arg" + std::to_string(i);
}

rt::InitSpec initSpecOf(func::FuncOp fn, unsigned i) {
  auto type = cast<RankedTensorType>(fn.getArgument(i).getType());
  rt::InitSpec spec{rt::InitKind::TorchLinear};
  spec.fanIn = type.getRank() ? type.getDimSize(0) : 1;
  spec.fanOut = type.getRank() ? type.getShape().back() : 1;
  if (auto dict = fn.getArgAttrOfType<DictionaryAttr>(i, aicc::aig::AigDialect::kParam)) {
    if (auto init = dict.getAs<StringAttr>("init")) {
      auto kind = rt::initKindFromName(init.str());
      if (!kind)
        throw TrainingError(fmt::format(
            "parameter '{}': unknown initializer '{}' (expected zeros, normal, "
            "xavier_uniform, kaiming_uniform, kaiming_normal, torch_linear, "
            "ones)",
            argName(fn, i), init.str()));
      spec.kind = *kind;
    }
    if (auto v = dict.getAs<IntegerAttr>("fan_in"))
      spec.fanIn = v.getInt();
    if (auto v = dict.getAs<IntegerAttr>("fan_out"))
      spec.fanOut = v.getInt();
    if (auto v = dict.getAs<FloatAttr>("std"))
      spec.stddev = v.getValueAsDouble();
  }
  return spec;
}

const EntryPoint &entryNamed(const std::vector<EntryPoint> &entries,
                             StringRef name) {
  if (const EntryPoint *e = findEntryPoint(entries, name))
    return *e;
  throw TrainingError("internal error: no entry point " + name.str());
}

void invokeOrThrow(JitModule &jit, StringRef name,
                   ArrayRef<const rt::Tensor *> in,
                   ArrayRef<rt::Tensor *> out) {
  if (llvm::Error err = jit.invoke(name, in, out))
    throw TrainingError(llvm::toString(std::move(err)));
}
} // namespace

/// Kinds of non-parameter arguments in State::lossArgs / logitsArgs:
/// batch data, the random key, or buffer k (bufferArg(k)).
constexpr int kBatchArg = -1, kRngArg = -2;
/// The row mask of @metrics (1 for a real sample, 0 for padding).
constexpr int kMaskArg = std::numeric_limits<int>::min();
constexpr int bufferArg(size_t k) { return -3 - static_cast<int>(k); }
constexpr bool isBufferArg(int a) { return a <= -3 && a != kMaskArg; }
constexpr size_t bufferIndex(int a) { return static_cast<size_t>(-3 - a); }

struct Trainer::State {
  MLIRContext context;
  std::unique_ptr<JitModule> jit;
  std::vector<EntryPoint> entries;
  std::vector<std::string> paramNames, stateNames, bufferNames;
  std::vector<rt::Tensor> params, states, buffers;
  /// @loss arguments: parameter index, kBatchArg, kRngArg or bufferArg(k).
  std::vector<int> lossArgs;
  /// @logits arguments: parameter index, kBatchArg (the input), kRngArg or
  /// bufferArg(k).
  std::vector<int> logitsArgs;
  /// The random ops' key, [seed, step]: an argument marked aig.rng gets it.
  rt::Tensor rng{rt::DType::I64, {2}};
  bool hasLogits = false;
  /// @metrics arguments (as logitsArgs, plus kMaskArg) and result names.
  std::vector<int> metricsArgs;
  std::vector<std::string> metricNames;
  /// The arguments of the other public functions (call()), as logitsArgs.
  std::map<std::string, std::vector<int>> otherArgs;
  int64_t tailBatch = 0;
  rt::Tensor lr{rt::DType::F32, {}}, step{rt::DType::F32, {}},
      loss{rt::DType::F32, {}};
  int64_t steps = 0;
  std::string trainIR;
  OptimizerOptions optimizer;
  uint64_t seed = 0;

  State() : context(makeRegistry()) { context.loadAllAvailableDialects(); }
  static DialectRegistry makeRegistry() {
    DialectRegistry registry;
    registerAiccDialects(registry);
    return registry;
  }
};

Trainer::Trainer(std::unique_ptr<State> state) : state_(std::move(state)) {}
Trainer::Trainer(Trainer &&) noexcept = default;
Trainer &Trainer::operator=(Trainer &&) noexcept = default;
Trainer::~Trainer() = default;

Trainer::Trainer(const std::string &text, const OptimizerOptions &optimizer,
                 uint64_t seed, const CompileOptions &options,
                 const std::string &sourceName) {
  auto s = std::make_unique<State>();
  s->optimizer = optimizer;
  s->seed = seed;
  auto kind = aig::parseOptimizerKind(optimizer.kind);
  if (!kind)
    throw TrainingError("unknown optimizer '" + optimizer.kind +
                        "' (expected sgd, adam or adamw)");
  for (auto [name, value] : {std::pair{"momentum", optimizer.momentum},
                             {"weight decay", optimizer.weightDecay},
                             {"epsilon", optimizer.epsilon}})
    if (!std::isfinite(value) || value < 0)
      throw TrainingError(
          fmt::format("the optimizer's {} must be a finite number >= 0, got {}",
                      name, value));
  for (auto [name, value] :
       {std::pair{"beta1", optimizer.beta1}, {"beta2", optimizer.beta2}})
    if (!(value >= 0 && value < 1))
      throw TrainingError(fmt::format(
          "the optimizer's {} must be in [0, 1), got {}", name, value));
  OwningOpRef<ModuleOp> module;
  {
    // Parse errors as the driver prints them: file:line:col, the source
    // line and a caret.
    llvm::SourceMgr sourceMgr;
    sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBuffer(text, sourceName), llvm::SMLoc());
    std::string errors;
    llvm::raw_string_ostream os(errors);
    SourceMgrDiagnosticHandler handler(sourceMgr, &s->context, os);
    module = parseModule(sourceMgr, &s->context);
    if (!module)
      throw TrainingError("cannot parse the model:\n" +
                          StringRef(errors).rtrim().str());
  }
  auto lossFn = module->lookupSymbol<func::FuncOp>("loss");
  if (!lossFn || !aig::isLossFunction(lossFn))
    throw TrainingError("the model needs a public function @loss whose first "
                        "result is a rank-0 float loss");

  SmallVector<unsigned> paramArgs;
  for (unsigned i = 0; i < lossFn.getNumArguments(); ++i) {
    bool isParam = lossFn.getArgAttr(i, aicc::aig::AigDialect::kParam) != nullptr;
    bool isRng = lossFn.getArgAttr(i, aicc::aig::AigDialect::kRng) != nullptr;
    if (auto buffer =
            lossFn.getArgAttrOfType<DictionaryAttr>(i, aicc::aig::AigDialect::kBuffer)) {
      // Model state that is not trained: the compiled step updates it.
      auto type = cast<RankedTensorType>(lossFn.getArgument(i).getType());
      if (!type.getElementType().isF32())
        throw TrainingError("buffer '" + argName(lossFn, i) + "' must be f32");
      rt::Tensor t(rt::DType::F32, std::vector<int64_t>(type.getShape().begin(),
                                                        type.getShape().end()));
      auto init = buffer.getAs<StringAttr>("init");
      float value = init && init.getValue() == "ones" ? 1.0f : 0.0f;
      std::fill_n(t.data<float>(), t.numElements(), value);
      s->lossArgs.push_back(bufferArg(s->buffers.size()));
      s->bufferNames.push_back(argName(lossFn, i));
      s->buffers.push_back(std::move(t));
      continue;
    }
    s->lossArgs.push_back(isParam ? int(paramArgs.size())
                                  : (isRng ? kRngArg : kBatchArg));
    if (!isParam)
      continue;
    paramArgs.push_back(i);
    s->paramNames.push_back(argName(lossFn, i));
    auto type = cast<RankedTensorType>(lossFn.getArgument(i).getType());
    if (!type.getElementType().isF32())
      throw TrainingError("parameter '" + s->paramNames.back() +
                          "' must be f32");
    rt::Tensor t(rt::DType::F32, std::vector<int64_t>(type.getShape().begin(),
                                                      type.getShape().end()));
    rt::initialize(t, initSpecOf(lossFn, i), seed,
                   kInitStreamBase + paramArgs.size() - 1);
    s->params.push_back(std::move(t));
  }
  if (paramArgs.empty())
    throw TrainingError("@loss has no parameters: mark them with "
                        "{aig.param} (see docs/training.md)");

  if (auto logitsFn = module->lookupSymbol<func::FuncOp>("logits")) {
    s->hasLogits = true;
    int inputs = 0;
    for (unsigned i = 0; i < logitsFn.getNumArguments(); ++i) {
      std::string name = argName(logitsFn, i);
      auto it = llvm::find(s->paramNames, name);
      auto buffer = llvm::find(s->bufferNames, name);
      if (logitsFn.getArgAttr(i, aicc::aig::AigDialect::kRng)) {
        s->logitsArgs.push_back(kRngArg);
      } else if (buffer != s->bufferNames.end()) {
        s->logitsArgs.push_back(
            bufferArg(size_t(buffer - s->bufferNames.begin())));
      } else if (it == s->paramNames.end()) {
        s->logitsArgs.push_back(kBatchArg);
        ++inputs;
      } else {
        s->logitsArgs.push_back(int(it - s->paramNames.begin()));
      }
    }
    if (inputs != 1)
      throw TrainingError("@logits must take the parameters of @loss (by "
                          "aig.name) and exactly one input");
  }

  if (auto metricsFn = module->lookupSymbol<func::FuncOp>("metrics")) {
    // Per-batch sums of the evaluation metrics, computed in compiled code:
    // the parameters and buffers (by name), the batch arguments of @loss in
    // order, and a row mask marked aig.mask.
    bool mask = false;
    for (unsigned i = 0; i < metricsFn.getNumArguments(); ++i) {
      std::string name = argName(metricsFn, i);
      auto it = llvm::find(s->paramNames, name);
      auto buffer = llvm::find(s->bufferNames, name);
      if (metricsFn.getArgAttr(i, aicc::aig::AigDialect::kMask)) {
        s->metricsArgs.push_back(kMaskArg);
        mask = true;
      } else if (metricsFn.getArgAttr(i, aicc::aig::AigDialect::kRng)) {
        s->metricsArgs.push_back(kRngArg);
      } else if (buffer != s->bufferNames.end()) {
        s->metricsArgs.push_back(
            bufferArg(size_t(buffer - s->bufferNames.begin())));
      } else if (it != s->paramNames.end()) {
        s->metricsArgs.push_back(int(it - s->paramNames.begin()));
      } else {
        s->metricsArgs.push_back(kBatchArg);
      }
    }
    if (!mask)
      throw TrainingError("@metrics needs a row mask argument marked "
                          "{aig.mask} (tensor<Bxf32>: 1 for a sample, 0 for "
                          "padding)");
    if (llvm::count(s->metricsArgs, kBatchArg) !=
        llvm::count(s->lossArgs, kBatchArg))
      throw TrainingError("@metrics must take the batch arguments of @loss");
    for (unsigned r = 0; r < metricsFn.getNumResults(); ++r) {
      auto type = dyn_cast<RankedTensorType>(metricsFn.getResultTypes()[r]);
      auto name = metricsFn.getResultAttrOfType<StringAttr>(r, aicc::aig::AigDialect::kName);
      if (!type || type.getRank() != 0 || !type.getElementType().isF32() ||
          !name)
        throw TrainingError(fmt::format(
            "@metrics result #{} must be a named (aig.name) rank-0 f32 sum "
            "over the batch",
            r));
      s->metricNames.push_back(name.str());
    }
  }

  // Every other public function (a VAE's @sample, @encode, @decode): its
  // parameters and buffers by name, the random key, the caller's inputs.
  for (auto fn : module->getOps<func::FuncOp>()) {
    StringRef fnName = fn.getSymName();
    if (fn.isPrivate() || fn.isExternal() ||
        llvm::is_contained({"loss", "loss_tail", "logits", "metrics"}, fnName))
      continue;
    std::vector<int> &args = s->otherArgs[fnName.str()];
    for (unsigned i = 0; i < fn.getNumArguments(); ++i) {
      std::string name = argName(fn, i);
      auto param = llvm::find(s->paramNames, name);
      auto buffer = llvm::find(s->bufferNames, name);
      if (fn.getArgAttr(i, aicc::aig::AigDialect::kRng))
        args.push_back(kRngArg);
      else if (buffer != s->bufferNames.end())
        args.push_back(bufferArg(size_t(buffer - s->bufferNames.begin())));
      else if (param != s->paramNames.end())
        args.push_back(int(param - s->paramNames.begin()));
      else
        args.push_back(kBatchArg);
    }
  }

  aig::OptimizerSpec spec;
  spec.kind = *kind;
  spec.momentum = optimizer.momentum;
  spec.nesterov = optimizer.nesterov;
  spec.weightDecay = optimizer.weightDecay;
  spec.beta1 = optimizer.beta1;
  spec.beta2 = optimizer.beta2;
  spec.epsilon = optimizer.epsilon;
  throwOnFailure<TrainingError>(
      s->context, "cannot build the training step", [&]() -> LogicalResult {
        auto step = aig::createTrainStep(lossFn, paramArgs, spec, "train_step");
        if (failed(step))
          return failure();
        llvm::raw_string_ostream os(s->trainIR);
        step->print(os);
        return success();
      });
  if (auto tailFn = module->lookupSymbol<func::FuncOp>("loss_tail")) {
    // The same parameters (by position of the aig.param marks), another
    // batch size.
    SmallVector<unsigned> tailParams;
    for (unsigned i = 0; i < tailFn.getNumArguments(); ++i)
      if (tailFn.getArgAttr(i, aicc::aig::AigDialect::kParam))
        tailParams.push_back(i);
    if (tailParams.size() != paramArgs.size())
      throw TrainingError("@loss_tail must have the parameters of @loss");
    for (unsigned i = 0; i < tailFn.getNumArguments(); ++i)
      if (!tailFn.getArgAttr(i, aicc::aig::AigDialect::kParam)) {
        auto type = cast<RankedTensorType>(tailFn.getArgument(i).getType());
        s->tailBatch = type.getRank() ? type.getDimSize(0) : 0;
        break;
      }
    throwOnFailure<TrainingError>(
        s->context, "cannot build the tail training step",
        [&]() -> LogicalResult {
          return aig::createTrainStep(tailFn, tailParams, spec,
                                      "train_step_tail");
        });
  }
  // Optimizer state, zero-initialized, in train_step's argument order.
  for (size_t p = 0; p < s->params.size(); ++p)
    for (const std::string &st : spec.stateNames()) {
      s->stateNames.push_back(s->paramNames[p] + "." + st);
      s->states.push_back(rt::Tensor(rt::DType::F32, s->params[p].shape()));
    }
  throwOnFailure<TrainingError>(s->context, "cannot compile the model",
                                [&]() -> LogicalResult {
                                  auto entries = collectEntryPoints(*module);
                                  if (failed(entries))
                                    return failure();
                                  s->entries = *entries;
                                  return runPipeline(*module, Phase::LLVM);
                                });
  auto jit = JitModule::create(*module, s->entries, options.optLevel);
  if (!jit)
    throw TrainingError("JIT compilation failed: " +
                        llvm::toString(jit.takeError()));
  s->jit = std::move(*jit);
  state_ = std::move(s);
}

Trainer Trainer::fromGraphs(const Graph &loss, const Graph *logits,
                            const OptimizerOptions &optimizer, uint64_t seed,
                            const CompileOptions &options,
                            const Graph *lossTail, const Graph *metrics,
                            const std::vector<const Graph *> &more) {
  if (loss.name() != "loss" || (logits && logits->name() != "logits") ||
      (lossTail && lossTail->name() != "loss_tail") ||
      (metrics && metrics->name() != "metrics"))
    throw TrainingError("Trainer::fromGraphs: the graphs must be named "
                        "\"loss\", \"logits\", \"loss_tail\" and "
                        "\"metrics\"");
  std::vector<const Graph *> graphs = {&loss, logits, lossTail, metrics};
  for (const Graph *g : more) {
    if (!g || llvm::is_contained({"loss", "loss_tail", "logits", "metrics",
                                  "train_step", "train_step_tail"},
                                 g->name()))
      throw TrainingError("Trainer::fromGraphs: the other graphs must be "
                          "non-null and not named loss, loss_tail, logits, "
                          "metrics or train_step");
    graphs.push_back(g);
  }
  std::string text = printModule(graphs);
  return Trainer(text, optimizer, seed, options);
}

Trainer Trainer::fromFile(const std::string &path,
                          const OptimizerOptions &optimizer, uint64_t seed,
                          const CompileOptions &options) {
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    throw TrainingError(path + ": cannot open: " + std::strerror(errno));
  std::string text;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    text.append(buf, n);
  std::fclose(f);
  return Trainer(text, optimizer, seed, options, path);
}

namespace {
float runStep(Trainer::State &s, StringRef entry,
              const std::vector<const rt::Tensor *> &batch, double lr);
} // namespace

float Trainer::step(const std::vector<const rt::Tensor *> &batch, double lr) {
  return runStep(*state_, "train_step", batch, lr);
}

float Trainer::stepTail(const std::vector<const rt::Tensor *> &batch,
                        double lr) {
  if (!state_->tailBatch)
    throw TrainingError("the model has no @loss_tail");
  return runStep(*state_, "train_step_tail", batch, lr);
}

int64_t Trainer::tailBatchSize() const { return state_->tailBatch; }

namespace {
float runStep(Trainer::State &s, StringRef entry,
              const std::vector<const rt::Tensor *> &batch, double lr) {
  // Count what the caller passes, not the compiled step's own arguments
  // (parameters, optimizer state, lr, step).
  size_t expected = llvm::count(s.lossArgs, kBatchArg);
  if (batch.size() != expected)
    throw TrainingError(fmt::format(
        "Trainer::step takes {} batch tensor(s) (the non-parameter arguments "
        "of @loss, in order), got {}",
        expected, batch.size()));
  for (auto [i, t] : llvm::enumerate(batch))
    if (!t)
      throw TrainingError(
          fmt::format("Trainer::step: batch tensor #{} is null", i));
  s.lr.data<float>()[0] = static_cast<float>(lr);
  s.step.data<float>()[0] = static_cast<float>(s.steps + 1);
  // Random ops draw from [seed, step]: new numbers every step, the same
  // ones when a run resumes at that step.
  s.rng.data<int64_t>()[0] = static_cast<int64_t>(s.seed);
  s.rng.data<int64_t>()[1] = s.steps + 1;
  std::vector<const rt::Tensor *> in;
  for (const rt::Tensor &p : s.params)
    in.push_back(&p);
  for (const rt::Tensor &st : s.states)
    in.push_back(&st);
  size_t b = 0;
  for (int p : s.lossArgs)
    if (p == kBatchArg)
      in.push_back(batch[b++]);
    else if (p == kRngArg)
      in.push_back(&s.rng);
    else if (isBufferArg(p))
      in.push_back(&s.buffers[bufferIndex(p)]);
  in.push_back(&s.lr);
  in.push_back(&s.step);
  invokeOrThrow(*s.jit, entry, in, {&s.loss});
  ++s.steps;
  return s.loss.data<float>()[0];
}
} // namespace

int64_t Trainer::stepCount() const { return state_->steps; }

const std::vector<std::string> &Trainer::metricNames() const {
  return state_->metricNames;
}

void Trainer::metrics(const std::vector<const rt::Tensor *> &batch,
                      const rt::Tensor &mask, std::vector<double> &sums,
                      int64_t batchIndex) {
  State &s = *state_;
  if (s.metricNames.empty())
    throw TrainingError("the model has no @metrics");
  std::vector<const rt::Tensor *> in;
  size_t b = 0;
  s.rng.data<int64_t>()[0] = static_cast<int64_t>(~s.seed);
  s.rng.data<int64_t>()[1] = batchIndex;
  for (int p : s.metricsArgs)
    in.push_back(p == kBatchArg   ? (b < batch.size() ? batch[b++] : nullptr)
                 : p == kMaskArg  ? &mask
                 : p == kRngArg   ? &s.rng
                 : isBufferArg(p) ? &s.buffers[bufferIndex(p)]
                                  : &s.params[p]);
  if (b != batch.size() || llvm::is_contained(in, nullptr))
    throw TrainingError("Trainer::metrics: wrong number of batch tensors");
  std::vector<rt::Tensor> results;
  std::vector<rt::Tensor *> outs;
  results.reserve(s.metricNames.size());
  for (size_t i = 0; i < s.metricNames.size(); ++i)
    results.emplace_back(rt::DType::F32, std::vector<int64_t>{});
  for (rt::Tensor &r : results)
    outs.push_back(&r);
  invokeOrThrow(*s.jit, "metrics", in, outs);
  sums.resize(results.size());
  for (size_t i = 0; i < results.size(); ++i)
    sums[i] = results[i].data<float>()[0];
}
bool Trainer::hasLogits() const { return state_->hasLogits; }

bool Trainer::hasFunction(const std::string &function) const {
  return state_->otherArgs.count(function) != 0;
}

namespace {
const std::vector<int> &otherArgsOf(const Trainer::State &s,
                                    const std::string &function) {
  auto it = s.otherArgs.find(function);
  if (it == s.otherArgs.end())
    throw TrainingError(
        fmt::format("the model has no function @{} to call (it has: {})",
                    function, entryPointNames(s.entries)));
  return it->second;
}

std::vector<std::pair<std::vector<int64_t>, rt::DType>>
specsOf(const std::vector<TensorSpec> &specs) {
  std::vector<std::pair<std::vector<int64_t>, rt::DType>> out;
  for (const TensorSpec &t : specs)
    out.push_back({t.shape, *rt::dtypeFromName(t.elementType)});
  return out;
}
} // namespace

std::vector<std::pair<std::vector<int64_t>, rt::DType>>
Trainer::inputSpecs(const std::string &function) const {
  const std::vector<int> &args = otherArgsOf(*state_, function);
  const EntryPoint &entry = entryNamed(state_->entries, function);
  std::vector<TensorSpec> inputs;
  for (size_t i = 0; i < args.size(); ++i)
    if (args[i] == kBatchArg)
      inputs.push_back(entry.inputs[i]);
  return specsOf(inputs);
}

std::vector<std::pair<std::vector<int64_t>, rt::DType>>
Trainer::resultSpecs(const std::string &function) const {
  otherArgsOf(*state_, function);
  return specsOf(entryNamed(state_->entries, function).results);
}

void Trainer::call(const std::string &function,
                   const std::vector<const rt::Tensor *> &inputs,
                   const std::vector<rt::Tensor *> &outputs,
                   int64_t rngOffset) {
  State &s = *state_;
  const std::vector<int> &args = otherArgsOf(s, function);
  size_t expected = llvm::count(args, kBatchArg);
  if (inputs.size() != expected || llvm::is_contained(inputs, nullptr))
    throw TrainingError(fmt::format(
        "@{} takes {} input tensor(s), got {}{}", function, expected,
        inputs.size(),
        llvm::is_contained(inputs, nullptr) ? " (one is null)" : ""));
  if (rngOffset < 0 || rngOffset >= (int64_t(1) << 32))
    throw TrainingError(fmt::format(
        "the random key offset must be in [0, 2^32), got {}", rngOffset));
  s.rng.data<int64_t>()[0] = static_cast<int64_t>(s.seed);
  s.rng.data<int64_t>()[1] = rngOffset;
  std::vector<const rt::Tensor *> in;
  size_t b = 0;
  for (int p : args)
    in.push_back(p == kBatchArg   ? inputs[b++]
                 : p == kRngArg   ? &s.rng
                 : isBufferArg(p) ? &s.buffers[bufferIndex(p)]
                                  : &s.params[p]);
  invokeOrThrow(*s.jit, function, in, outputs);
}

void Trainer::logits(const rt::Tensor &x, rt::Tensor &out) {
  State &s = *state_;
  std::vector<const rt::Tensor *> in;
  s.rng.data<int64_t>()[0] = static_cast<int64_t>(s.seed);
  s.rng.data<int64_t>()[1] = 0;
  for (int p : s.logitsArgs)
    in.push_back(p == kBatchArg   ? &x
                 : p == kRngArg   ? &s.rng
                 : isBufferArg(p) ? &s.buffers[bufferIndex(p)]
                                  : &s.params[p]);
  invokeOrThrow(*s.jit, "logits", in, {&out});
}

float Trainer::evaluateLoss(const std::vector<const rt::Tensor *> &batch) {
  State &s = *state_;
  std::vector<const rt::Tensor *> in;
  size_t b = 0;
  s.rng.data<int64_t>()[0] = static_cast<int64_t>(s.seed);
  s.rng.data<int64_t>()[1] = 0;
  for (int p : s.lossArgs)
    in.push_back(p == kBatchArg   ? (b < batch.size() ? batch[b++] : nullptr)
                 : p == kRngArg   ? &s.rng
                 : isBufferArg(p) ? &s.buffers[bufferIndex(p)]
                                  : &s.params[p]);
  if (b != batch.size() || llvm::is_contained(in, nullptr))
    throw TrainingError("evaluateLoss: wrong number of batch tensors");
  rt::Tensor loss(rt::DType::F32, {});
  invokeOrThrow(*s.jit, "loss", in, {&loss});
  return loss.data<float>()[0];
}

const std::vector<std::string> &Trainer::parameterNames() const {
  return state_->paramNames;
}
std::vector<rt::Tensor> &Trainer::parameters() { return state_->params; }
const std::vector<std::string> &Trainer::stateNames() const {
  return state_->stateNames;
}
std::vector<rt::Tensor> &Trainer::state() { return state_->states; }
const std::vector<std::string> &Trainer::bufferNames() const {
  return state_->bufferNames;
}
std::vector<rt::Tensor> &Trainer::buffers() { return state_->buffers; }
const std::string &Trainer::trainStepIR() const { return state_->trainIR; }

std::vector<std::pair<std::vector<int64_t>, rt::DType>>
Trainer::batchSpecs() const {
  const EntryPoint &loss = entryNamed(state_->entries, "loss");
  std::vector<std::pair<std::vector<int64_t>, rt::DType>> specs;
  for (auto [i, p] : llvm::enumerate(state_->lossArgs))
    if (p == kBatchArg)
      specs.push_back({loss.inputs[i].shape,
                       *rt::dtypeFromName(loss.inputs[i].elementType)});
  return specs;
}

int64_t Trainer::batchSize() const {
  auto specs = batchSpecs();
  if (specs.empty() || specs[0].first.empty())
    return 1;
  return specs[0].first[0];
}

namespace {
constexpr char kCheckpointFormat[] = "aicc-checkpoint-1";

/// The integer metadata field `key` in [min, max], or nullopt when absent.
std::optional<int64_t>
metadataCount(const std::map<std::string, std::string> &metadata,
              const char *key, int64_t min, int64_t max) {
  auto it = metadata.find(key);
  if (it == metadata.end())
    return std::nullopt;
  const std::string &text = it->second;
  int64_t value = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range)
    throw TrainingError(fmt::format("checkpoint metadata '{}' is out of "
                                    "range [{}, {}]: '{}'",
                                    key, min, max, text));
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    throw TrainingError(fmt::format(
        "checkpoint metadata '{}' is not a count: '{}'", key, text));
  if (value < min || value > max)
    throw TrainingError(fmt::format("checkpoint metadata '{}' is out of "
                                    "range [{}, {}]: '{}'",
                                    key, min, max, text));
  return value;
}

/// Checks every field aicc writes into a checkpoint's metadata (type,
/// range, consistency), naming the first bad one. `resuming`: the
/// checkpoint's optimizer state and step are about to be used, so it must
/// be an aicc checkpoint (format and step present).
void checkMetadata(const std::map<std::string, std::string> &metadata,
                   bool resuming) {
  if (resuming && metadata.empty())
    throw TrainingError("the checkpoint has no __metadata__, so it was not "
                        "written by aicc: its step and epoch are unknown");
  // Checkpoints written by other tools (e.g. PyTorch weights converted by a
  // script) may have no format; one that names another format is refused.
  if (auto format = metadata.find("format");
      format != metadata.end() && format->second != kCheckpointFormat)
    throw TrainingError(
        fmt::format("checkpoint metadata 'format' is '{}', expected '{}'",
                    format->second, kCheckpointFormat));
  if (resuming && !metadata.count("step"))
    throw TrainingError("checkpoint metadata 'step' is missing");
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max() - 1;
  constexpr int64_t kMaxInt = std::numeric_limits<int>::max() - 1;
  std::optional<int64_t> step = metadataCount(metadata, "step", 0, kMax);
  metadataCount(metadata, "epoch", 0, kMaxInt);
  metadataCount(metadata, "epochs", 1, kMaxInt);
  if (auto seed = metadata.find("seed"); seed != metadata.end()) {
    uint64_t value = 0;
    const std::string &text = seed->second;
    auto [end, ec] =
        std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
      throw TrainingError(fmt::format(
          "checkpoint metadata 'seed' is not an unsigned integer: '{}'", text));
  }
  if (auto schedule = metadata.find("lr_schedule");
      schedule != metadata.end() && !isLearningRateSchedule(schedule->second))
    throw TrainingError(fmt::format("checkpoint metadata 'lr_schedule' is "
                                    "'{}', expected {}",
                                    schedule->second, kLearningRateSchedules));
  // Mid-epoch: the step within the epoch, the epoch's length and its loss
  // so far come together.
  // Each field's type first, so that a hand-edited value is named.
  metadataCount(metadata, "epoch_steps", 2, kMax);
  metadataCount(metadata, "epoch_step", 1, kMax);
  int present = metadata.count("epoch_step") + metadata.count("epoch_steps") +
                metadata.count("epoch_loss_sum");
  if (present != 0 && present != 3)
    throw TrainingError("checkpoint metadata 'epoch_step', 'epoch_steps' and "
                        "'epoch_loss_sum' must be all present or all absent");
  if (present) {
    int64_t steps = *metadataCount(metadata, "epoch_steps", 2, kMax);
    int64_t stepInEpoch = *metadataCount(metadata, "epoch_step", 1, steps - 1);
    if (step && *step < stepInEpoch)
      throw TrainingError(fmt::format(
          "checkpoint metadata 'step' is {}, fewer than its 'epoch_step' {}",
          *step, stepInEpoch));
    const std::string &text = metadata.at("epoch_loss_sum");
    char *end = nullptr;
    double sum = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(sum))
      throw TrainingError(fmt::format("checkpoint metadata 'epoch_loss_sum' "
                                      "is not a finite number: '{}'",
                                      text));
  }
}
} // namespace

void Trainer::save(const std::string &path,
                   std::map<std::string, std::string> metadata) const {
  const State &s = *state_;
  std::vector<std::pair<std::string, const rt::Tensor *>> tensors;
  for (size_t i = 0; i < s.params.size(); ++i)
    tensors.push_back({s.paramNames[i], &s.params[i]});
  for (size_t i = 0; i < s.states.size(); ++i)
    tensors.push_back({s.stateNames[i], &s.states[i]});
  for (size_t i = 0; i < s.buffers.size(); ++i)
    tensors.push_back({s.bufferNames[i], &s.buffers[i]});
  metadata["step"] = std::to_string(s.steps);
  metadata["optimizer"] = s.optimizer.kind;
  metadata["format"] = "aicc-checkpoint-1";
  rt::saveSafetensors(path, tensors, metadata);
}

std::map<std::string, std::string> Trainer::load(const std::string &path,
                                                 bool withState) {
  State &s = *state_;
  std::map<std::string, std::string> metadata;
  // Read into scratch and check everything before anything is changed.
  std::vector<rt::NamedTensor> loaded;
  try {
    loaded = rt::loadSafetensors(path, &metadata);
    checkMetadata(metadata, withState);
  } catch (const std::exception &e) {
    if (StringRef(e.what()).starts_with(path))
      throw TrainingError(e.what());
    throw TrainingError(path + ": " + e.what());
  }
  // Optimizer state of another optimizer cannot be resumed: say so before
  // comparing tensor names.
  if (withState && metadata["optimizer"] != s.optimizer.kind)
    throw TrainingError(path + " was trained with optimizer " +
                        (metadata.count("optimizer") ? metadata["optimizer"]
                                                     : "(none recorded)") +
                        ", not " + s.optimizer.kind);
  std::vector<std::pair<std::string, const rt::Tensor *>> expected;
  for (size_t i = 0; i < s.params.size(); ++i)
    expected.push_back({s.paramNames[i], &s.params[i]});
  // Buffers (batch-norm statistics) are part of the model: always loaded.
  for (size_t i = 0; i < s.buffers.size(); ++i)
    expected.push_back({s.bufferNames[i], &s.buffers[i]});
  if (withState) {
    for (size_t i = 0; i < s.states.size(); ++i)
      expected.push_back({s.stateNames[i], &s.states[i]});
  } else {
    // Parameters only: ignore whatever optimizer state the file holds.
    llvm::erase_if(loaded, [&](const rt::NamedTensor &t) {
      return !llvm::is_contained(s.paramNames, t.name) &&
             !llvm::is_contained(s.bufferNames, t.name);
    });
  }
  try {
    rt::checkCheckpointMatches(loaded, expected, path);
  } catch (const rt::Error &e) {
    throw TrainingError(e.what());
  }
  // Everything is checked: commit.
  for (rt::NamedTensor &t : loaded)
    for (auto &[name, dst] : expected)
      if (name == t.name)
        std::memcpy(const_cast<rt::Tensor *>(dst)->data(), t.tensor.data(),
                    t.tensor.byteSize());
  if (withState)
    s.steps = *metadataCount(metadata, "step", 0,
                             std::numeric_limits<int64_t>::max() - 1);
  return metadata;
}

//===----------------------------------------------------------------------===//
// Training loop
//===----------------------------------------------------------------------===//

namespace {
/// The first `n` rows of `t` (all of it when n is 0 or too large).
rt::Tensor firstRows(const rt::Tensor &t, int64_t n) {
  std::vector<int64_t> shape = t.shape();
  if (n <= 0 || n >= shape[0])
    return t.clone();
  int64_t rowBytes = t.byteSize() / shape[0];
  shape[0] = n;
  rt::Tensor r(t.dtype(), shape);
  std::memcpy(r.data(), t.data(), n * rowBytes);
  return r;
}

void checkBatchSpecs(Trainer &trainer, const rt::Dataset &data) {
  auto specs = trainer.batchSpecs();
  size_t expected = data.hasTargets() ? 2 : 1;
  if (specs.size() != expected)
    throw TrainingError(fmt::format(
        "@loss takes {} batch argument(s), but the data set '{}' {} ({})",
        specs.size(), data.name,
        data.hasTargets() ? "has targets" : "has no targets",
        data.hasTargets() ? "features, then targets" : "features only"));
  std::vector<int64_t> xShape = data.trainX.shape();
  xShape[0] = specs[0].first.empty() ? 0 : specs[0].first[0];
  if (specs[0].first != xShape || specs[0].second != data.trainX.dtype())
    throw TrainingError(fmt::format(
        "the model's feature argument is tensor<{}x{}>, but the data set "
        "'{}' gives samples of shape {} ({})",
        fmt::join(specs[0].first, "x"), rt::dtypeName(specs[0].second),
        data.name,
        fmt::join(std::vector<int64_t>(xShape.begin() + 1, xShape.end()), "x"),
        rt::dtypeName(data.trainX.dtype())));
  if (!data.hasTargets())
    return;
  std::vector<int64_t> yShape = data.trainY.shape();
  yShape[0] = xShape[0];
  if (data.hasClasses()) {
    if (specs[1].first != yShape || specs[1].second != rt::DType::I64)
      throw TrainingError(
          fmt::format("the model's label argument must be tensor<{}xi64>",
                      fmt::join(yShape, "x")));
    return;
  }
  if (specs[1].first != yShape || specs[1].second != rt::DType::F32)
    throw TrainingError(fmt::format(
        "the model's target argument must be tensor<{}xf32> (the data set's "
        "targets)",
        fmt::join(yShape, "x")));
}
} // namespace

namespace {
/// Runs @logits over the first `n` rows of `x` in batches (the last one
/// padded with zeros) and calls visit(row index, logits row, classes) for
/// each real row.
template <typename Visit>
void forEachLogitsRow(Trainer &trainer, const rt::Tensor &x, int64_t n,
                      int64_t classes, Visit visit) {
  int64_t batch = trainer.batchSize();
  std::vector<int64_t> xShape = x.shape();
  xShape[0] = batch;
  rt::Tensor xb(x.dtype(), xShape), logits(rt::DType::F32, {batch, classes});
  int64_t rowBytes = x.byteSize() / std::max<int64_t>(x.shape()[0], 1);
  for (int64_t start = 0; start < n; start += batch) {
    int64_t rows = std::min(batch, n - start);
    std::memset(xb.data(), 0, xb.byteSize());
    std::memcpy(xb.data(),
                static_cast<const char *>(x.data()) + start * rowBytes,
                rows * rowBytes);
    trainer.logits(xb, logits);
    for (int64_t r = 0; r < rows; ++r)
      visit(start + r, logits.data<float>() + r * classes, classes);
  }
}

/// Index of the largest logit and log(sum(exp(row - max))).
std::pair<int64_t, double> argmaxAndLogSumExp(const float *row,
                                              int64_t classes) {
  int64_t arg = 0;
  for (int64_t c = 1; c < classes; ++c)
    if (row[c] > row[arg])
      arg = c;
  double sum = 0;
  for (int64_t c = 0; c < classes; ++c)
    sum += std::exp(double(row[c]) - row[arg]);
  return {arg, std::log(sum)};
}
} // namespace

namespace {
/// A batch-shaped tensor for rows of `t` (dtype and sample shape of t).
rt::Tensor batchLike(const rt::Tensor &t, int64_t rows) {
  std::vector<int64_t> shape = t.shape();
  shape[0] = rows;
  return rt::Tensor(t.dtype(), shape);
}

/// Copies rows [start, start + count) of `src` into the first rows of
/// `dst` and zeroes the rest.
void copyRows(const rt::Tensor &src, int64_t start, int64_t count,
              rt::Tensor &dst) {
  int64_t rowBytes = src.shape()[0] ? src.byteSize() / src.shape()[0] : 0;
  std::memset(dst.data(), 0, dst.byteSize());
  std::memcpy(dst.data(),
              static_cast<const char *>(src.data()) + start * rowBytes,
              count * rowBytes);
}
} // namespace

std::vector<std::pair<std::string, double>>
evaluateMetrics(Trainer &trainer, const rt::Dataset &data, int64_t limit) {
  rt::Tensor x = firstRows(data.testX, limit), y = firstRows(data.testY, limit);
  int64_t n = x.shape()[0], batch = trainer.batchSize();
  std::vector<std::pair<std::string, double>> result;
  if (!trainer.metricNames().empty()) {
    // Compiled metrics: sums over every batch (the last one padded and
    // masked), divided by the number of samples.
    rt::Tensor xb = batchLike(x, batch), yb = batchLike(y, batch);
    rt::Tensor mask(rt::DType::F32, {batch});
    std::vector<double> totals(trainer.metricNames().size()), sums;
    for (int64_t start = 0; start < n; start += batch) {
      int64_t rows = std::min(batch, n - start);
      copyRows(x, start, rows, xb);
      copyRows(y, start, rows, yb);
      for (int64_t r = 0; r < batch; ++r)
        mask.data<float>()[r] = r < rows ? 1.0f : 0.0f;
      if (data.hasTargets())
        trainer.metrics({&xb, &yb}, mask, sums, start / batch);
      else
        trainer.metrics({&xb}, mask, sums, start / batch);
      for (size_t i = 0; i < sums.size(); ++i)
        totals[i] += sums[i];
    }
    for (size_t i = 0; i < totals.size(); ++i)
      result.push_back(
          {trainer.metricNames()[i], totals[i] / std::max<int64_t>(n, 1)});
    return result;
  }
  if (!trainer.hasLogits() || !data.hasClasses() || y.rank() != 1) {
    // The loss only, on full batches.
    rt::Tensor xb = batchLike(x, batch), yb = batchLike(y, batch);
    double totalLoss = 0;
    int64_t batches = n / batch;
    for (int64_t b = 0; b < batches; ++b) {
      copyRows(x, b * batch, batch, xb);
      copyRows(y, b * batch, batch, yb);
      totalLoss += data.hasTargets() ? trainer.evaluateLoss({&xb, &yb})
                                     : trainer.evaluateLoss({&xb});
    }
    result.push_back({"loss", batches ? totalLoss / batches : NAN});
    return result;
  }
  // Classification from @logits, on the host (models without @metrics).
  double totalLoss = 0;
  int64_t correct = 0;
  forEachLogitsRow(trainer, x, n, data.numClasses,
                   [&](int64_t i, const float *row, int64_t classes) {
                     auto [arg, logSumExp] = argmaxAndLogSumExp(row, classes);
                     int64_t label = y.data<int64_t>()[i];
                     totalLoss += logSumExp + row[arg] - double(row[label]);
                     correct += arg == label;
                   });
  result.push_back({"loss", totalLoss / std::max<int64_t>(n, 1)});
  result.push_back({"acc", double(correct) / std::max<int64_t>(n, 1)});
  return result;
}

std::pair<double, double> evaluate(Trainer &trainer, const rt::Dataset &data,
                                   int64_t limit) {
  double loss = NAN, accuracy = NAN;
  for (auto &[name, value] : evaluateMetrics(trainer, data, limit)) {
    if (name == "loss")
      loss = value;
    else if (name == "acc")
      accuracy = value;
  }
  return {loss, accuracy};
}

std::vector<Prediction> predict(Trainer &trainer, const rt::Dataset &data,
                                int64_t count) {
  if (!trainer.hasLogits())
    throw TrainingError("predictions need the model's @logits function");
  if (!data.hasClasses() || data.testY.rank() != 1)
    throw TrainingError("predictions need a data set of one class label per "
                        "sample");
  int64_t n = std::clamp<int64_t>(count, 0, data.testX.shape()[0]);
  std::vector<Prediction> predictions;
  forEachLogitsRow(trainer, data.testX, n, data.numClasses,
                   [&](int64_t i, const float *row, int64_t classes) {
                     auto [arg, logSumExp] = argmaxAndLogSumExp(row, classes);
                     predictions.push_back({data.testY.data<int64_t>()[i], arg,
                                            std::exp(-logSumExp)});
                   });
  return predictions;
}

bool isLearningRateSchedule(const std::string &name) {
  return name == "cosine-per-epoch" || name == "cosine" || name == "constant";
}

double learningRate(const FitOptions &options, int epoch, int64_t step,
                    int64_t stepsPerEpoch) {
  // Half a cosine from lr down to 0 over `t` of `total` steps.
  auto halfCosine = [&](double t, double total) {
    return options.lr * 0.5 * (1 + std::cos(M_PI * t / total));
  };
  if (options.lrSchedule == "cosine-per-epoch")
    return halfCosine(double(step), double(stepsPerEpoch));
  if (options.lrSchedule == "cosine")
    return halfCosine(double((epoch - 1) * stepsPerEpoch + step),
                      double(options.epochs * stepsPerEpoch));
  return options.lr;
}

void resumeFrom(FitOptions &options,
                const std::map<std::string, std::string> &metadata) {
  checkMetadata(metadata, /*resuming=*/true);
  if (!metadata.count("epoch"))
    throw TrainingError("checkpoint metadata 'epoch' is missing (the "
                        "checkpoint was not saved by fit() or aicc train)");
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  // Checked above: in range, so int(epoch) + 1 cannot overflow.
  options.startEpoch = int(*metadataCount(metadata, "epoch", 0, kMax)) + 1;
  options.startStep =
      metadataCount(metadata, "epoch_step", 0, kMax).value_or(0);
  options.startStepsPerEpoch =
      metadataCount(metadata, "epoch_steps", 0, kMax).value_or(0);
  options.startLossSum = 0;
  if (auto it = metadata.find("epoch_loss_sum"); it != metadata.end())
    options.startLossSum = std::strtod(it->second.c_str(), nullptr);
}

std::vector<EpochStats> fit(Trainer &trainer, const rt::Dataset &data,
                            const FitOptions &options) {
  if (!isLearningRateSchedule(options.lrSchedule))
    throw TrainingError("unknown learning-rate schedule '" +
                        options.lrSchedule + "' (expected " +
                        kLearningRateSchedules + ")");
  if (!std::isfinite(options.lr) || options.lr < 0)
    throw TrainingError(fmt::format("the learning rate must be a finite "
                                    "number >= 0, got {}",
                                    options.lr));
  if (options.epochs < 1)
    throw TrainingError(
        fmt::format("epochs must be at least 1, got {}", options.epochs));
  // Refuse a checkpoint path that cannot be written before training, not
  // after the first epoch.
  if (!options.checkpoint.empty()) {
    try {
      rt::checkCheckpointPath(options.checkpoint);
    } catch (const rt::Error &e) {
      throw TrainingError(e.what());
    }
  }
  checkBatchSpecs(trainer, data);
  rt::Tensor x = firstRows(data.trainX, options.trainLimit);
  rt::Tensor y = firstRows(data.trainY, options.trainLimit);
  for (int64_t i = 0; data.hasClasses() && i < y.numElements(); ++i)
    if (y.data<int64_t>()[i] < 0 || y.data<int64_t>()[i] >= data.numClasses)
      throw TrainingError(fmt::format("label {} of training sample {} is out "
                                      "of range [0, {})",
                                      y.data<int64_t>()[i], i,
                                      data.numClasses));
  int64_t batch = trainer.batchSize();
  int64_t samples = x.shape()[0], fullBatches = samples / batch;
  if (fullBatches == 0)
    throw TrainingError(fmt::format("the training set has {} samples, "
                                    "fewer than one batch of {}",
                                    samples, batch));
  // The epoch's last N mod B samples go through @loss_tail when there is
  // one (otherwise they are skipped).
  int64_t tail = samples % batch;
  bool withTail = tail > 0 && trainer.tailBatchSize() == tail;
  int64_t stepsPerEpoch = fullBatches + (withTail ? 1 : 0);

  rt::Tensor xb = batchLike(x, batch), yb = batchLike(y, batch);
  rt::Tensor xt = batchLike(x, tail), yt = batchLike(y, tail);
  int64_t rowBytes = x.byteSize() / samples;
  int64_t yRowBytes = y.byteSize() / samples;
  bool targets = data.hasTargets();
  std::vector<EpochStats> history;
  bool bar = options.progress && rt::stderrIsTerminal();

  if (options.startStep > 0 && options.startStepsPerEpoch != stepsPerEpoch)
    throw TrainingError(fmt::format(
        "the checkpoint was saved after step {} of an epoch of {} steps, but "
        "this run has {} steps per epoch; resume with the same batch size "
        "and training samples",
        options.startStep, options.startStepsPerEpoch, stepsPerEpoch));
  // Saves parameters, optimizer state and where training is: after `epoch`
  // complete epochs, plus `stepInEpoch` steps (loss sum `lossSum`) of the
  // next one when interrupted.
  auto save = [&](int epoch, int64_t stepInEpoch, double lossSum) {
    auto metadata = options.metadata;
    metadata["epoch"] = std::to_string(epoch);
    metadata["seed"] = std::to_string(options.seed);
    metadata["epochs"] = std::to_string(options.epochs);
    metadata["lr_schedule"] = options.lrSchedule;
    if (stepInEpoch > 0) {
      metadata["epoch_step"] = std::to_string(stepInEpoch);
      metadata["epoch_loss_sum"] = fmt::format("{}", lossSum); // exact
      metadata["epoch_steps"] = std::to_string(stepsPerEpoch);
    }
    trainer.save(options.checkpoint, metadata);
  };
  auto stopping = [&] {
    return options.stopRequested &&
           options.stopRequested->load(std::memory_order_relaxed);
  };

  for (int epoch = options.startEpoch; epoch <= options.epochs; ++epoch) {
    rt::BatchIterator it(x, y, batch, shuffleSeed(options.seed), epoch, true);
    int64_t firstStep = epoch == options.startEpoch ? options.startStep : 0;
    it.skip(std::min(firstStep, fullBatches));
    if (withTail) {
      const std::vector<int64_t> &order = it.order();
      for (int64_t r = 0; r < tail; ++r) {
        int64_t src = order[fullBatches * batch + r];
        std::memcpy(static_cast<char *>(xt.data()) + r * rowBytes,
                    static_cast<const char *>(x.data()) + src * rowBytes,
                    rowBytes);
        std::memcpy(static_cast<char *>(yt.data()) + r * yRowBytes,
                    static_cast<const char *>(y.data()) + src * yRowBytes,
                    yRowBytes);
      }
    }
    rt::ProgressBar progress(
        stepsPerEpoch, fmt::format("epoch {}/{}", epoch, options.epochs), bar);
    EpochStats stats;
    stats.epoch = epoch;
    auto start = std::chrono::steady_clock::now();
    double sum = firstStep > 0 ? options.startLossSum : 0;
    int64_t seen = 0;
    for (int64_t b = firstStep; b < stepsPerEpoch; ++b) {
      double lr = learningRate(options, epoch, b, stepsPerEpoch);
      float loss;
      if (b == fullBatches) {
        loss = targets ? trainer.stepTail({&xt, &yt}, lr)
                       : trainer.stepTail({&xt}, lr);
        seen += tail;
      } else {
        it.next(xb, yb);
        loss = targets ? trainer.step({&xb, &yb}, lr) : trainer.step({&xb}, lr);
        seen += batch;
      }
      if (!std::isfinite(loss)) {
        progress.finish();
        throw TrainingError(fmt::format(
            "step {} (epoch {}): the loss is {}; training stopped{}",
            trainer.stepCount(), epoch, loss,
            std::filesystem::exists(options.checkpoint)
                ? "; the last checkpoint " + options.checkpoint +
                      " is unchanged"
                : ""));
      }
      stats.stepLosses.push_back(loss);
      sum += loss;
      double seconds = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - start)
                           .count();
      progress.update(b + 1, loss, seen / std::max(seconds, 1e-9));
      if (b + 1 < stepsPerEpoch && stopping()) {
        progress.finish();
        if (!options.checkpoint.empty())
          save(epoch - 1, b + 1, sum);
        return history;
      }
    }
    progress.finish();
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    stats.trainLoss = sum / stepsPerEpoch;
    stats.samplesPerSecond = seen / seconds;
    stats.testMetrics = evaluateMetrics(trainer, data, options.testLimit);
    stats.testLoss = stats.testAccuracy = NAN;
    std::string metricsText;
    for (auto &[name, value] : stats.testMetrics) {
      if (name == "loss")
        stats.testLoss = value;
      else if (name == "acc")
        stats.testAccuracy = value;
      metricsText += fmt::format("test_{}={:.4f} ", name, value);
    }
    if (options.log) {
      fmt::print(options.log,
                 "epoch={} train_{}={:.4f} {}samples_per_s={:.0f}\n", epoch,
                 options.lossName, stats.trainLoss, metricsText,
                 stats.samplesPerSecond);
      std::fflush(options.log);
    }
    if (!options.checkpoint.empty())
      save(epoch, 0, 0);
    history.push_back(std::move(stats));
    if ((options.onEpoch && !options.onEpoch(history.back())) || stopping())
      break;
  }
  return history;
}

} // namespace aicc
