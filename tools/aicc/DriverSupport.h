//===- DriverSupport.h - shared pieces of the aicc subcommands --*- C++ -*-===//

#ifndef AICC_TOOLS_AICC_DRIVERSUPPORT_H
#define AICC_TOOLS_AICC_DRIVERSUPPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/SourceMgr.h"

#include <atomic>
#include <string>

namespace aicc::driver {

/// Owns the context, source manager and diagnostic handler of one command,
/// so every diagnostic is printed as file:line:col.
struct Session {
  Session();
  mlir::MLIRContext context;
  llvm::SourceMgr sourceMgr;
  std::unique_ptr<mlir::SourceMgrDiagnosticHandler> diagnostics;

  /// Parses and verifies `path` ("-" for stdin); null after a diagnostic.
  mlir::OwningOpRef<mlir::ModuleOp> load(llvm::StringRef path);
  /// Parses and verifies IR held in memory (`name` in diagnostics).
  mlir::OwningOpRef<mlir::ModuleOp> loadText(llvm::StringRef text,
                                             llvm::StringRef name);
};

/// Applies MLIR's standard command-line options (--mlir-print-ir-*,
/// --mlir-timing, --mlir-pass-statistics, ...) to `pm`.
llvm::LogicalResult configurePassManager(mlir::PassManager &pm);

/// Runs autodiff (`aig-autodiff`) and/or the optimizer pass
/// (`aig-train-step`, optimizer = `train`, empty for none) on `module`.
llvm::LogicalResult addTrainingFunctions(mlir::ModuleOp module, bool autodiff,
                                         llvm::StringRef train,
                                         llvm::StringRef loss = "");

/// Prints "aicc <cmd>: error: <message>" to stderr; returns exit code 1.
int fail(llvm::StringRef command, llvm::StringRef message);

/// Set by SIGINT/SIGTERM while a StopOnSignal is alive: training stops
/// after the current step and saves a checkpoint there. A second signal
/// ends the process at once (the handler is reset to the default).
const std::atomic<bool> &stopFlag();
inline bool stopRequested() {
  return stopFlag().load(std::memory_order_relaxed);
}

/// Routes SIGINT/SIGTERM to the stop flag while alive.
struct StopOnSignal {
  StopOnSignal();
  ~StopOnSignal();
  StopOnSignal(const StopOnSignal &) = delete;
  StopOnSignal &operator=(const StopOnSignal &) = delete;
  void (*previousInt)(int);
  void (*previousTerm)(int);
};

} // namespace aicc::driver

#endif // AICC_TOOLS_AICC_DRIVERSUPPORT_H
