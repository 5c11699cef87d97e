//===- GraphImpl.h - state behind aicc::Graph -------------------*- C++ -*-===//

#ifndef AICC_LIB_API_GRAPHIMPL_H
#define AICC_LIB_API_GRAPHIMPL_H

#include "aicc/Graph.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <fmt/format.h>

namespace aicc {

mlir::Type toMLIRType(mlir::MLIRContext *ctx, DType dtype);
std::optional<DType> fromMLIRType(mlir::Type type);
std::string typeToString(mlir::Type type);

/// The context, module and function a Graph builds into. The function's
/// arguments grow as inputs are declared; its terminator and type are set
/// when the graph is printed or compiled.
struct GraphImpl {
  explicit GraphImpl(std::string name);

  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  mlir::func::FuncOp function;
  mlir::OpBuilder builder;
  std::string name;
  std::vector<std::string> inputNames;
  std::vector<mlir::Value> outputs;
  /// The name of each output (aig.name), or empty.
  std::vector<std::string> outputNames;
  /// New values of buffer arguments (value, argument number): results
  /// after the outputs, marked aig.update_of.
  std::vector<std::pair<mlir::Value, unsigned>> updates;

  /// The `rng` input ([seed, offset], tensor<2xi64>, marked aig.rng) that
  /// keys every random op of the graph; declared on first use.
  mlir::Value rngKey;
  /// The stream of the next random op: each one draws its own numbers.
  int64_t nextStream = 0;

  mlir::Location location(SourceLoc where);
  /// Appends a named argument to the function.
  Tensor addInput(const std::string &name, std::vector<int64_t> shape,
                  DType dtype, SourceLoc where);
  /// The `rng` input, declared on first use.
  mlir::Value rng(SourceLoc where);
  Tensor wrap(mlir::Value v) { return Tensor(this, v.getAsOpaquePointer()); }
  static mlir::Value unwrap(const Tensor &t) {
    return mlir::Value::getFromOpaquePointer(t.opaqueValue);
  }
  static GraphImpl *graphOf(const Tensor &t) { return t.impl; }

  /// A copy of the module with the return op in place, ready to print or
  /// compile.
  mlir::OwningOpRef<mlir::ModuleOp> finishedModule(SourceLoc where);
};

/// Formats "<what> at file:line".
[[noreturn]] void throwGraphError(const std::string &what, SourceLoc where);

} // namespace aicc

#endif // AICC_LIB_API_GRAPHIMPL_H
