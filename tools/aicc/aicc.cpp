//===- aicc.cpp - the aicc driver -----------------------------------------===//
//
//   aicc compile MODEL.mlir --emit=STAGE -o OUT [--dump-dir DIR]
//   aicc run MODEL.mlir --entry FN --input A.npy ... --out-dir DIR
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "DriverSupport.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <new>

using namespace aicc::driver;

/// MLIR registers its standard options (--mlir-print-ir-after-all,
/// --mlir-timing, ...) at top level; make them valid in the subcommands
/// whose pass managers apply them (compile, run, bench), and only there:
/// train, eval and sample neither list nor accept them.
static void shareMLIROptionsWith(llvm::ArrayRef<cl::SubCommand *> commands) {
  auto &options = cl::getRegisteredOptions(cl::SubCommand::getTopLevel());
  std::vector<cl::Option *> mlirOptions;
  for (auto &entry : options)
    if (entry.first.starts_with("mlir-"))
      mlirOptions.push_back(entry.second);
  for (cl::Option *option : mlirOptions) {
    option->removeArgument();
    option->Subs.clear();
    for (cl::SubCommand *command : commands)
      option->addSubCommand(*command);
    option->addArgument();
  }
}

/// libLLVM registers hundreds of backend options at top level; keep them
/// usable but out of `aicc --help` (they stay in --help-hidden).
static void hideBackendOptions() {
  for (auto &entry : cl::getRegisteredOptions(cl::SubCommand::getTopLevel())) {
    llvm::StringRef name = entry.first;
    if (name.starts_with("mlir-") || name == "help" || name == "version" ||
        name == "help-hidden" || name == "help-list" || name == "color")
      continue;
    entry.second->setHiddenFlag(cl::Hidden);
  }
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  mlir::registerDefaultTimingManagerCLOptions();
  hideBackendOptions();
  // A diagnostic shows file:line:col and the source line; MLIR's default of
  // also printing the whole enclosing op (often the module) buries it.
  if (auto *printOp = static_cast<cl::opt<bool> *>(
          cl::getRegisteredOptions()["mlir-print-op-on-diagnostic"]))
    printOp->setInitialValue(false);

  CompileCommand compile;
  RunCommand run;
  TrainCommand train;
  EvalCommand eval;
  BenchCommand bench;
  SampleCommand sample;
  shareMLIROptionsWith({&compile.command, &run.command, &bench.command});
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "aicc " << AICC_VERSION << " (LLVM/MLIR " << LLVM_VERSION_STRING
       << ")\n";
  });
  cl::ParseCommandLineOptions(
      argc, argv,
      "aicc: a compiler for neural networks on MLIR\n\n"
      "  aicc compile MODEL.mlir --emit=STAGE -o OUT   compile to a stage\n"
      "  aicc run MODEL.mlir --input X.npy --out-dir D run a function (JIT)\n"
      "  aicc train mlp --epochs 3                     train on Fashion-MNIST\n"
      "  aicc train lenet --epochs 2                   train the CNN\n"
      "  aicc eval mlp --checkpoint ckpt.safetensors   test loss and "
      "accuracy\n"
      "  aicc train vae --epochs 5 --checkpoint v.st   the variational "
      "autoencoder\n"
      "  aicc sample vae --checkpoint v.st --out s.png images from the "
      "prior\n"
      "  aicc bench MODEL.mlir --repeats 100           time a function "
      "(JIT)\n\n"
      "Run 'aicc <subcommand> --help' for the options of each subcommand.\n");

  struct Subcommand {
    const char *name;
    cl::SubCommand &command;
    std::function<int()> execute;
  };
  Subcommand subcommands[] = {
      {"compile", compile.command, [&] { return compile.execute(); }},
      {"run", run.command, [&] { return run.execute(); }},
      {"train", train.command, [&] { return train.execute(); }},
      {"eval", eval.command, [&] { return eval.execute(); }},
      {"bench", bench.command, [&] { return bench.execute(); }},
      {"sample", sample.command, [&] { return sample.execute(); }},
  };
  for (Subcommand &sub : subcommands) {
    if (!sub.command)
      continue;
    // Whatever the runtime, the JIT or the compiler throws (an allocation
    // that fails, a bad file) is reported as an error, never a crash.
    try {
      return sub.execute();
    } catch (const std::bad_alloc &) {
      return fail(sub.name, "out of memory");
    } catch (const std::exception &e) {
      return fail(sub.name, e.what());
    }
  }
  llvm::errs() << "aicc: error: no subcommand given (try 'aicc --help')\n";
  return 1;
}
