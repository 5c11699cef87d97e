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
/// 'name' (aig.name) or #k, for messages about parameter `param`.
std::string parameterName(Value param, size_t k) {
  if (auto arg = dyn_cast<BlockArgument>(param))
    if (auto fn = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp()))
      if (auto name =
              fn.getArgAttrOfType<StringAttr>(arg.getArgNumber(), aicc::aig::AigDialect::kName))
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
/// Aliases (value -> the value it stands for): a scan's backward body reads
/// a stashed contraction result from a slice instead of recomputing it, yet
/// the gradient must flow through the contraction's VJP as if it had.
using Aliases = llvm::DenseMap<Value, Value>;

void dependence(Block *block, ArrayRef<Value> params,
                llvm::DenseSet<Value> &any,
                llvm::DenseSet<Value> &differentiable,
                const Aliases &aliases = Aliases()) {
  llvm::DenseMap<Value, Value> aliasOf;
  for (auto [alias, original] : aliases)
    aliasOf[original] = alias;
  auto insert = [&](llvm::DenseSet<Value> &set, Operation &op) {
    for (Value r : op.getResults()) {
      set.insert(r);
      if (Value alias = aliasOf.lookup(r))
        set.insert(alias);
    }
  };
  any.insert(params.begin(), params.end());
  differentiable.insert(params.begin(), params.end());
  for (Operation &op : *block) {
    bool depends = false, passes = false;
    for (auto [i, v] : llvm::enumerate(inputsOf(&op))) {
      depends |= any.contains(v);
      passes |= differentiable.contains(v) && passesGradient(op, i);
    }
    if (depends)
      insert(any, op);
    if (passes)
      insert(differentiable, op);
  }
}

/// The ops of `block` that `seeds` depend on, in reverse block order.
SmallVector<Operation *>
opsToDifferentiate(Block *block, ArrayRef<Value> seeds,
                   const Aliases &aliases = Aliases()) {
  llvm::DenseSet<Value> useful;
  auto insert = [&](Value v) {
    useful.insert(v);
    if (Value original = aliases.lookup(v))
      useful.insert(original);
  };
  for (Value v : seeds)
    insert(v);
  SmallVector<Operation *> backward;
  for (Operation &op : llvm::reverse(*block)) {
    if (llvm::none_of(op.getResults(),
                      [&](Value v) { return useful.contains(v); }))
      continue;
    backward.push_back(&op);
    for (Value v : inputsOf(&op))
      insert(v);
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
              ArrayRef<std::pair<Value, Value>> seeds, ArrayRef<Value> wrt,
              const Aliases &aliases = Aliases());

/// What the forward scan keeps for its VJP, as stacked outputs: the
/// carried values each step starts from, and the results of the body's
/// contractions (matmuls), so that the backward body recomputes only the
/// cheap elementwise ops around them. Memory grows as length x (carry size
/// + contraction results): for an LSTM, h, c and its [B, 4H] gates.
struct Stash {
  ScanOp scan;
  SmallVector<Value> carries;
  /// Body values (of `scan`'s body) and their stacked outputs.
  SmallVector<Value> bodyValues, stacked;
};

/// Replaces `scan` by a scan that also stacks what its VJP reads.
Stash stashForBackward(ScanOp scan) {
  auto axis = static_cast<int64_t>(scan.getAxis());
  auto length = static_cast<int64_t>(scan.getLength());
  SmallVector<Value> bodyValues;
  for (Operation &op : scan.getBodyBlock().without_terminator())
    if (isa<MatmulOp>(op) && isFloatTensor(op.getResult(0)))
      bodyValues.push_back(op.getResult(0));
  SmallVector<Type> types(scan.getResultTypes());
  for (Value init : scan.getInits())
    types.push_back(insertAxis(init.getType(), axis, length));
  for (Value v : bodyValues)
    types.push_back(insertAxis(v.getType(), axis, length));
  OpBuilder b(scan);
  auto stashed = ScanOp::create(b, scan.getLoc(), types, scan.getInits(),
                                scan.getSequences(), scan.getLengthAttr(),
                                scan.getAxisAttr(), scan.getReverseAttr());
  stashed.getBody().takeBody(scan.getBody());
  auto yield = cast<YieldOp>(stashed.getBodyBlock().getTerminator());
  SmallVector<Value> values(yield.getValues());
  llvm::append_range(values, stashed.getCarryArguments());
  llvm::append_range(values, bodyValues);
  yield.getValuesMutable().assign(values);
  unsigned numResults = scan.getNumResults();
  scan.replaceAllUsesWith(stashed.getResults().take_front(numResults));
  scan.erase();
  ResultRange extra = stashed.getResults().drop_front(numResults);
  size_t numCarried = stashed.getInits().size();
  return {stashed, SmallVector<Value>(extra.take_front(numCarried)), bodyValues,
          SmallVector<Value>(extra.drop_front(numCarried))};
}

/// The VJP of a scan is a scan in the other direction. Its body recomputes
/// the forward body's elementwise ops from the stashed carries and
/// contraction results and the step's slices, then back-propagates: it
/// carries the adjoints of the carried values and sums those of the
/// captured values (the weights) over the steps. Returns the adjoints of
/// inputsOf(scan) (null where none flows); `scan` is replaced.
FailureOr<SmallVector<Value>>
buildScanVJP(OpBuilder &b, ScanOp forward, ArrayRef<Value> resultGrads,
             const llvm::DenseSet<Value> &differentiable) {
  Location loc = forward.getLoc();
  SmallVector<Value> captured = forward.getCapturedValues();
  size_t numStacked = forward.getStacked().size();
  Stash stash = stashForBackward(forward);
  ScanOp scan = stash.scan;
  size_t numCarried = scan.getInits().size();
  size_t numSeqs = scan.getSequences().size();
  auto axis = static_cast<int64_t>(scan.getAxis());

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
  // Sequences: the forward's, its stash, and the adjoints of its float
  // per-step outputs.
  llvm::append_range(sequences, scan.getSequences());
  llvm::append_range(sequences, stash.carries);
  llvm::append_range(sequences, stash.stacked);
  auto yield = cast<YieldOp>(scan.getBodyBlock().getTerminator());
  for (unsigned j = 0; j < numStacked; ++j) {
    Value out = scan.getStacked()[j];
    if (!isFloatTensor(out))
      continue;
    floatOutputs.push_back(j);
    Value g = resultGrads[numCarried + j];
    sequences.push_back(g ? g : zerosLike(b, loc, out.getType()));
  }
  SmallVector<unsigned> floatSeqs;
  for (unsigned j = 0; j < numSeqs; ++j)
    if (differentiable.contains(scan.getSequences()[j]))
      floatSeqs.push_back(j);

  // The body, built detached: the scan is created once its outputs are
  // known. Arguments: t, the carries above, then one slice per sequence.
  auto body = std::make_unique<Block>();
  body->addArgument(scan.getStepArgument().getType(), loc);
  for (Value v : inits)
    body->addArgument(v.getType(), loc);
  for (Value seq : sequences) {
    auto type = cast<RankedTensorType>(seq.getType());
    SmallVector<int64_t> shape(type.getShape());
    shape.erase(shape.begin() + axis);
    body->addArgument(RankedTensorType::get(shape, type.getElementType()), loc);
  }
  ArrayRef<BlockArgument> args = body->getArguments();
  ArrayRef<BlockArgument> carryGrads = args.slice(1, floatCarries.size());
  ArrayRef<BlockArgument> captureSums =
      args.slice(1 + floatCarries.size(), wantedCaptures.size());
  ArrayRef<BlockArgument> rest = args.drop_front(1 + inits.size());
  ArrayRef<BlockArgument> xs = rest.take_front(numSeqs);
  ArrayRef<BlockArgument> hs = rest.slice(numSeqs, numCarried);
  ArrayRef<BlockArgument> kept =
      rest.slice(numSeqs + numCarried, stash.bodyValues.size());
  ArrayRef<BlockArgument> outGrads =
      rest.drop_front(numSeqs + numCarried + stash.bodyValues.size());

  // (atBlockEnd would ask the detached block's region for the context.)
  OpBuilder inner(b.getContext());
  inner.setInsertionPointToEnd(body.get());
  IRMapping map;
  map.map(scan.getStepArgument(), args[0]);
  for (auto [from, to] : llvm::zip(scan.getCarryArguments(), hs))
    map.map(from, to);
  for (auto [from, to] : llvm::zip(scan.getSliceArguments(), xs))
    map.map(from, to);
  for (Operation &op : scan.getBodyBlock().without_terminator())
    inner.clone(op, map);
  // The stashed contraction results: their users read the slices instead
  // (the clone is then dead, and only its VJP remains); as aliases, the
  // slices pass their adjoints on to it.
  Aliases aliases;
  for (auto [from, to] : llvm::zip(stash.bodyValues, kept)) {
    Value clone = map.lookup(from);
    clone.replaceAllUsesWith(to);
    aliases[to] = clone;
    map.map(from, to);
  }

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
  auto grads = backpropagate(inner, body.get(), seeds, wrt, aliases);
  if (failed(grads))
    return failure();

  SmallVector<Value> next;
  size_t g = 0;
  for (unsigned k : floatCarries) {
    Value d = (*grads)[g++];
    next.push_back(d ? d : zerosLike(inner, loc, hs[k].getType()));
  }
  // (Summing X_t^T @ Y_t over the steps as one matmul of the stacked X and
  // Y after the loop was measured slower: without packing, the matmul
  // kernel streams a [T*B, N] operand from memory; the per-step products
  // work on operands that stay in cache.)
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

  SmallVector<Type> types = llvm::to_vector(ValueRange(inits).getTypes());
  for (unsigned j : floatSeqs)
    types.push_back(scan.getSequences()[j].getType());
  auto backward = ScanOp::create(
      b, loc, types, inits, sequences, scan.getLengthAttr(), scan.getAxisAttr(),
      scan.getReverse() ? UnitAttr() : b.getUnitAttr());
  backward.getBody().push_back(body.release());

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
              ArrayRef<std::pair<Value, Value>> seeds, ArrayRef<Value> wrt,
              const Aliases &aliases) {
  llvm::DenseSet<Value> dependent, differentiable;
  dependence(block, wrt, dependent, differentiable, aliases);
  llvm::DenseMap<Value, Value> aliasOf;
  for (auto [alias, original] : aliases)
    aliasOf[original] = alias;
  SmallVector<Value> seedValues;
  llvm::DenseMap<Value, Value> adjoint;
  for (auto [value, grad] : seeds) {
    seedValues.push_back(value);
    Value &slot = adjoint[value];
    slot =
        slot ? AddOp::create(b, value.getLoc(), slot, grad).getResult() : grad;
  }

  for (Operation *op : opsToDifferentiate(block, seedValues, aliases)) {
    // Only ops on a gradient path from `wrt` to a seed need a VJP.
    SmallVector<Value> resultGrads;
    bool any = false;
    for (Value result : op->getResults()) {
      Value g =
          differentiable.contains(result) ? adjoint.lookup(result) : Value();
      // What reached the result's alias reaches the result.
      if (Value alias = aliasOf.lookup(result);
          alias && differentiable.contains(result))
        if (Value ga = adjoint.lookup(alias))
          g = g ? AddOp::create(b, op->getLoc(), g, ga).getResult() : ga;
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
  SmallVector<Operation *> backward =
      opsToDifferentiate(block, {loss}, Aliases());

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
    if (fn.getArgAttr(i, aicc::aig::AigDialect::kParam))
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
