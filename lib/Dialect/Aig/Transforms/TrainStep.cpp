//===- TrainStep.cpp - build a training step from a loss ------------------===//
//
// forward + backward (autodiff) + the optimizer's update of every parameter
// and state tensor, as one aig function. Updates follow PyTorch's SGD, Adam
// and AdamW, so hyper-parameters mean what users expect.
//
//===----------------------------------------------------------------------===//

#include "aicc/Dialect/Aig/TrainStep.h"
#include "aicc/Dialect/Aig/AigOps.h"
#include "aicc/Dialect/Aig/Autodiff.h"
#include "aicc/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"

namespace aicc {
#define GEN_PASS_DEF_AIGTRAINSTEP
#include "aicc/Transforms/Passes.h.inc"
} // namespace aicc

using namespace mlir;

namespace aicc::aig {

SmallVector<std::string> OptimizerSpec::stateNames() const {
  if (kind == Kind::SGD)
    return momentum != 0.0 ? SmallVector<std::string>{"momentum"}
                           : SmallVector<std::string>{};
  return {"m", "v"};
}

std::optional<OptimizerSpec::Kind> parseOptimizerKind(StringRef name) {
  if (name == "sgd")
    return OptimizerSpec::Kind::SGD;
  if (name == "adam")
    return OptimizerSpec::Kind::Adam;
  if (name == "adamw")
    return OptimizerSpec::Kind::AdamW;
  return std::nullopt;
}

StringRef optimizerKindName(OptimizerSpec::Kind kind) {
  switch (kind) {
  case OptimizerSpec::Kind::SGD:
    return "sgd";
  case OptimizerSpec::Kind::Adam:
    return "adam";
  case OptimizerSpec::Kind::AdamW:
    return "adamw";
  }
  return "";
}

namespace {
struct Emit {
  OpBuilder &b;
  Location loc;
  Type element;
  Value add(Value x, Value y) { return AddOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return SubOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return MulOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return DivOp::create(b, loc, x, y); }
  Value c(double v) {
    return createSplatConstant(b, loc, RankedTensorType::get({}, element), v);
  }
};

std::string argName(func::FuncOp fn, unsigned i) {
  if (auto name = fn.getArgAttrOfType<StringAttr>(i, aicc::aig::AigDialect::kName))
    return name.str();
  return "arg" + std::to_string(i);
}
} // namespace

FailureOr<func::FuncOp> createTrainStep(func::FuncOp lossFn,
                                        ArrayRef<unsigned> params,
                                        const OptimizerSpec &spec,
                                        StringRef name) {
  if (!isLossFunction(lossFn))
    return lossFn.emitError()
           << "'" << lossFn.getSymName()
           << "' is not a loss: its first result must be a rank-0 float";
  if (params.empty())
    return lossFn.emitError() << "'" << lossFn.getSymName()
                              << "' has no parameters to train (mark them "
                                 "with {aig.param})";
  MLIRContext *ctx = lossFn.getContext();
  Type element =
      cast<RankedTensorType>(lossFn.getResultTypes().front()).getElementType();
  auto scalarType = RankedTensorType::get({}, element);
  SmallVector<std::string> stateNames = spec.stateNames();

  // Signature: params, one state tensor per (param, state name), batch, lr,
  // step.
  SmallVector<unsigned> batch;
  for (unsigned i = 0; i < lossFn.getNumArguments(); ++i)
    if (!llvm::is_contained(params, i))
      batch.push_back(i);
  SmallVector<Type> argTypes;
  SmallVector<DictionaryAttr> argAttrs;
  Builder attrs(ctx);
  auto named = [&](StringRef n, bool state = false) {
    SmallVector<NamedAttribute> a = {
        attrs.getNamedAttr(aicc::aig::AigDialect::kName, attrs.getStringAttr(n))};
    if (state)
      a.push_back(attrs.getNamedAttr(aicc::aig::AigDialect::kState, attrs.getUnitAttr()));
    return attrs.getDictionaryAttr(a);
  };
  // The loss's attributes, with an aig.name for every argument.
  auto keepAttrs = [&](unsigned i) {
    NamedAttrList list(lossFn.getArgAttrDict(i));
    if (!list.get(aicc::aig::AigDialect::kName))
      list.set(aicc::aig::AigDialect::kName, attrs.getStringAttr(argName(lossFn, i)));
    return list.getDictionary(ctx);
  };
  for (unsigned p : params) {
    argTypes.push_back(lossFn.getArgument(p).getType());
    argAttrs.push_back(keepAttrs(p));
  }
  for (unsigned p : params)
    for (const std::string &s : stateNames) {
      argTypes.push_back(lossFn.getArgument(p).getType());
      argAttrs.push_back(named(argName(lossFn, p) + "." + s, true));
    }
  for (unsigned i : batch) {
    argTypes.push_back(lossFn.getArgument(i).getType());
    argAttrs.push_back(keepAttrs(i));
  }
  argTypes.append({scalarType, scalarType});
  argAttrs.append({named("lr"), named("step")});

  OpBuilder b(lossFn);
  b.setInsertionPointAfter(lossFn);
  Location loc = lossFn.getLoc();
  auto step =
      func::FuncOp::create(b, loc, name, b.getFunctionType(argTypes, {}));
  step.setAllArgAttrs(argAttrs);
  Block *body = step.addEntryBlock();
  b.setInsertionPointToEnd(body);

  // Forward: the loss function's body on the new arguments.
  IRMapping mapping;
  for (auto [k, p] : llvm::enumerate(params))
    mapping.map(lossFn.getArgument(p), step.getArgument(k));
  unsigned numState = params.size() * stateNames.size();
  for (auto [k, i] : llvm::enumerate(batch))
    mapping.map(lossFn.getArgument(i),
                step.getArgument(params.size() + numState + k));
  // The loss's other results are new values of its own non-parameter
  // arguments (batch-norm statistics), marked aig.update_of: the step
  // returns them, written in place into its matching arguments.
  Value loss;
  SmallVector<std::pair<unsigned, Value>> bufferUpdates;
  for (Operation &op : lossFn.getBody().front()) {
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      loss = mapping.lookup(ret.getOperand(0));
      for (unsigned r = 1; r < ret.getNumOperands(); ++r) {
        auto of = lossFn.getResultAttrOfType<IntegerAttr>(r, aicc::aig::AigDialect::kUpdateOf);
        if (!of)
          continue;
        auto pos = llvm::find(batch, static_cast<unsigned>(of.getInt()));
        if (pos == batch.end()) {
          step.erase();
          return lossFn.emitError()
                 << "result #" << r << " of '" << lossFn.getSymName()
                 << "' updates argument #" << of.getInt()
                 << ", which is not a non-parameter argument of it";
        }
        unsigned arg = params.size() + numState + (pos - batch.begin());
        bufferUpdates.push_back({arg, mapping.lookup(ret.getOperand(r))});
      }
      break;
    }
    b.clone(op, mapping);
  }

  // Backward.
  SmallVector<Value> paramValues;
  for (unsigned k = 0; k < params.size(); ++k)
    paramValues.push_back(step.getArgument(k));
  auto grads = aig::buildGradients(b, loss, paramValues);
  if (failed(grads)) {
    step.erase();
    return failure();
  }

  // Updates, after every use of the old values.
  Value lr = step.getArgument(step.getNumArguments() - 2);
  Value t = step.getArgument(step.getNumArguments() - 1);
  Emit e{b, loc, element};
  SmallVector<Value> newParams, newStates;
  Value biasCorrection1, biasCorrection2;
  if (spec.kind != OptimizerSpec::Kind::SGD) {
    // 1 - beta^t, as 1 - exp(t * log(beta)).
    auto powT = [&](double beta) {
      return ExpOp::create(b, loc, e.mul(t, e.c(std::log(beta))));
    };
    biasCorrection1 = e.sub(e.c(1.0), powT(spec.beta1));
    biasCorrection2 = e.sub(e.c(1.0), powT(spec.beta2));
  }
  for (unsigned k = 0; k < params.size(); ++k) {
    Value p = paramValues[k], g = (*grads)[k];
    auto state = [&](unsigned s) {
      return step.getArgument(params.size() + k * stateNames.size() + s);
    };
    if (spec.kind == OptimizerSpec::Kind::SGD) {
      if (spec.weightDecay != 0.0)
        g = e.add(g, e.mul(e.c(spec.weightDecay), p));
      Value d = g;
      if (spec.momentum != 0.0) {
        Value buf = e.add(e.mul(e.c(spec.momentum), state(0)), g);
        newStates.push_back(buf);
        d = spec.nesterov ? e.add(g, e.mul(e.c(spec.momentum), buf)) : buf;
      }
      newParams.push_back(e.sub(p, e.mul(lr, d)));
      continue;
    }
    if (spec.kind == OptimizerSpec::Kind::Adam && spec.weightDecay != 0.0)
      g = e.add(g, e.mul(e.c(spec.weightDecay), p));
    // One op per statement: C++ leaves the order of a call's arguments
    // open, and the IR must not depend on the compiler that built aicc.
    Value mNew = e.mul(e.c(1.0 - spec.beta1), g);
    Value mOld = e.mul(e.c(spec.beta1), state(0));
    Value m = e.add(mOld, mNew);
    Value gg = e.mul(g, g);
    Value vNew = e.mul(e.c(1.0 - spec.beta2), gg);
    Value vOld = e.mul(e.c(spec.beta2), state(1));
    Value v = e.add(vOld, vNew);
    newStates.append({m, v});
    Value eps = e.c(spec.epsilon);
    Value sqrtCorrection = SqrtOp::create(b, loc, biasCorrection2);
    Value sqrtV = SqrtOp::create(b, loc, v);
    Value denom = e.add(e.div(sqrtV, sqrtCorrection), eps);
    Value stepSize = e.div(lr, biasCorrection1);
    Value base = p;
    if (spec.kind == OptimizerSpec::Kind::AdamW && spec.weightDecay != 0.0) {
      Value decay = e.mul(lr, e.c(spec.weightDecay));
      Value one = e.c(1.0);
      base = e.mul(p, e.sub(one, decay));
    }
    newParams.push_back(e.sub(base, e.mul(stepSize, e.div(m, denom))));
  }

  SmallVector<Value> results = {loss};
  results.append(newParams);
  results.append(newStates);
  for (auto &[arg, value] : bufferUpdates)
    results.push_back(value);
  func::ReturnOp::create(b, loc, results);
  step.setFunctionType(
      b.getFunctionType(argTypes, ValueRange(results).getTypes()));
  step.setResultAttrs(0, named("loss"));
  unsigned updated = 1 + newParams.size() + newStates.size();
  for (unsigned r = 1; r < updated; ++r)
    step.setResultAttr(r, aicc::aig::AigDialect::kUpdateOf, b.getI64IntegerAttr(r - 1));
  for (auto [k, update] : llvm::enumerate(bufferUpdates))
    step.setResultAttr(updated + k, aicc::aig::AigDialect::kUpdateOf,
                       b.getI64IntegerAttr(update.first));
  return step;
}

} // namespace aicc::aig

namespace {
struct AigTrainStepPass : aicc::impl::AigTrainStepBase<AigTrainStepPass> {
  using AigTrainStepBase::AigTrainStepBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto kind = aicc::aig::parseOptimizerKind(optimizer);
    if (!kind) {
      module.emitError() << "aig-train-step: unknown optimizer '" << optimizer
                         << "' (expected sgd, adam or adamw)";
      return signalPassFailure();
    }
    aicc::aig::OptimizerSpec spec;
    spec.kind = *kind;
    spec.momentum = momentum;
    spec.nesterov = nesterov;
    spec.weightDecay = weightDecay;
    spec.beta1 = beta1;
    spec.beta2 = beta2;
    spec.epsilon = epsilon;

    func::FuncOp lossFn;
    if (!loss.empty()) {
      lossFn = module.lookupSymbol<func::FuncOp>(loss);
      if (!lossFn) {
        auto functions = module.getOps<func::FuncOp>();
        emitError(functions.empty() ? module.getLoc()
                                    : (*functions.begin()).getLoc())
            << "no function named '" << loss.getValue()
            << "' to train (the loss function given)";
        return signalPassFailure();
      }
    } else {
      SmallVector<func::FuncOp> candidates;
      for (auto fn : module.getOps<func::FuncOp>())
        if (aicc::aig::isLossFunction(fn))
          candidates.push_back(fn);
      // Several: @loss is the one `aicc train` uses, so it wins here too.
      auto named = llvm::find_if(candidates, [](func::FuncOp fn) {
        return fn.getSymName() == "loss";
      });
      if (candidates.size() > 1 && named != candidates.end())
        candidates = {*named};
      if (candidates.size() != 1) {
        std::string names;
        for (func::FuncOp fn : candidates)
          names += (names.empty() ? "@" : ", @") + fn.getSymName().str();
        // At a function, not at the module's line 0.
        auto functions = module.getOps<func::FuncOp>();
        Location loc = !candidates.empty() ? candidates.back().getLoc()
                       : functions.empty() ? module.getLoc()
                                           : (*functions.begin()).getLoc();
        if (candidates.empty())
          emitError(loc) << "no loss function to train: a public function "
                            "whose first result is a rank-0 float is needed";
        else
          emitError(loc) << "found " << candidates.size()
                         << " loss functions (" << names
                         << ") and none is named @loss: choose one (aicc "
                            "compile --loss NAME, or the pass option "
                            "loss=NAME)";
        return signalPassFailure();
      }
      lossFn = candidates.front();
    }
    SmallVector<unsigned> params;
    for (unsigned i = 0; i < lossFn.getNumArguments(); ++i)
      if (lossFn.getArgAttr(i, aicc::aig::AigDialect::kParam))
        params.push_back(i);
    if (failed(aicc::aig::createTrainStep(lossFn, params, spec, name)))
      signalPassFailure();
  }
};
} // namespace
