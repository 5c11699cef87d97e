//===- CompileCommand.cpp - aicc compile ----------------------------------===//

#include "BuiltinModels.h"
#include "Commands.h"
#include "DriverSupport.h"

#include "aicc/Compiler/AOT.h"
#include "aicc/Compiler/Codegen.h"
#include "aicc/Compiler/EntryPoints.h"
#include "aicc/Compiler/Pipeline.h"
#include "aicc/Dialect/Aig/TrainStep.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

#include <fmt/format.h>

using namespace mlir;
using namespace aicc;

namespace aicc::driver {

namespace {
/// Writes `text` to `path` ("-" is stdout) through a ToolOutputFile, so a
/// failed command leaves no partial file behind.
LogicalResult writeOutput(StringRef path,
                          function_ref<void(raw_ostream &)> fn) {
  std::string error;
  auto file = openOutputFile(path, &error);
  if (!file) {
    llvm::errs() << "aicc compile: error: cannot write '" << path
                 << "': " << error << "\n";
    return failure();
  }
  fn(file->os());
  file->keep();
  return success();
}

std::string dumpPath(StringRef dir, unsigned index, StringRef name,
                     StringRef ext) {
  llvm::SmallString<256> path(dir);
  llvm::sys::path::append(
      path, fmt::format("{:02}-{}.{}", index, name.str(), ext.str()));
  return std::string(path);
}
} // namespace

int CompileCommand::execute() {
  StringRef stage = emit;
  std::optional<Phase> mlirPhase = parsePhase(stage);
  bool native = stage == "asm" || stage == "obj";
  bool header = stage == "header";
  if (!mlirPhase && stage != "llvm-ir" && !native && !header)
    return fail("compile", "unknown --emit stage '" + stage.str() +
                               "' (expected aig, linalg, bufferized, loops, "
                               "llvm, llvm-ir, asm, obj or header)");
  if (stage == "obj" && output == "-")
    return fail("compile", "--emit=obj writes a binary file: give -o FILE");
  if (optLevel > 3)
    return fail("compile", "-O must be 0, 1, 2 or 3");

  bool dumping = !dumpDir.empty();
  if (dumping) {
    if (std::error_code ec = llvm::sys::fs::create_directories(dumpDir))
      return fail("compile", "cannot create --dump-dir '" + dumpDir +
                                 "': " + ec.message());
  }

  Session session;
  // A built-in model's name (not a file of that name) compiles the model's
  // functions, e.g. the vae's @sample for an ahead-of-time object.
  OwningOpRef<ModuleOp> module =
      isBuiltinModel(input) && !llvm::sys::fs::exists(input)
          ? session.loadText(builtinModuleText(input), "<" + input + ">")
          : session.load(input);
  if (!module)
    return 1;

  if (!train.empty() && !aig::parseOptimizerKind(train))
    return fail("compile", "unknown --train optimizer '" + train +
                               "' (expected sgd, adam or adamw)");
  if (!loss.empty() && train.empty())
    return fail("compile", "--loss names the loss function of --train; give "
                           "--train too");
  if (failed(addTrainingFunctions(*module, autodiff, train, loss)))
    return 1;

  if (header) {
    // The header only needs the signatures, which are fixed at the aig level.
    auto entries = collectEntryPoints(*module);
    if (failed(entries) || failed(checkTensorSizes(*module)))
      return 1;
    StringRef stem = llvm::sys::path::stem(input.getValue());
    if (llvm::Error err = writeCHeader(*entries, stem, output))
      return fail("compile", llvm::toString(std::move(err)));
    return 0;
  }

  // Without dumps, stop at the requested MLIR stage; dumps run everything.
  Phase last = (mlirPhase && !dumping) ? *mlirPhase : Phase::LLVM;
  auto afterPhase = [&](Phase phase, ModuleOp m) -> LogicalResult {
    if (dumping &&
        failed(writeOutput(dumpPath(dumpDir, static_cast<unsigned>(phase),
                                    phaseName(phase), "mlir"),
                           [&](raw_ostream &os) { m.print(os); })))
      return failure();
    if (mlirPhase && phase == *mlirPhase)
      return writeOutput(output, [&](raw_ostream &os) { m.print(os); });
    return success();
  };
  if (failed(runPipeline(*module, last, afterPhase, configurePassManager)))
    return 1;
  if (mlirPhase && !dumping)
    return 0;

  auto tm = createHostTargetMachine();
  if (!tm)
    return fail("compile", llvm::toString(tm.takeError()));
  llvm::LLVMContext llvmContext;
  auto llvmModule = translateToLLVMIR(*module, llvmContext, **tm, optLevel);
  if (!llvmModule)
    return fail("compile", llvm::toString(llvmModule.takeError()));
  unsigned llvmIndex = static_cast<unsigned>(Phase::LLVM) + 1;
  if (dumping && failed(writeOutput(dumpPath(dumpDir, llvmIndex, "llvm", "ll"),
                                    [&](raw_ostream &os) {
                                      (*llvmModule)->print(os, nullptr);
                                    })))
    return 1;
  if (mlirPhase)
    return 0;
  if (stage == "llvm-ir")
    return failed(writeOutput(
               output,
               [&](raw_ostream &os) { (*llvmModule)->print(os, nullptr); }))
               ? 1
               : 0;

  std::string error;
  auto file = openOutputFile(output, &error);
  if (!file)
    return fail("compile", "cannot write '" + output + "': " + error);
  auto type = stage == "obj" ? llvm::CodeGenFileType::ObjectFile
                             : llvm::CodeGenFileType::AssemblyFile;
  if (llvm::Error err = emitNativeCode(**llvmModule, **tm, type, file->os()))
    return fail("compile", llvm::toString(std::move(err)));
  file->keep();
  return 0;
}

} // namespace aicc::driver
