//===- Autodiff.cpp - reverse-mode differentiation of aig -----------------===//
//
// The gradient is built in aig itself, after the forward ops of the same
// block, so canonicalization, CSE, fusion and codegen treat forward and
// backward alike. Each op's VJP lives next to the op (AigGradients.cpp);
// this file only orders the walk and sums adjoints.
//
//===----------------------------------------------------------------------===//

#include "aicc/Dialect/Aig/Autodiff.h"
#include "aicc/Dialect/Aig/AigOps.h"
#include "aicc/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

namespace aicc {
#define GEN_PASS_DEF_AIGAUTODIFF
#include "aicc/Transforms/Passes.h.inc"
} // namespace aicc

using namespace mlir;

namespace aicc::aig {

namespace {
/// 'name' (aicc.name) or #k, for messages about parameter `param`.
std::string parameterName(Value param, size_t k) {
  if (auto arg = dyn_cast<BlockArgument>(param))
    if (auto fn = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp()))
      if (auto name =
              fn.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "aicc.name"))
        return "'" + name.str() + "'";
  return "#" + std::to_string(k);
}

bool isFloatTensor(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  return type && isa<FloatType>(type.getElementType());
}

/// What `op` reads: its operands, then for an op with regions the values
/// its regions use from above (a scan's weights). A gradient may have to
/// flow into any of them, so dependence is tracked through all of them.
SmallVector<Value> inputsOf(Operation *op) {
  SmallVector<Value> inputs(op->getOperands());
  if (auto scan = dyn_cast<ScanOp>(op)) {
    llvm::append_range(inputs, scan.getCapturedValues());
  } else if (op->getNumRegions() > 0) {
    llvm::SetVector<Value> captured;
    getUsedValuesDefinedAbove(op->getRegions(), captured);
    llvm::append_range(inputs, captured);
  }
  return inputs;
}

/// Whether `op` passes a gradient to its input #i (as numbered by
/// inputsOf).
bool passesGradient(Operation &op, unsigned i) {
  if (auto scan = dyn_cast<ScanOp>(&op))
    return isFloatTensor(inputsOf(&op)[i]);
  auto differentiable = dyn_cast<DifferentiableOpInterface>(&op);
  return differentiable && i < op.getNumOperands() && op.getNumRegions() == 0 &&
         differentiable.isDifferentiableOperand(i);
}

/// Values of `block` that depend on `params` at all (`any`), and those
/// that depend on them through ops that pass gradients (`differentiable`).
/// A compare, a select's condition or an integer cast carries no gradient
/// (its derivative is zero almost everywhere, as in PyTorch and JAX): a
/// hand-written ReLU select(x > 0, x, 0) differentiates through its second
/// operand only.
void dependence(Block *block, ArrayRef<Value> params,
                llvm::DenseSet<Value> &any,
                llvm::DenseSet<Value> &differentiable) {
  any.insert(params.begin(), params.end());
  differentiable.insert(params.begin(), params.end());
  for (Operation &op : *block) {
    bool depends = false, passes = false;
    for (auto [i, v] : llvm::enumerate(inputsOf(&op))) {
      depends |= any.contains(v);
      passes |= differentiable.contains(v) && passesGradient(op, i);
    }
    if (depends)
      any.insert(op.result_begin(), op.result_end());
    if (passes)
      differentiable.insert(op.result_begin(), op.result_end());
  }
}

/// The ops of `block` that `seeds` depend on, in reverse block order.
SmallVector<Operation *> opsToDifferentiate(Block *block,
                                            ArrayRef<Value> seeds) {
  llvm::DenseSet<Value> useful(seeds.begin(), seeds.end());
  SmallVector<Operation *> backward;
  for (Operation &op : llvm::reverse(*block)) {
    if (llvm::none_of(op.getResults(),
                      [&](Value v) { return useful.contains(v); }))
      continue;
    backward.push_back(&op);
    for (Value v : inputsOf(&op))
      useful.insert(v);
  }
  return backward;
}

Value zerosLike(OpBuilder &b, Location loc, Type type) {
  return createSplatConstant(b, loc, cast<RankedTensorType>(type), 0.0);
}

RankedTensorType insertAxis(Type t, int64_t axis, int64_t length) {
  auto type = cast<RankedTensorType>(t);
  SmallVector<int64_t> shape(type.getShape());
  shape.insert(shape.begin() + axis, length);
  return RankedTensorType::get(shape, type.getElementType());
}

FailureOr<SmallVector<Value>>
backpropagate(OpBuilder &b, Block *block,
              ArrayRef<std::pair<Value, Value>> seeds, ArrayRef<Value> wrt);

/// Replaces `scan` by a scan that also stacks the carried values each step
/// starts from, which its VJP reads: memory grows as length x carry size.
/// Returns the new scan and those stacked values.
std::pair<ScanOp, SmallVector<Value>> stackCarries(ScanOp scan) {
  SmallVector<Type> types(scan.getResultTypes());
  for (Value init : scan.getInits())
    types.push_back(
        insertAxis(init.getType(), scan.getAxis(), scan.getLength()));
  OpBuilder b(scan);
  auto stacked = ScanOp::create(b, scan.getLoc(), types, scan.getInits(),
                                scan.getSequences(), scan.getLengthAttr(),
                                scan.getAxisAttr(), scan.getReverseAttr());
  stacked.getBody().takeBody(scan.getBody());
  auto yield = cast<YieldOp>(stacked.getBodyBlock().getTerminator());
  SmallVector<Value> values(yield.getValues());
  llvm::append_range(values, stacked.getCarryArguments());
  yield.getValuesMutable().assign(values);
  scan.replaceAllUsesWith(
      stacked.getResults().take_front(scan.getNumResults()));
  scan.erase();
  return {stacked, SmallVector<Value>(stacked.getResults().take_back(
                       stacked.getInits().size()))};
}

/// The VJP of a scan is a scan in the other direction. Its body recomputes
/// the forward body from the stacked carries and the step's slices (the
/// forward pass keeps only the carries), then back-propagates: it carries
/// the adjoints of the carried values and sums those of the captured
/// values (the weights) over the steps. Returns the adjoints of
/// inputsOf(scan) (null where none flows); `scan` is replaced.
FailureOr<SmallVector<Value>>
buildScanVJP(OpBuilder &b, ScanOp forward, ArrayRef<Value> resultGrads,
             const llvm::DenseSet<Value> &differentiable) {
  Location loc = forward.getLoc();
  SmallVector<Value> captured = forward.getCapturedValues();
  auto [scan, carries] = stackCarries(forward);
  size_t numCarried = scan.getInits().size();
  size_t numSeqs = scan.getSequences().size();
  // The forward's own per-step outputs (before its stacked carries).
  size_t numStacked = scan.getStacked().size() - numCarried;

  // Backward carries: adjoints of the float carried values, then sums of
  // the adjoints of the differentiable captured values.
  SmallVector<unsigned> floatCarries, wantedCaptures, floatOutputs;
  SmallVector<Value> inits, sequences;
  for (unsigned k = 0; k < numCarried; ++k) {
    if (!isFloatTensor(scan.getInits()[k]))
      continue;
    floatCarries.push_back(k);
    Value g = resultGrads[k];
    inits.push_back(g ? g : zerosLike(b, loc, scan.getInits()[k].getType()));
  }
  for (auto [c, v] : llvm::enumerate(captured)) {
    if (!isFloatTensor(v) || !differentiable.contains(v))
      continue;
    wantedCaptures.push_back(c);
    inits.push_back(zerosLike(b, loc, v.getType()));
  }
  // Sequences: the forward's, its stacked carries, and the adjoints of its
  // float per-step outputs.
  llvm::append_range(sequences, scan.getSequences());
  llvm::append_range(sequences, carries);
  for (unsigned j = 0; j < numStacked; ++j) {
    Value out = scan.getStacked()[j];
    if (!isFloatTensor(out))
      continue;
    floatOutputs.push_back(j);
    Value g = resultGrads[numCarried + j];
    sequences.push_back(g ? g : zerosLike(b, loc, out.getType()));
  }
  SmallVector<Type> types = llvm::to_vector(ValueRange(inits).getTypes());
  SmallVector<unsigned> floatSeqs;
  for (unsigned j = 0; j < numSeqs; ++j)
    if (differentiable.contains(scan.getSequences()[j])) {
      floatSeqs.push_back(j);
      types.push_back(scan.getSequences()[j].getType());
    }
  bool reverse = !scan.getReverse();
  auto backward = ScanOp::create(b, loc, types, inits, sequences,
                                 scan.getLengthAttr(), scan.getAxisAttr(),
                                 reverse ? b.getUnitAttr() : UnitAttr());

  // The body: arguments t, the carries above, then one slice per sequence.
  Block *body = new Block();
  backward.getBody().push_back(body);
  body->addArgument(scan.getStepArgument().getType(), loc);
  for (Value v : inits)
    body->addArgument(v.getType(), loc);
  for (BlockArgument arg : scan.getSliceArguments())
    body->addArgument(arg.getType(), loc);
  for (BlockArgument arg : scan.getCarryArguments())
    body->addArgument(arg.getType(), loc);
  for (unsigned j : floatOutputs)
    body->addArgument(scan.getBodyBlock()
                          .getTerminator()
                          ->getOperand(numCarried + j)
                          .getType(),
                      loc);
  ArrayRef<BlockArgument> args = body->getArguments();
  ArrayRef<BlockArgument> carryGrads = args.slice(1, floatCarries.size());
  ArrayRef<BlockArgument> captureSums =
      args.slice(1 + floatCarries.size(), wantedCaptures.size());
  ArrayRef<BlockArgument> rest = args.drop_front(1 + inits.size());
  ArrayRef<BlockArgument> xs = rest.take_front(numSeqs);
  ArrayRef<BlockArgument> hs = rest.slice(numSeqs, numCarried);
  ArrayRef<BlockArgument> outGrads = rest.drop_front(numSeqs + numCarried);

  OpBuilder inner = OpBuilder::atBlockEnd(body);
  IRMapping map;
  map.map(scan.getStepArgument(), args[0]);
  for (auto [from, to] : llvm::zip(scan.getCarryArguments(), hs))
    map.map(from, to);
  for (auto [from, to] : llvm::zip(scan.getSliceArguments(), xs))
    map.map(from, to);
  for (Operation &op : scan.getBodyBlock().without_terminator())
    inner.clone(op, map);
  auto yield = cast<YieldOp>(scan.getBodyBlock().getTerminator());

  SmallVector<std::pair<Value, Value>> seeds;
  for (auto [k, g] : llvm::zip(floatCarries, carryGrads))
    seeds.push_back({map.lookup(yield.getValues()[k]), g});
  for (auto [j, g] : llvm::zip(floatOutputs, outGrads))
    seeds.push_back({map.lookup(yield.getValues()[numCarried + j]), g});
  SmallVector<Value> wrt;
  for (unsigned k : floatCarries)
    wrt.push_back(hs[k]);
  for (unsigned c : wantedCaptures)
    wrt.push_back(captured[c]);
  for (unsigned j : floatSeqs)
    wrt.push_back(xs[j]);
  auto grads = backpropagate(inner, body, seeds, wrt);
  if (failed(grads))
    return failure();
  SmallVector<Value> next;
  size_t g = 0;
  for (unsigned k : floatCarries) {
    Value d = (*grads)[g++];
    next.push_back(d ? d : zerosLike(inner, loc, hs[k].getType()));
  }
  for (auto sum : captureSums) {
    Value d = (*grads)[g++];
    next.push_back(d ? AddOp::create(inner, loc, sum, d).getResult()
                     : Value(sum));
  }
  for (unsigned j : floatSeqs) {
    Value d = (*grads)[g++];
    next.push_back(d ? d : zerosLike(inner, loc, xs[j].getType()));
  }
  YieldOp::create(inner, loc, next);

  // Adjoints of inputsOf(scan): inits, sequences, captured values.
  SmallVector<Value> inputGrads(numCarried + numSeqs + captured.size());
  size_t r = 0;
  for (unsigned k : floatCarries)
    inputGrads[k] = backward.getResult(r++);
  for (unsigned c : wantedCaptures)
    inputGrads[numCarried + numSeqs + c] = backward.getResult(r++);
  for (unsigned j : floatSeqs)
    inputGrads[numCarried + j] = backward.getResult(r++);
  return inputGrads;
}

/// Reverse-mode differentiation of the ops of `block`: the adjoints of
/// `wrt` given the adjoint of each seed value (pairs of value and
/// adjoint), built at `b`'s insertion point (the end of `block`). A null
/// adjoint means no gradient flows to that value.
FailureOr<SmallVector<Value>>
backpropagate(OpBuilder &b, Block *block,
              ArrayRef<std::pair<Value, Value>> seeds, ArrayRef<Value> wrt) {
  llvm::DenseSet<Value> dependent, differentiable;
  dependence(block, wrt, dependent, differentiable);
  SmallVector<Value> seedValues;
  llvm::DenseMap<Value, Value> adjoint;
  for (auto [value, grad] : seeds) {
    seedValues.push_back(value);
    Value &slot = adjoint[value];
    slot =
        slot ? AddOp::create(b, value.getLoc(), slot, grad).getResult() : grad;
  }

  for (Operation *op : opsToDifferentiate(block, seedValues)) {
    // Only ops on a gradient path from `wrt` to a seed need a VJP.
    SmallVector<Value> resultGrads;
    bool any = false;
    for (Value result : op->getResults()) {
      Value g =
          differentiable.contains(result) ? adjoint.lookup(result) : Value();
      resultGrads.push_back(g);
      any |= bool(g);
    }
    if (!any)
      continue;
    SmallVector<Value> inputs = inputsOf(op);
    // Asked now: a scan's VJP replaces the scan.
    SmallVector<bool> passes;
    for (unsigned i = 0; i < inputs.size(); ++i)
      passes.push_back(passesGradient(*op, i));
    Location loc = op->getLoc();
    SmallVector<Value> inputGrads;
    if (auto scan = dyn_cast<ScanOp>(op)) {
      auto grads = buildScanVJP(b, scan, resultGrads, differentiable);
      if (failed(grads))
        return failure();
      inputGrads = std::move(*grads);
    } else if (auto vjp = dyn_cast<DifferentiableOpInterface>(op);
               vjp && op->getNumRegions() == 0) {
      if (failed(vjp.buildVJP(b, resultGrads, inputGrads)))
        return failure();
    } else {
      return op->emitOpError()
             << "is not differentiable, but the gradient of the loss with "
                "respect to a parameter must flow through it";
    }
    inputGrads.resize(inputs.size());
    for (auto [i, input, grad] : llvm::enumerate(inputs, inputGrads)) {
      if (!grad || !differentiable.contains(input) || !passes[i])
        continue;
      Value &slot = adjoint[input];
      slot = slot ? AddOp::create(b, loc, slot, grad).getResult() : grad;
    }
  }
  SmallVector<Value> grads;
  for (Value v : wrt)
    grads.push_back(adjoint.lookup(v));
  return grads;
}
} // namespace

FailureOr<SmallVector<Value>> buildGradients(OpBuilder &b, Value loss,
                                             ArrayRef<Value> wrt) {
  auto lossType = dyn_cast<RankedTensorType>(loss.getType());
  Location lossLoc = loss.getLoc();
  if (!lossType || lossType.getRank() != 0 ||
      !isa<FloatType>(lossType.getElementType()))
    return emitError(lossLoc)
           << "autodiff needs a rank-0 float loss, got " << loss.getType();
  Block *block = b.getInsertionBlock();
  SmallVector<Operation *> backward = opsToDifferentiate(block, {loss});

  // A parameter the loss depends on only through ops whose derivative is
  // zero almost everywhere (a compare, a select's condition, an integer
  // cast) gets a zero gradient with a warning, as PyTorch and JAX give it.
  // A path through an op with no VJP at all (an scf.for whose body uses
  // the parameter, say) is an error: its gradient would be silently wrong.
  // So is a loss with no gradient for any parameter.
  bool anyGradient = false;
  for (auto [k, param] : llvm::enumerate(wrt)) {
    llvm::DenseSet<Value> any, differentiable;
    dependence(block, param, any, differentiable);
    anyGradient |= differentiable.contains(loss);
    if (!any.contains(loss) || differentiable.contains(loss))
      continue;
    // Walk back along the values a gradient would reach: an op that stops
    // it from reaching `param` is where the message points.
    llvm::DenseSet<Value> reached = {loss};
    bool warned = false;
    for (Operation *op : backward) {
      if (llvm::none_of(op->getResults(),
                        [&](Value v) { return reached.contains(v); }))
        continue;
      for (auto [i, input] : llvm::enumerate(inputsOf(op))) {
        if (passesGradient(*op, i)) {
          reached.insert(input);
          continue;
        }
        if (!any.contains(input))
          continue;
        if (!isa<DifferentiableOpInterface>(op) || op->getNumRegions() > 0)
          return op->emitOpError()
                 << "is not differentiable, but the gradient of the loss "
                    "with respect to a parameter must flow through it";
        if (!warned)
          op->emitWarning()
              << "the gradient of parameter " << parameterName(param, k)
              << " is zero: the loss depends on it only through operand #" << i
              << " of this op, which carries no gradient";
        warned = true;
      }
    }
  }
  if (!wrt.empty() && !anyGradient)
    return emitError(lossLoc)
           << "the loss has no gradient with respect to any parameter (it "
              "depends on none, or only through ops that carry no "
              "gradient)";

  auto adjoints = backpropagate(
      b, block, {{loss, createSplatConstant(b, lossLoc, lossType, 1.0)}}, wrt);
  if (failed(adjoints))
    return failure();
  SmallVector<Value> grads;
  for (auto [v, g] : llvm::zip(wrt, *adjoints))
    // No path to the loss: the gradient is zero.
    grads.push_back(g ? g : zerosLike(b, lossLoc, v.getType()));
  return grads;
}

SmallVector<unsigned> parameterArguments(func::FuncOp fn) {
  SmallVector<unsigned> marked, floats;
  for (unsigned i = 0; i < fn.getNumArguments(); ++i) {
    if (fn.getArgAttr(i, "aicc.param"))
      marked.push_back(i);
    auto type = dyn_cast<RankedTensorType>(fn.getArgument(i).getType());
    if (type && isa<FloatType>(type.getElementType()))
      floats.push_back(i);
  }
  return marked.empty() ? floats : marked;
}

bool isLossFunction(func::FuncOp fn) {
  if (!fn.isPublic() || fn.isExternal() || fn.getNumResults() == 0)
    return false;
  auto type = dyn_cast<RankedTensorType>(fn.getResultTypes().front());
  return type && type.getRank() == 0 && isa<FloatType>(type.getElementType());
}

FailureOr<func::FuncOp> createGradientFunction(func::FuncOp fn,
                                               ArrayRef<unsigned> wrt,
                                               StringRef name) {
  if (!isLossFunction(fn))
    return fn.emitError() << "'" << fn.getSymName()
                          << "' cannot be differentiated: its first result "
                             "must be a rank-0 float loss";
  OpBuilder b(fn);
  b.setInsertionPointAfter(fn);
  auto gradFn = cast<func::FuncOp>(b.clone(*fn));
  gradFn.setSymName(name);
  auto ret = cast<func::ReturnOp>(gradFn.getBody().front().getTerminator());
  Value loss = ret.getOperand(0);
  b.setInsertionPoint(ret);
  SmallVector<Value> params;
  for (unsigned i : wrt)
    params.push_back(gradFn.getArgument(i));
  auto grads = buildGradients(b, loss, params);
  if (failed(grads)) {
    gradFn.erase();
    return failure();
  }
  SmallVector<Value> results = {loss};
  results.append(grads->begin(), grads->end());
  func::ReturnOp::create(b, ret.getLoc(), results);
  ret.erase();
  gradFn.setFunctionType(b.getFunctionType(gradFn.getArgumentTypes(),
                                           ValueRange(results).getTypes()));
  gradFn.setAllResultAttrs(ArrayRef<DictionaryAttr>{});
  return gradFn;
}

} // namespace aicc::aig

namespace {
struct AigAutodiffPass : aicc::impl::AigAutodiffBase<AigAutodiffPass> {
  using AigAutodiffBase::AigAutodiffBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> targets;
    for (auto fn : module.getOps<func::FuncOp>()) {
      bool named = llvm::is_contained(functions, fn.getSymName().str());
      if (functions.empty() ? aicc::aig::isLossFunction(fn) : named)
        targets.push_back(fn);
    }
    for (const std::string &name : functions)
      if (!module.lookupSymbol<func::FuncOp>(name)) {
        module.emitError() << "aig-autodiff: no function named '" << name
                           << "'";
        return signalPassFailure();
      }
    for (func::FuncOp fn : targets) {
      std::string name = (fn.getSymName() + "_grad").str();
      if (failed(aicc::aig::createGradientFunction(
              fn, aicc::aig::parameterArguments(fn), name)))
        return signalPassFailure();
    }
  }
};
} // namespace
