//===- Graph.h - the aicc C++ graph API -------------------------*- C++ -*-===//
//
// Build a model as a graph of aig ops, print it as aig IR, compile it through
// the shared pipeline and run it (JIT) or write an object file and header
// (AOT):
//
//   aicc::Graph g("mlp");
//   auto x = g.input("x", {8, 784});
//   auto w = g.input("w", {784, 10});
//   g.output(aicc::softmax(aicc::matmul(x, w), 1));
//   auto fn = g.compile();
//   std::vector<aicc::rt::Tensor> y = fn.run({&xs, &ws});
//
// Every op checks its operands when it is built; a misuse throws GraphError
// naming the op, the operand types and the caller's file:line.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_GRAPH_H
#define AICC_GRAPH_H

#include "aicc/runtime/DType.h"
#include "aicc/runtime/Tensor.h"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace mlir {
class Value;
} // namespace mlir

namespace aicc {

using rt::DType;

/// A caller's source position, captured by default arguments.
struct SourceLoc {
  const char *file = "";
  unsigned line = 0;
  static SourceLoc current(const char *file = __builtin_FILE(),
                           unsigned line = __builtin_LINE()) {
    return SourceLoc{file, line};
  }
};

/// A graph misuse (shape or type error, mixing graphs, building after
/// compile); the message names the op, operand types and caller location.
class GraphError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class Graph;
struct GraphImpl;
class Executable;

/// A value in a graph: the result of an op or a graph input.
class Tensor {
public:
  Tensor() = default;
  std::vector<int64_t> shape() const;
  int64_t rank() const;
  DType dtype() const;
  /// MLIR spelling of the type, e.g. "tensor<8x784xf32>".
  std::string typeString() const;
  bool valid() const { return impl != nullptr; }

  /// Escape hatch to the underlying MLIR value.
  mlir::Value value() const;

private:
  friend struct GraphImpl;
  friend struct OpBuilderAccess;
  Tensor(GraphImpl *impl, void *value) : impl(impl), opaqueValue(value) {}
  GraphImpl *impl = nullptr;
  void *opaqueValue = nullptr;
};

/// A tensor plus the source location of the expression that used it; lets
/// binary operators (which cannot take default arguments) report the
/// caller's line.
struct LocatedTensor {
  LocatedTensor(const Tensor &t, SourceLoc where = SourceLoc::current())
      : tensor(t), where(where) {}
  Tensor tensor;
  SourceLoc where;
};

/// How to compile a graph.
struct CompileOptions {
  unsigned optLevel = 3; ///< LLVM optimization level, 0-3
};

/// A function under construction: named inputs, ops, outputs.
class Graph {
public:
  explicit Graph(std::string name = "main");
  ~Graph();
  Graph(Graph &&) noexcept;
  Graph &operator=(Graph &&) noexcept;
  Graph(const Graph &) = delete;
  Graph &operator=(const Graph &) = delete;

  /// A named, shaped argument of the function.
  Tensor input(const std::string &name, std::vector<int64_t> shape,
               DType dtype = DType::F32,
               SourceLoc where = SourceLoc::current());
  /// A trainable parameter: an input marked `aig.param`, with the
  /// initializer the Trainer uses (`init` is an aicc::rt::InitKind name:
  /// zeros, ones, normal, xavier_uniform, kaiming_uniform, kaiming_normal,
  /// torch_linear; fan-in/out default to the first/last dimension).
  Tensor parameter(const std::string &name, std::vector<int64_t> shape,
                   const std::string &init = "torch_linear", int64_t fanIn = 0,
                   int64_t fanOut = 0, double stddev = 0.01,
                   SourceLoc where = SourceLoc::current());
  /// A constant holding a copy of `value`.
  Tensor constant(const rt::Tensor &value,
                  SourceLoc where = SourceLoc::current());
  /// A scalar (rank-0) constant.
  Tensor scalar(double value, DType dtype = DType::F32,
                SourceLoc where = SourceLoc::current());
  /// Model state that is not trained (batch-norm running statistics): an
  /// f32 input marked `aig.buffer`, which the Trainer owns, initializes
  /// (`init`: zeros or ones), checkpoints and passes to @logits by name.
  Tensor buffer(const std::string &name, std::vector<int64_t> shape,
                const std::string &init = "zeros",
                SourceLoc where = SourceLoc::current());
  /// Declares `value` the new value of `buffer` after this function runs:
  /// a result after all Graph::output results, marked `aig.update_of`,
  /// written in place into the buffer (in a training step, by @loss).
  void update(const Tensor &buffer, const Tensor &value,
              SourceLoc where = SourceLoc::current());
  /// Random tensors drawn in compiled code (aig.random_uniform /
  /// random_normal, Philox). They are keyed by the graph's `rng` input, a
  /// tensor<2xi64> [seed, offset] declared on first use: the Trainer fills
  /// it with [seed, step], so each step draws new numbers and a resumed run
  /// the same ones; Executable::run takes it like any other input. Every
  /// call draws from its own stream.
  Tensor randomUniform(std::vector<int64_t> shape, DType dtype = DType::F32,
                       SourceLoc where = SourceLoc::current());
  Tensor randomNormal(std::vector<int64_t> shape, DType dtype = DType::F32,
                      SourceLoc where = SourceLoc::current());
  /// The graph's `rng` input ([seed, offset], tensor<2xi64>), declared on
  /// first use: for draws keyed by hand (randomUniformKeyed in a scan body).
  Tensor rngKey(SourceLoc where = SourceLoc::current());
  /// Appends a result of the function.
  void output(const Tensor &result, SourceLoc where = SourceLoc::current());
  /// Marks input `mask` as the row mask of a @metrics graph (`aig.mask`,
  /// [B] f32: 1 for a sample, 0 for padding).
  void markMask(const Tensor &mask, SourceLoc where = SourceLoc::current());
  /// Appends a named result (`aig.name`): the metrics of a @metrics graph.
  void output(const Tensor &result, const std::string &name,
              SourceLoc where = SourceLoc::current());

  const std::string &name() const;
  const std::vector<std::string> &inputNames() const;

  /// The graph as aig IR (the text `aicc compile` accepts). Like every
  /// call below, an error (a graph with no outputs) names the caller's line.
  std::string print(SourceLoc where = SourceLoc::current()) const;
  /// JIT-compiles the graph through the shared pipeline.
  Executable compile(const CompileOptions &options = {},
                     SourceLoc where = SourceLoc::current()) const;
  /// Ahead-of-time: writes an object file / a C header for the graph.
  void writeObject(const std::string &path, const CompileOptions &options = {},
                   SourceLoc where = SourceLoc::current()) const;
  void writeHeader(const std::string &path,
                   SourceLoc where = SourceLoc::current()) const;

  GraphImpl &impl() const { return *impl_; }

private:
  std::unique_ptr<GraphImpl> impl_;
};

/// One module holding the functions of `graphs` (null entries skipped;
/// the names must differ), as aig IR: a model's @loss with its @logits,
/// @metrics or @sample, for aicc compile/train or the Trainer.
std::string printModule(const std::vector<const Graph *> &graphs,
                        SourceLoc where = SourceLoc::current());

/// A compiled graph: call it with runtime tensors.
class Executable {
public:
  Executable(Executable &&) noexcept;
  Executable &operator=(Executable &&) noexcept;
  ~Executable();

  /// Runs the function; inputs in the order they were declared. Throws
  /// rt::Error on a wrong count, shape or dtype.
  std::vector<rt::Tensor> run(const std::vector<const rt::Tensor *> &inputs);
  /// Runs into preallocated outputs (no allocation per call).
  void run(const std::vector<const rt::Tensor *> &inputs,
           const std::vector<rt::Tensor *> &outputs);

  const std::string &name() const;

private:
  friend class Graph;
  struct State;
  explicit Executable(std::unique_ptr<State> state);
  std::unique_ptr<State> state;
};

} // namespace aicc

#endif // AICC_GRAPH_H
