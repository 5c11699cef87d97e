//===- AigAttrVerifier.cpp - aig argument and result attributes -----------===//
//
// The attributes that mark what a function's arguments and results are
// (AigBase.td lists them). MLIR calls these hooks for every attribute whose
// name starts with `aig.` on a function argument or result, so a typo or a
// wrong value is an error at the function, not a silent default later.
//
//===----------------------------------------------------------------------===//

#include "aicc/Dialect/Aig/AigDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace aicc::aig;

namespace {

// Must match rt::initKindFromName (runtime/lib/Init.cpp); the dialect does
// not link the runtime.
constexpr StringLiteral kInitializers[] = {
    "zeros",          "ones",           "normal",      "xavier_uniform",
    "kaiming_uniform", "kaiming_normal", "torch_linear"};

/// The argument's tensor type, or null (before bufferization every argument
/// of an aig function is a tensor; later the marks ride along on memrefs).
RankedTensorType argTensorType(Operation *op, unsigned argIndex) {
  auto fn = dyn_cast<func::FuncOp>(op);
  if (!fn || argIndex >= fn.getNumArguments())
    return {};
  return dyn_cast<RankedTensorType>(fn.getArgumentTypes()[argIndex]);
}

LogicalResult verifyParamSpec(Operation *op, unsigned argIndex,
                              DictionaryAttr spec) {
  auto fail = [&](const Twine &message) {
    return op->emitOpError() << "argument " << argIndex << ": "
                             << AigDialect::kParam << " " << message;
  };
  for (NamedAttribute entry : spec) {
    StringRef key = entry.getName().getValue();
    Attribute value = entry.getValue();
    if (key == "init") {
      auto name = dyn_cast<StringAttr>(value);
      if (!name || !llvm::is_contained(kInitializers, name.getValue()))
        return fail("'init' must be one of zeros, ones, normal, "
                    "xavier_uniform, kaiming_uniform, kaiming_normal, "
                    "torch_linear");
    } else if (key == "fan_in" || key == "fan_out") {
      auto n = dyn_cast<IntegerAttr>(value);
      if (!n || n.getValue().getSExtValue() < 1)
        return fail("'" + key + "' must be an integer >= 1");
    } else if (key == "std") {
      auto x = dyn_cast<FloatAttr>(value);
      if (!x || !(x.getValueAsDouble() >= 0.0))
        return fail("'std' must be a float >= 0");
    } else {
      return fail("has an unknown key '" + key +
                  "' (expected init, fan_in, fan_out, std)");
    }
  }
  return success();
}

} // namespace

LogicalResult AigDialect::verifyRegionArgAttribute(Operation *op,
                                                   unsigned regionIndex,
                                                   unsigned argIndex,
                                                   NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  Attribute value = attr.getValue();
  auto fail = [&](const Twine &message) {
    return op->emitOpError()
           << "argument " << argIndex << ": " << name << " " << message;
  };
  auto fn = dyn_cast<FunctionOpInterface>(op);
  if (!fn || regionIndex != 0)
    return fail("is only valid on a function's arguments");

  // The roles exclude each other.
  constexpr StringLiteral roles[] = {kParam, kBuffer, kRng, kMask};
  if (llvm::is_contained(roles, name))
    for (StringLiteral other : roles)
      if (other != name && fn.getArgAttr(argIndex, other))
        return fail(Twine("cannot be combined with ") + other);

  RankedTensorType type = argTensorType(op, argIndex);
  if (name == kName) {
    auto s = dyn_cast<StringAttr>(value);
    if (!s || s.getValue().empty())
      return fail("must be a non-empty string");
    return success();
  }
  if (name == kParam) {
    if (type && !isa<FloatType>(type.getElementType()))
      return fail("marks a trainable parameter, which must be a float tensor");
    if (isa<UnitAttr>(value))
      return success();
    if (auto spec = dyn_cast<DictionaryAttr>(value))
      return verifyParamSpec(op, argIndex, spec);
    return fail("must be a unit attribute or a dictionary of init, fan_in, "
                "fan_out and std");
  }
  if (name == kBuffer) {
    if (type && !type.getElementType().isF32())
      return fail("marks a buffer, which must be an f32 tensor");
    auto spec = dyn_cast<DictionaryAttr>(value);
    if (!spec)
      return fail("must be a dictionary (with an optional 'init')");
    for (NamedAttribute entry : spec) {
      auto init = dyn_cast<StringAttr>(entry.getValue());
      if (entry.getName() != "init" || !init ||
          (init.getValue() != "zeros" && init.getValue() != "ones"))
        return fail("takes only 'init', which must be \"zeros\" or \"ones\"");
    }
    return success();
  }
  if (name == kRng || name == kMask || name == kState) {
    if (!isa<UnitAttr>(value))
      return fail("must be a unit attribute");
    if (name == kRng && type &&
        (type.getShape() != ArrayRef<int64_t>{2} ||
         !type.getElementType().isSignlessInteger(64)))
      return fail("marks the random key, which must be a tensor<2xi64>");
    if (name == kMask && type &&
        (type.getRank() != 1 || !type.getElementType().isF32()))
      return fail("marks a row mask, which must be a rank-1 f32 tensor");
    return success();
  }
  return fail("is not an argument attribute of the aig dialect (expected "
              "aig.name, aig.param, aig.buffer, aig.rng, aig.mask or "
              "aig.state)");
}

LogicalResult AigDialect::verifyRegionResultAttribute(Operation *op,
                                                      unsigned regionIndex,
                                                      unsigned resultIndex,
                                                      NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  Attribute value = attr.getValue();
  auto fail = [&](const Twine &message) {
    return op->emitOpError()
           << "result " << resultIndex << ": " << name << " " << message;
  };
  if (!isa<FunctionOpInterface>(op) || regionIndex != 0)
    return fail("is only valid on a function's results");
  if (name == kName) {
    auto s = dyn_cast<StringAttr>(value);
    if (!s || s.getValue().empty())
      return fail("must be a non-empty string");
    return success();
  }
  if (name == kUpdateOf) {
    auto index = dyn_cast<IntegerAttr>(value);
    if (!index)
      return fail("must be an integer argument index");
    // Index and type are checked where they still mean what they did: on
    // func.func (lowering to LLVM renumbers the arguments).
    auto fn = dyn_cast<func::FuncOp>(op);
    if (!fn)
      return success();
    int64_t i = index.getValue().getSExtValue();
    if (i < 0 || i >= static_cast<int64_t>(fn.getNumArguments()))
      return fail("names argument " + Twine(i) + ", but the function has " +
                  Twine(fn.getNumArguments()) + " arguments");
    if (resultIndex < fn.getNumResults() &&
        fn.getArgumentTypes()[i] != fn.getResultTypes()[resultIndex])
      return fail("names argument " + Twine(i) +
                  ", whose type differs from the result's");
    return success();
  }
  return fail("is not a result attribute of the aig dialect (expected "
              "aig.name or aig.update_of)");
}
