//===- DriverSupport.cpp - shared pieces of the aicc subcommands ----------===//

#include "DriverSupport.h"

#include "aicc/Compiler/Pipeline.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace aicc::driver {

static DialectRegistry makeRegistry() {
  DialectRegistry registry;
  registerAiccDialects(registry);
  return registry;
}

Session::Session() : context(makeRegistry()) {
  context.loadAllAvailableDialects();
  diagnostics =
      std::make_unique<SourceMgrDiagnosticHandler>(sourceMgr, &context);
}

OwningOpRef<ModuleOp> Session::load(StringRef path) {
  std::string error;
  auto file = openInputFile(path, &error);
  if (!file) {
    llvm::errs() << "error: cannot read '" << path << "': " << error << "\n";
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  ParserConfig config(&context);
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, config);
  if (!module || failed(verify(*module)))
    return nullptr;
  return module;
}

LogicalResult configurePassManager(PassManager &pm) {
  pm.enableVerifier(true);
  if (failed(applyPassManagerCLOptions(pm)))
    return failure();
  applyDefaultTimingPassManagerCLOptions(pm);
  return success();
}

int fail(StringRef command, StringRef message) {
  llvm::errs() << "aicc " << command << ": error: " << message << "\n";
  return 1;
}

} // namespace aicc::driver
