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
  cl::opt<std::string> input{
      cl::Positional, cl::Required,
      cl::desc("<model.mlir | mlp | lenet | vae> (a built-in model: its "
               "functions at batch 128, the vae's @sample/@encode/@decode "
               "at 64 rows)"),
      cl::sub(command)};
  cl::opt<std::string> emit{
      "emit", cl::sub(command), cl::init("llvm-ir"), cl::value_desc("stage"),
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
  cl::opt<unsigned> optLevel{"O",
                             cl::sub(command),
                             cl::init(3),
                             cl::Prefix,
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
               "{aig.param}")};
  cl::opt<std::string> loss{
      "loss", cl::sub(command), cl::value_desc("name"),
      cl::desc("The loss function --train builds the step from (default: "
               "the only one, or @loss when there are several)")};
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
  cl::opt<unsigned> optLevel{"O",
                             cl::sub(command),
                             cl::init(3),
                             cl::Prefix,
                             cl::value_desc("level"),
                             cl::desc("LLVM optimization level, 0-3 "
                                      "(default 3)")};
  int execute();
};

struct BenchCommand {
  cl::SubCommand command{
      "bench", "Time one function of an aig program (JIT) and print a "
               "machine-readable RESULT line"};
  cl::opt<std::string> input{cl::Positional, cl::Required,
                             cl::desc("<model.mlir>"), cl::sub(command)};
  cl::opt<std::string> entry{
      "entry", cl::sub(command), cl::value_desc("name"),
      cl::desc("Function to time (default: the only public function)")};
  cl::list<std::string> inputs{
      "input", cl::sub(command), cl::value_desc("file.npy"),
      cl::desc("Arguments as .npy files (default: uniform random values in "
               "[0, 1) from a fixed seed, zeros for integers)")};
  cl::opt<int> repeats{"repeats", cl::sub(command), cl::init(100),
                       cl::desc("Timed calls (default 100)")};
  cl::opt<int> warmup{"warmup", cl::sub(command), cl::init(5),
                      cl::desc("Untimed calls first (default 5)")};
  cl::opt<unsigned> optLevel{"O",
                             cl::sub(command),
                             cl::init(3),
                             cl::Prefix,
                             cl::value_desc("level"),
                             cl::desc("LLVM optimization level, 0-3")};
  int execute();
};

/// Options shared by train and eval: the model and the data.
#define AICC_MODEL_AND_DATA_OPTIONS(cmd)                                       \
  cl::opt<std::string> model{cl::Positional, cl::Required,                     \
                             cl::desc("<mlp | lenet | vae | char-lstm | "      \
                                      "char-rnn | char-gru | model.mlir>"),    \
                             cl::sub(cmd)};                                    \
  cl::opt<std::string> data{                                                   \
      "data", cl::sub(cmd), cl::init("fashion-mnist"), cl::value_desc("spec"), \
      cl::desc("Data set: fashion-mnist (Debian's dataset-fashion-mnist), "    \
               "fashion-mnist:DIR, or npy:DIR with x_train.npy y_train.npy "   \
               "x_test.npy y_test.npy")};                                      \
  cl::opt<std::string> dataDir{                                                \
      "data-dir", cl::sub(cmd), cl::value_desc("dir"),                         \
      cl::desc("Directory of the Fashion-MNIST .gz files (default "            \
               "/usr/share/datasets/fashion-mnist)")};                         \
  cl::opt<int64_t> batch{"batch", cl::sub(cmd), cl::init(128),                 \
                         cl::desc("Batch size (built-in models; a .mlir "      \
                                  "model has its own)")};                      \
  cl::list<int64_t> hidden{"hidden", cl::sub(cmd), cl::CommaSeparated,         \
                           cl::desc("Hidden layer widths of the built-in mlp " \
                                    "(default 256,256) or the vae's one "      \
                                    "(default 400); eval reads them from the " \
                                    "checkpoint")};                            \
  cl::opt<bool> batchNorm{                                                     \
      "batch-norm", cl::sub(cmd),                                              \
      cl::desc("Built-in lenet: batch normalization after each convolution "   \
               "(eval reads it from the checkpoint)")};                        \
  cl::opt<int64_t> testLimit{"test-limit", cl::sub(cmd), cl::init(0),          \
                             cl::desc("Evaluate on the first N test samples "  \
                                      "only (0: all)")};

struct TrainCommand {
  cl::SubCommand command{
      "train",
      "Train a model (built-in mlp, lenet or vae, or a .mlir loss) on a data "
      "set, or a character model (char-lstm, char-rnn, char-gru) on a text"};
  AICC_MODEL_AND_DATA_OPTIONS(command)
  cl::opt<int> epochs{"epochs", cl::sub(command), cl::init(1),
                      cl::desc("Number of epochs (default 1)")};
  cl::opt<std::string> optimizer{"optimizer", cl::sub(command),
                                 cl::init("adam"),
                                 cl::desc("sgd, adam or adamw (default adam)")};
  cl::opt<double> lr{"lr", cl::sub(command), cl::init(-1),
                     cl::desc("Learning rate, >= 0 (default: 0.05 for sgd, "
                              "1e-3 for adam/adamw; 0 leaves the parameters "
                              "unchanged)")};
  cl::opt<std::string> lrSchedule{
      "lr-schedule", cl::sub(command), cl::init("constant"),
      cl::desc("constant (default, as PyTorch without a scheduler; when "
               "resuming: the checkpoint's schedule), cosine (one decay to 0 "
               "over all --epochs) or cosine-per-epoch (a decay to 0 within "
               "each epoch); the compiled step takes the rate at run time")};
  cl::opt<double> momentum{"momentum", cl::sub(command), cl::init(0.9),
                           cl::desc("SGD momentum, >= 0 (default 0.9)")};
  cl::opt<bool> nesterov{"nesterov", cl::sub(command),
                         cl::desc("SGD with Nesterov momentum")};
  cl::opt<double> weightDecay{
      "weight-decay", cl::sub(command), cl::init(-1),
      cl::desc("Weight decay, >= 0 (default 0; 0.01 for adamw)")};
  cl::opt<uint64_t> seed{"seed", cl::sub(command), cl::init(0),
                         cl::desc("Seed of the initialization, shuffling "
                                  "and dropout masks")};
  cl::opt<double> dropout{
      "dropout", cl::sub(command), cl::init(0.0), cl::value_desc("p"),
      cl::desc("Built-in mlp and lenet: drop hidden activations with "
               "probability p in [0, 1) while training (PyTorch's "
               "nn.Dropout after each hidden ReLU; evaluation keeps all; "
               "default 0)")};
  cl::opt<std::string> checkpoint{
      "checkpoint", cl::sub(command), cl::value_desc("file.safetensors"),
      cl::desc("Save parameters and optimizer state after every epoch "
               "(atomically), and where Ctrl-C stops training")};
  cl::opt<std::string> resume{
      "resume", cl::sub(command), cl::value_desc("file.safetensors"),
      cl::desc("Continue from a checkpoint, at the step where it was saved "
               "(same model, optimizer, seed and schedule)")};
  cl::opt<int64_t> trainLimit{
      "train-limit", cl::sub(command), cl::init(0),
      cl::desc("Train on the first N training samples only (0: all)")};
  cl::opt<std::string> dumpTrainStep{
      "dump-train-step", cl::sub(command), cl::value_desc("file.mlir"),
      cl::desc("Write the generated train_step (aig IR)")};
  cl::opt<bool> noProgress{"no-progress", cl::sub(command),
                           cl::desc("No progress bar, even on a terminal")};
  cl::opt<int64_t> steps{
      "steps", cl::sub(command), cl::init(2000),
      cl::desc("char-lstm/rnn/gru: training steps, each a batch of "
               "sequences at random offsets of the text (default 2000)")};
  cl::opt<int64_t> evalEvery{
      "eval-every", cl::sub(command), cl::init(200), cl::value_desc("N"),
      cl::desc("char models: print step=... train_bpc=... val_bpc=... and "
               "save the checkpoint every N steps and at the last "
               "(default 200)")};
  cl::opt<std::string> text{
      "text", cl::sub(command), cl::init("fortunes"), cl::value_desc("path"),
      cl::desc("char models: the corpus, a UTF-8 text file, or fortunes "
               "(default: Debian's fortunes package, '%' lines dropped); "
               "the first 95% trains, the last 5% validates")};
  cl::opt<int64_t> seq{"seq", cl::sub(command), cl::init(64),
                       cl::desc("char models: characters per sequence "
                                "(default 64)")};
  cl::opt<int64_t> embed{"embed", cl::sub(command), cl::init(64),
                         cl::desc("char models: embedding width (default "
                                  "64; --hidden sets the recurrent layer's "
                                  "width, default 256)")};
  cl::opt<std::string> metricsPath{
      "metrics", cl::sub(command), cl::value_desc("file.csv"),
      cl::desc("Write the training loss of every step and the test metrics "
               "of every epoch as CSV (rewritten after each epoch)")};
  cl::opt<std::string> plotPath{
      "plot", cl::sub(command), cl::value_desc("file.png|file.svg"),
      cl::desc("Plot the loss curves and test metrics at the end (needs "
               "python3-matplotlib)")};
  int execute();
};

struct EvalCommand {
  cl::SubCommand command{"eval", "Print the test metrics of a checkpoint "
                                 "(loss and accuracy; the vae's negative "
                                 "ELBO)"};
  AICC_MODEL_AND_DATA_OPTIONS(command)
  cl::opt<std::string> checkpoint{"checkpoint", cl::sub(command), cl::Required,
                                  cl::value_desc("file.safetensors"),
                                  cl::desc("Checkpoint written by aicc train")};
  cl::opt<int64_t> show{
      "show", cl::sub(command), cl::init(0), cl::value_desc("N"),
      cl::desc("Also print the model's prediction for the first N test "
               "samples: sample=I label=L (name) predicted=P (name) p=prob")};
  cl::opt<std::string> text{
      "text", cl::sub(command), cl::value_desc("path"),
      cl::desc("char models: the text to evaluate on (default: the "
               "checkpoint's corpus); its last 5% is the validation set")};
  int execute();
};

struct SampleCommand {
  cl::SubCommand command{
      "sample", "Generate images with a trained vae (a PNG grid) or text "
                "with a trained character model"};
  cl::opt<std::string> model{cl::Positional, cl::Required,
                             cl::desc("<vae | char-lstm | char-rnn | "
                                      "char-gru>"),
                             cl::sub(command)};
  cl::opt<std::string> checkpoint{"checkpoint", cl::sub(command), cl::Required,
                                  cl::value_desc("file.safetensors"),
                                  cl::desc("Checkpoint written by aicc train "
                                           "vae")};
  cl::opt<std::string> out{"out", cl::sub(command), cl::value_desc("file.png"),
                           cl::desc("vae: the PNG grid to write (replaced "
                                    "atomically; kept as it was on error)")};
  cl::opt<std::string> prompt{
      "prompt", cl::sub(command), cl::init("\n"), cl::value_desc("text"),
      cl::desc("char models: the text the generation continues (default a "
               "newline; every character must be in the model's "
               "vocabulary)")};
  cl::opt<int64_t> length{"length", cl::sub(command), cl::init(500),
                          cl::desc("char models: characters to generate "
                                   "(default 500)")};
  cl::opt<int64_t> topK{
      "top-k", cl::sub(command), cl::init(0), cl::value_desc("K"),
      cl::desc("char models: draw each character among the K most likely "
               "only (default 0: among all)")};
  cl::opt<double> temperature{
      "temperature", cl::sub(command), cl::init(0.8),
      cl::desc("char models: each character is drawn from softmax(logits / "
               "T), T > 0 (default 0.8; lower is more conservative)")};
  cl::opt<int64_t> count{
      "count", cl::sub(command), cl::init(64), cl::value_desc("N"),
      cl::desc("Images decoded from z ~ N(0, I), drawn in compiled code "
               "(default 64; with --interpolate: the steps of the walk, "
               "default 10)")};
  cl::opt<uint64_t> seed{"seed", cl::sub(command), cl::init(0),
                         cl::desc("Seed of the prior's draws (default 0; "
                                  "the same seed gives the same images)")};
  cl::opt<int64_t> reconstruct{
      "reconstruct", cl::sub(command), cl::init(0), cl::value_desc("N"),
      cl::desc("Instead: the first N test images, each row of originals "
               "followed by a row of their reconstructions (decoded from "
               "the encoder's mean)")};
  cl::opt<bool> interpolate{
      "interpolate", cl::sub(command),
      cl::desc("Instead: a walk in latent space between the codes (means) "
               "of two test images (--pair), decoded at --count points")};
  cl::list<int64_t> pair{"pair", cl::sub(command), cl::CommaSeparated,
                         cl::value_desc("i,j"),
                         cl::desc("The test images of --interpolate "
                                  "(default 0,1)")};
  cl::opt<int64_t> columns{"columns", cl::sub(command), cl::init(0),
                           cl::desc("Images per row of the grid (default: "
                                    "8, or the walk's length)")};
  cl::opt<std::string> data{
      "data", cl::sub(command), cl::init("fashion-mnist"),
      cl::value_desc("spec"),
      cl::desc("The data set of --reconstruct and --interpolate (as for "
               "train)")};
  cl::opt<int64_t> repeats{
      "repeats", cl::sub(command), cl::init(0), cl::value_desc("N"),
      cl::desc("Also time N calls of the compiled @sample and print "
               "sample_us_per_call=<median> (char models: "
               "sample_ms_per_call=<median> instead of the text)")};
  int execute();
};

} // namespace aicc::driver

#endif // AICC_TOOLS_AICC_COMMANDS_H
