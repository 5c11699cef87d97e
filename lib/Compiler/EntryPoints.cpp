//===- EntryPoints.cpp - signatures of a module's public functions --------===//

#include "aicc/Compiler/EntryPoints.h"
#include "aicc/Dialect/Aig/AigDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

namespace aicc {

std::string TensorSpec::str() const {
  std::string s = "tensor<";
  for (int64_t d : shape)
    s += std::to_string(d) + "x";
  return s + elementType + ">";
}

static FailureOr<TensorSpec> specOf(Type type, func::FuncOp fn, StringRef what,
                                    unsigned index) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape()) {
    fn.emitError() << "entry point '" << fn.getSymName() << "': " << what
                   << " #" << index
                   << " must be a statically shaped tensor, got " << type;
    return failure();
  }
  TensorSpec spec;
  spec.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  llvm::raw_string_ostream os(spec.elementType);
  os << tensor.getElementType();
  return spec;
}

const EntryPoint *findEntryPoint(const std::vector<EntryPoint> &entries,
                                 StringRef name) {
  for (const EntryPoint &e : entries)
    if (e.name == name)
      return &e;
  return nullptr;
}

std::string entryPointNames(const std::vector<EntryPoint> &entries) {
  std::string names;
  for (const EntryPoint &e : entries)
    names += (names.empty() ? "" : ", ") + e.name;
  return names.empty() ? "none" : names;
}

FailureOr<std::vector<EntryPoint>> collectEntryPoints(ModuleOp module) {
  std::vector<EntryPoint> entries;
  bool ok = true;
  for (auto fn : module.getOps<func::FuncOp>()) {
    if (!fn.isPublic() || fn.isExternal())
      continue;
    EntryPoint entry;
    entry.name = fn.getSymName().str();
    for (auto [i, t] : llvm::enumerate(fn.getArgumentTypes())) {
      auto spec = specOf(t, fn, "argument", i);
      ok &= succeeded(spec);
      if (failed(spec))
        continue;
      if (auto name = fn.getArgAttrOfType<StringAttr>(i, aicc::aig::AigDialect::kName))
        spec->name = name.str();
      entry.inputs.push_back(*spec);
    }
    for (auto [i, t] : llvm::enumerate(fn.getResultTypes())) {
      if (auto arg = fn.getResultAttrOfType<IntegerAttr>(i, aicc::aig::AigDialect::kUpdateOf)) {
        entry.updates.push_back(
            {static_cast<unsigned>(i), static_cast<unsigned>(arg.getInt())});
        continue;
      }
      auto spec = specOf(t, fn, "result", i);
      if (succeeded(spec))
        if (auto name = fn.getResultAttrOfType<StringAttr>(i, aicc::aig::AigDialect::kName))
          spec->name = name.str();
      ok &= succeeded(spec);
      if (succeeded(spec))
        entry.results.push_back(*spec);
    }
    entries.push_back(std::move(entry));
  }
  if (!ok)
    return failure();
  return entries;
}

} // namespace aicc
