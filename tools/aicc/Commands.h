//===- Commands.h - the aicc subcommands ------------------------*- C++ -*-===//
//
// Each subcommand owns its llvm::cl::SubCommand and options; main()
// constructs them before parsing, so registration order is well defined.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_TOOLS_AICC_COMMANDS_H
#define AICC_TOOLS_AICC_COMMANDS_H

#include "llvm/Support/CommandLine.h"

#include <string>

namespace aicc::driver {

namespace cl = llvm::cl;

struct CompileCommand {
  cl::SubCommand command{
      "compile", "Compile an aig program and write one stage of the pipeline"};
  cl::opt<std::string> input{cl::Positional, cl::Required,
                             cl::desc("<model.mlir>"), cl::sub(command)};
  cl::opt<std::string> emit{
      "emit", cl::sub(command), cl::init("llvm-ir"),
      cl::value_desc("stage"),
      cl::desc("Stage to write: aig, linalg, bufferized, loops, llvm (MLIR "
               "stages), llvm-ir (optimized .ll), asm (.s), obj (.o), "
               "header (C header declaring the entry points of the .o)")};
  cl::opt<std::string> output{"o", cl::sub(command), cl::init("-"),
                              cl::value_desc("file"),
                              cl::desc("Output file ('-' for stdout; obj "
                                       "needs a file)")};
  cl::opt<std::string> dumpDir{
      "dump-dir", cl::sub(command), cl::value_desc("dir"),
      cl::desc("Also write the IR after every stage as numbered files "
               "(00-aig.mlir ... 05-llvm.ll) into this directory")};
  cl::opt<unsigned> optLevel{"O", cl::sub(command), cl::init(3), cl::Prefix,
                             cl::value_desc("level"),
                             cl::desc("LLVM optimization level, 0-3 "
                                      "(default 3)")};
  cl::opt<bool> autodiff{
      "autodiff", cl::sub(command),
      cl::desc("Add <f>_grad for every loss function f (first result a "
               "rank-0 float) before compiling")};
  cl::opt<std::string> train{
      "train", cl::sub(command), cl::value_desc("optimizer"),
      cl::desc("Add train_step for the loss function, with sgd (momentum "
               "0.9), adam or adamw; parameters are the arguments marked "
               "{aicc.param}")};
  int execute();
};

struct RunCommand {
  cl::SubCommand command{
      "run", "JIT-compile an aig program and run one function on .npy inputs"};
  cl::opt<std::string> input{cl::Positional, cl::Required,
                             cl::desc("<model.mlir>"), cl::sub(command)};
  cl::opt<std::string> entry{
      "entry", cl::sub(command), cl::value_desc("name"),
      cl::desc("Function to run (default: the only public function)")};
  cl::list<std::string> inputs{
      "input", cl::sub(command), cl::value_desc("file.npy"),
      cl::desc("Argument of the function, in order (repeat once per "
               "argument); NumPy .npy with the argument's shape and dtype")};
  cl::opt<std::string> outDir{
      "out-dir", cl::sub(command), cl::value_desc("dir"),
      cl::desc("Write result i as <dir>/result<i>.npy (created if missing)")};
  cl::opt<bool> quiet{"quiet", cl::sub(command),
                      cl::desc("Do not print the results to stdout")};
  cl::opt<bool> autodiff{
      "autodiff", cl::sub(command),
      cl::desc("Add <f>_grad for every loss function f, so that "
               "--entry f_grad runs the gradient")};
  cl::opt<unsigned> optLevel{"O", cl::sub(command), cl::init(3), cl::Prefix,
                             cl::value_desc("level"),
                             cl::desc("LLVM optimization level, 0-3 "
                                      "(default 3)")};
  int execute();
};

} // namespace aicc::driver

#endif // AICC_TOOLS_AICC_COMMANDS_H
