//===- EntryPoints.h - signatures of a module's public functions -*- C++ -*-=//

#ifndef AICC_COMPILER_ENTRYPOINTS_H
#define AICC_COMPILER_ENTRYPOINTS_H

#include "mlir/IR/BuiltinOps.h"

#include <cstdint>
#include <string>
#include <vector>

namespace aicc {

/// A tensor argument or result: static shape and element type name as MLIR
/// spells it (f32, i64, i1, ...).
struct TensorSpec {
  std::string name; ///< from the `aig.name` argument attribute, if any
  std::vector<int64_t> shape;
  std::string elementType;
  std::string str() const; ///< "tensor<4x3xf32>"
};

/// A public function, as seen before lowering. After the pipeline it is
/// called as `_mlir_ciface_<name>(inputs..., results...)`, each a pointer
/// to a memref descriptor.
struct EntryPoint {
  std::string name;
  std::vector<TensorSpec> inputs;
  std::vector<TensorSpec> results;
  /// Results marked `aig.update_of`: written into an argument in place,
  /// so they are not out-parameters. Pairs of (result index, argument).
  std::vector<std::pair<unsigned, unsigned>> updates;
};

/// The entry point named `name`, or null.
const EntryPoint *findEntryPoint(const std::vector<EntryPoint> &entries,
                                 llvm::StringRef name);

/// "a, b, c" (or "none"), for messages that list a module's functions.
std::string entryPointNames(const std::vector<EntryPoint> &entries);

/// Collects the public functions of an aig-level module. Reports (through
/// the context's diagnostics) a function whose arguments or results are not
/// statically shaped tensors.
llvm::FailureOr<std::vector<EntryPoint>>
collectEntryPoints(mlir::ModuleOp module);

} // namespace aicc

#endif // AICC_COMPILER_ENTRYPOINTS_H
