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

  // A parameter the loss depends on only through ops that carry no gradient
  // has no gradient to give: an error at the first such op met walking back
  // from the loss.
  for (Value param : wrt) {
    llvm::DenseSet<Value> any, differentiable;
    dependence(param, any, differentiable);
    if (!any.contains(loss) || differentiable.contains(loss))
      continue;
    for (Operation *op : backward)
      for (auto [i, operand] : llvm::enumerate(op->getOperands())) {
        if (!any.contains(operand) || passesGradient(*op, i))
          continue;
        if (!isa<DifferentiableOpInterface>(op) || op->getNumResults() != 1)
          return op->emitOpError()
                 << "is not differentiable, but the gradient of the loss "
                    "with respect to a parameter must flow through it";
        return op->emitOpError()
               << "cannot propagate a gradient to operand #" << i
               << ", but the loss depends on a parameter through it";
      }
  }

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
