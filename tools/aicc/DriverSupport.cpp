//===- DriverSupport.cpp - shared pieces of the aicc subcommands ----------===//

#include "DriverSupport.h"

#include "aicc/Compiler/Parse.h"
#include "aicc/Compiler/Pipeline.h"
#include "aicc/Transforms/Passes.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <csignal>

using namespace mlir;
using namespace aicc;

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
  OwningOpRef<ModuleOp> module = parseModule(sourceMgr, &context);
  if (!module || failed(verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp> Session::loadText(StringRef text, StringRef name) {
  sourceMgr.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, name),
                               llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseModule(sourceMgr, &context);
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

LogicalResult addTrainingFunctions(ModuleOp module, bool autodiff,
                                   StringRef train, StringRef loss) {
  if (!autodiff && train.empty())
    return success();
  PassManager pm(module.getContext());
  if (failed(configurePassManager(pm)))
    return failure();
  if (autodiff)
    pm.addPass(createAigAutodiff());
  if (!train.empty()) {
    AigTrainStepOptions options;
    options.optimizer = train.str();
    options.loss = loss.str();
    pm.addPass(createAigTrainStep(options));
  }
  return pm.run(module);
}

int fail(StringRef command, StringRef message) {
  llvm::errs() << "aicc " << command << ": error: " << message << "\n";
  return 1;
}

namespace {
std::atomic<bool> stopRequestedFlag{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void requestStop(int signal) {
  stopRequestedFlag.store(true, std::memory_order_relaxed);
  std::signal(signal, SIG_DFL);
}
} // namespace

const std::atomic<bool> &stopFlag() { return stopRequestedFlag; }

StopOnSignal::StopOnSignal() {
  previousInt = std::signal(SIGINT, requestStop);
  previousTerm = std::signal(SIGTERM, requestStop);
}

StopOnSignal::~StopOnSignal() {
  std::signal(SIGINT, previousInt);
  std::signal(SIGTERM, previousTerm);
}

} // namespace aicc::driver
