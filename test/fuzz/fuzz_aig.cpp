//===- fuzz_aig.cpp - fuzz the compiler from aig text to LLVM IR ----------===//
//
// What `aicc compile --emit=llvm-ir` does (tools/aicc/CompileCommand.cpp):
// parse with the nesting bound, verify, run the pipeline to the LLVM dialect
// with the verifier after every pass, translate to LLVM IR and optimize at
// -O3. Rejecting an input with a diagnostic is fine; a crash, an assertion,
// a sanitizer report or a module that fails to translate after the pipeline
// succeeded is a finding. Diagnostics are swallowed to keep the fuzzer quiet.
// Each input gets a fresh MLIRContext so a finding reproduces on its own.
//
//===----------------------------------------------------------------------===//

#include "aicc/Compiler/Codegen.h"
#include "aicc/Compiler/Parse.h"
#include "aicc/Compiler/Pipeline.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const DialectRegistry registry = [] {
    DialectRegistry r;
    aicc::registerAiccDialects(r);
    return r;
  }();
  static llvm::TargetMachine *tm = [] {
    auto created = aicc::createHostTargetMachine();
    if (!created) {
      llvm::errs() << llvm::toString(created.takeError()) << "\n";
      std::abort();
    }
    return created->release();
  }();

  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  context.loadAllAvailableDialects();
  ScopedDiagnosticHandler quiet(&context,
                                [](Diagnostic &) { return success(); });
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size),
          "<fuzz>"),
      llvm::SMLoc());
  OwningOpRef<ModuleOp> module = aicc::parseModule(sourceMgr, &context);
  if (!module || failed(verify(*module)))
    return 0;
  auto configure = [](PassManager &pm) {
    pm.enableVerifier(true);
    return success();
  };
  if (failed(aicc::runPipeline(*module, aicc::Phase::LLVM, nullptr,
                               configure)))
    return 0;

  llvm::LLVMContext llvmContext;
  auto llvmModule = aicc::translateToLLVMIR(*module, llvmContext, *tm, 3);
  if (!llvmModule) {
    llvm::errs() << "fuzz_aig: the pipeline succeeded but translation failed: "
                 << llvm::toString(llvmModule.takeError()) << "\n";
    std::abort();
  }
  return 0;
}
