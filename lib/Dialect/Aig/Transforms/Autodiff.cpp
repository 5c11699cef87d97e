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
#include "llvm/ADT/DenseSet.h"

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
      if (auto name = fn.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                      "aicc.name"))
        return "'" + name.str() + "'";
  return "#" + std::to_string(k);
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

  // Whether op passes a gradient to its operand #i.
  auto passesGradient = [](Operation &op, unsigned i) {
    auto differentiable = dyn_cast<DifferentiableOpInterface>(&op);
    return differentiable && op.getNumResults() == 1 &&
           differentiable.isDifferentiableOperand(i);
  };
  // Values that depend on `params` at all, and those that depend on them
  // through ops that pass gradients. A compare, a select's condition or an
  // integer cast carries no gradient (its derivative is zero almost
  // everywhere, as in PyTorch and JAX): a hand-written ReLU
  // select(x > 0, x, 0) differentiates through its second operand only.
  auto dependence = [&](ArrayRef<Value> params, llvm::DenseSet<Value> &any,
                        llvm::DenseSet<Value> &differentiable) {
    any.insert(params.begin(), params.end());
    differentiable.insert(params.begin(), params.end());
    for (Operation &op : *block) {
      bool depends = false, passes = false;
      for (auto [i, v] : llvm::enumerate(op.getOperands())) {
        depends |= any.contains(v);
        passes |= differentiable.contains(v) && passesGradient(op, i);
      }
      if (depends)
        any.insert(op.result_begin(), op.result_end());
      if (passes)
        differentiable.insert(op.result_begin(), op.result_end());
    }
  };

  // Ops the loss depends on, in reverse block order.
  llvm::DenseSet<Value> useful = {loss};
  SmallVector<Operation *> backward;
  for (Operation &op : llvm::reverse(*block)) {
    if (llvm::none_of(op.getResults(),
                      [&](Value v) { return useful.contains(v); }))
      continue;
    backward.push_back(&op);
    useful.insert(op.operand_begin(), op.operand_end());
  }

  // A parameter the loss depends on only through ops whose derivative is
  // zero almost everywhere (a compare, a select's condition, an integer
  // cast) gets a zero gradient with a warning, as PyTorch and JAX give it.
  // A path through an op with no VJP at all is an error (its gradient would
  // be silently wrong), and so is a loss with no gradient for any parameter.
  bool anyGradient = false;
  for (auto [k, param] : llvm::enumerate(wrt)) {
    llvm::DenseSet<Value> any, differentiable;
    dependence(param, any, differentiable);
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
      for (auto [i, operand] : llvm::enumerate(op->getOperands())) {
        if (passesGradient(*op, i)) {
          reached.insert(operand);
          continue;
        }
        if (!any.contains(operand))
          continue;
        if (!isa<DifferentiableOpInterface>(op) || op->getNumResults() != 1)
          return op->emitOpError()
                 << "is not differentiable, but the gradient of the loss "
                    "with respect to a parameter must flow through it";
        if (!warned)
          op->emitWarning()
              << "the gradient of parameter " << parameterName(param, k)
              << " is zero: the loss depends on it only through operand #"
              << i << " of this op, which carries no gradient";
        warned = true;
      }
    }
  }
  if (!wrt.empty() && !anyGradient)
    return emitError(lossLoc)
           << "the loss has no gradient with respect to any parameter (it "
              "depends on none, or only through ops that carry no "
              "gradient)";

  llvm::DenseSet<Value> dependent, differentiable;
  dependence(wrt, dependent, differentiable);
  llvm::DenseMap<Value, Value> adjoint;
  adjoint[loss] = createSplatConstant(b, lossLoc, lossType, 1.0);

  for (Operation *op : backward) {
    // Only ops on a gradient path from a parameter to the loss need a VJP.
    Value resultGrad =
        op->getNumResults() == 1 ? adjoint.lookup(op->getResult(0)) : Value();
    if (!resultGrad || !differentiable.contains(op->getResult(0)))
      continue;
    SmallVector<Value> operandGrads;
    if (failed(cast<DifferentiableOpInterface>(op).buildVJP(b, resultGrad,
                                                            operandGrads)))
      return failure();
    for (auto [i, operand, grad] :
         llvm::enumerate(op->getOperands(), operandGrads)) {
      if (!grad || !differentiable.contains(operand) || !passesGradient(*op, i))
        continue;
      Value &slot = adjoint[operand];
      slot =
          slot ? AddOp::create(b, op->getLoc(), slot, grad).getResult() : grad;
    }
  }

  SmallVector<Value> grads;
  for (Value v : wrt) {
    Value g = adjoint.lookup(v);
    if (!g) {
      // No path to the loss: the gradient is zero.
      g = createSplatConstant(b, lossLoc, cast<RankedTensorType>(v.getType()),
                              0.0);
    }
    grads.push_back(g);
  }
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
