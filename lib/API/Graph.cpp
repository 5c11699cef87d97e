//===- Graph.cpp - aicc::Graph and aicc::Executable -----------------------===//

#include "DiagnosticCapture.h"
#include "GraphImpl.h"

#include "aicc/Compiler/AOT.h"
#include "aicc/Compiler/EntryPoints.h"
#include "aicc/Compiler/Jit.h"
#include "aicc/Compiler/Pipeline.h"
#include "aicc/Dialect/Aig/AigOps.h"
#include "aicc/runtime/Error.h"
#include "aicc/runtime/Init.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;

namespace aicc {

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

Type toMLIRType(MLIRContext *ctx, DType dtype) {
  switch (dtype) {
  case DType::F32:
    return Float32Type::get(ctx);
  case DType::F64:
    return Float64Type::get(ctx);
  case DType::I8:
  case DType::U8:
    return IntegerType::get(ctx, 8);
  case DType::I16:
    return IntegerType::get(ctx, 16);
  case DType::I32:
    return IntegerType::get(ctx, 32);
  case DType::I64:
    return IntegerType::get(ctx, 64);
  case DType::Bool:
    return IntegerType::get(ctx, 1);
  }
  return {};
}

std::optional<DType> fromMLIRType(Type type) {
  return rt::dtypeFromName(typeToString(type));
}

std::string typeToString(Type type) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << type;
  return s;
}

void throwGraphError(const std::string &what, SourceLoc where) {
  throw GraphError(fmt::format("{} (at {}:{})", what, where.file, where.line));
}

//===----------------------------------------------------------------------===//
// Tensor
//===----------------------------------------------------------------------===//

static RankedTensorType tensorType(const Tensor &t) {
  if (!t.valid())
    throw GraphError("use of an empty aicc::Tensor (default-constructed)");
  return cast<RankedTensorType>(t.value().getType());
}

std::vector<int64_t> Tensor::shape() const {
  auto s = tensorType(*this).getShape();
  return {s.begin(), s.end()};
}
int64_t Tensor::rank() const { return tensorType(*this).getRank(); }
DType Tensor::dtype() const {
  return *fromMLIRType(tensorType(*this).getElementType());
}
std::string Tensor::typeString() const {
  return typeToString(tensorType(*this));
}
Value Tensor::value() const { return Value::getFromOpaquePointer(opaqueValue); }

//===----------------------------------------------------------------------===//
// Graph
//===----------------------------------------------------------------------===//

static DialectRegistry graphRegistry() {
  DialectRegistry registry;
  registerAiccDialects(registry);
  return registry;
}

GraphImpl::GraphImpl(std::string name)
    : context(graphRegistry()), builder(&context), name(std::move(name)) {
  context.loadDialect<aig::AigDialect, func::FuncDialect>();
  Location loc = UnknownLoc::get(&context);
  module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  function = func::FuncOp::create(builder, loc, this->name,
                                  builder.getFunctionType({}, {}));
  Block *body = function.addEntryBlock();
  builder.setInsertionPointToEnd(body);
}

Location GraphImpl::location(SourceLoc where) {
  return FileLineColLoc::get(&context, where.file, where.line, 0);
}

OwningOpRef<ModuleOp> GraphImpl::finishedModule(SourceLoc where) {
  if (outputs.empty())
    throwGraphError(fmt::format("graph '{}' has no outputs: call "
                                "Graph::output() before printing or compiling",
                                name),
                    where);
  IRMapping mapping;
  OwningOpRef<ModuleOp> copy =
      cast<ModuleOp>(module.get().getOperation()->clone(mapping));
  auto fn = *copy->getOps<func::FuncOp>().begin();
  OpBuilder b(fn.getContext());
  Block &dst = fn.getBody().front();
  b.setInsertionPointToEnd(&dst);
  SmallVector<Value> results;
  for (Value v : outputs)
    results.push_back(mapping.lookup(v));
  for (auto &[v, arg] : updates)
    results.push_back(mapping.lookup(v));
  func::ReturnOp::create(b, fn.getLoc(), results);
  fn.setFunctionType(b.getFunctionType(dst.getArgumentTypes(),
                                       ValueRange(results).getTypes()));
  for (auto [r, n] : llvm::enumerate(outputNames))
    if (!n.empty())
      fn.setResultAttr(r, aicc::aig::AigDialect::kName, b.getStringAttr(n));
  for (auto [k, update] : llvm::enumerate(updates))
    fn.setResultAttr(outputs.size() + k, aicc::aig::AigDialect::kUpdateOf,
                     b.getI64IntegerAttr(update.second));
  if (failed(verify(*copy)))
    throwGraphError("internal error: the built graph does not verify", where);
  return copy;
}

Graph::Graph(std::string name) : impl_(std::make_unique<GraphImpl>(name)) {}
Graph::~Graph() = default;
Graph::Graph(Graph &&) noexcept = default;
Graph &Graph::operator=(Graph &&) noexcept = default;

const std::string &Graph::name() const { return impl_->name; }
const std::vector<std::string> &Graph::inputNames() const {
  return impl_->inputNames;
}

Tensor GraphImpl::addInput(const std::string &name, std::vector<int64_t> shape,
                           DType dtype, SourceLoc where) {
  for (int64_t d : shape)
    if (d < 0)
      throwGraphError(
          fmt::format("input '{}': negative dimension {} in shape", name, d),
          where);
  for (const std::string &n : inputNames)
    if (n == name)
      throwGraphError(fmt::format("input '{}' is declared twice", name), where);
  auto type = RankedTensorType::get(shape, toMLIRType(&context, dtype));
  unsigned index = function.getNumArguments();
  if (failed(function.insertArgument(
          index, type,
          builder.getDictionaryAttr(
              builder.getNamedAttr(aicc::aig::AigDialect::kName, builder.getStringAttr(name))),
          location(where))))
    throwGraphError("cannot add input '" + name + "'", where);
  inputNames.push_back(name);
  return wrap(function.getArgument(index));
}

Value GraphImpl::rng(SourceLoc where) {
  if (!rngKey) {
    rngKey = unwrap(addInput("rng", {2}, DType::I64, where));
    function.setArgAttr(function.getNumArguments() - 1, aicc::aig::AigDialect::kRng,
                        builder.getUnitAttr());
  }
  return rngKey;
}

Tensor Graph::input(const std::string &name, std::vector<int64_t> shape,
                    DType dtype, SourceLoc where) {
  return impl_->addInput(name, std::move(shape), dtype, where);
}

Tensor randomUniformLike(GraphImpl &g, std::vector<int64_t> shape, DType dtype,
                         SourceLoc where);
Tensor randomNormalLike(GraphImpl &g, std::vector<int64_t> shape, DType dtype,
                        SourceLoc where);

Tensor Graph::rngKey(SourceLoc where) { return impl_->wrap(impl_->rng(where)); }

Tensor Graph::randomUniform(std::vector<int64_t> shape, DType dtype,
                            SourceLoc where) {
  return randomUniformLike(*impl_, std::move(shape), dtype, where);
}

Tensor Graph::randomNormal(std::vector<int64_t> shape, DType dtype,
                           SourceLoc where) {
  return randomNormalLike(*impl_, std::move(shape), dtype, where);
}

Tensor Graph::parameter(const std::string &name, std::vector<int64_t> shape,
                        const std::string &init, int64_t fanIn, int64_t fanOut,
                        double stddev, SourceLoc where) {
  if (!rt::initKindFromName(init))
    throwGraphError(
        fmt::format("parameter '{}': unknown initializer '{}'", name, init),
        where);
  Tensor t = input(name, shape, DType::F32, where);
  Builder b(&impl_->context);
  if (fanIn == 0 && !shape.empty())
    fanIn = shape.front();
  if (fanOut == 0 && !shape.empty())
    fanOut = shape.back();
  auto spec = b.getDictionaryAttr(
      {b.getNamedAttr("init", b.getStringAttr(init)),
       b.getNamedAttr("fan_in", b.getI64IntegerAttr(fanIn)),
       b.getNamedAttr("fan_out", b.getI64IntegerAttr(fanOut)),
       b.getNamedAttr("std", b.getF64FloatAttr(stddev))});
  impl_->function.setArgAttr(impl_->function.getNumArguments() - 1,
                             aicc::aig::AigDialect::kParam, spec);
  return t;
}

Tensor Graph::constant(const rt::Tensor &value, SourceLoc where) {
  auto type = RankedTensorType::get(value.shape(),
                                    toMLIRType(&impl_->context, value.dtype()));
  ArrayRef<char> raw(static_cast<const char *>(value.data()), value.byteSize());
  DenseElementsAttr attr;
  if (value.dtype() == DType::Bool) {
    SmallVector<bool> bits;
    for (int64_t i = 0; i < value.numElements(); ++i)
      bits.push_back(value.data<bool>()[i]);
    attr = DenseElementsAttr::get(type, bits);
  } else {
    attr = DenseElementsAttr::getFromRawBuffer(type, raw);
  }
  return impl_->wrap(aig::ConstantOp::create(
      impl_->builder, impl_->location(where), cast<ElementsAttr>(attr)));
}

Tensor Graph::scalar(double value, DType dtype, SourceLoc where) {
  auto type = RankedTensorType::get({}, toMLIRType(&impl_->context, dtype));
  return impl_->wrap(aig::createSplatConstant(
      impl_->builder, impl_->location(where), type, value));
}

void Graph::output(const Tensor &result, SourceLoc where) {
  if (!result.valid() || GraphImpl::graphOf(result) != impl_.get())
    throwGraphError(fmt::format("output of graph '{}' is not a tensor of "
                                "this graph",
                                impl_->name),
                    where);
  impl_->outputs.push_back(GraphImpl::unwrap(result));
  impl_->outputNames.push_back("");
}

void Graph::markMask(const Tensor &mask, SourceLoc where) {
  auto arg = mask.valid() && GraphImpl::graphOf(mask) == impl_.get()
                 ? dyn_cast<BlockArgument>(GraphImpl::unwrap(mask))
                 : BlockArgument();
  if (!arg || mask.rank() != 1 || mask.dtype() != DType::F32)
    throwGraphError(fmt::format("markMask of graph '{}': the mask must be a "
                                "[B] f32 input of this graph",
                                impl_->name),
                    where);
  impl_->function.setArgAttr(arg.getArgNumber(), aicc::aig::AigDialect::kMask,
                             impl_->builder.getUnitAttr());
}

void Graph::output(const Tensor &result, const std::string &name,
                   SourceLoc where) {
  if (name.empty())
    throwGraphError(
        fmt::format("output of graph '{}': the name is empty", impl_->name),
        where);
  output(result, where);
  impl_->outputNames.back() = name;
}

Tensor Graph::buffer(const std::string &name, std::vector<int64_t> shape,
                     const std::string &init, SourceLoc where) {
  if (init != "zeros" && init != "ones")
    throwGraphError(fmt::format("buffer '{}': unknown initial value '{}' "
                                "(expected zeros or ones)",
                                name, init),
                    where);
  Tensor t = input(name, std::move(shape), DType::F32, where);
  Builder b(&impl_->context);
  impl_->function.setArgAttr(
      impl_->function.getNumArguments() - 1, aicc::aig::AigDialect::kBuffer,
      b.getDictionaryAttr(b.getNamedAttr("init", b.getStringAttr(init))));
  return t;
}

void Graph::update(const Tensor &buffer, const Tensor &value, SourceLoc where) {
  Value arg = buffer.valid() ? GraphImpl::unwrap(buffer) : Value();
  auto blockArg = dyn_cast_or_null<BlockArgument>(arg);
  if (!blockArg || GraphImpl::graphOf(buffer) != impl_.get() ||
      !impl_->function.getArgAttr(blockArg.getArgNumber(), aicc::aig::AigDialect::kBuffer))
    throwGraphError(fmt::format("update of graph '{}': the first tensor must "
                                "be a buffer of this graph (Graph::buffer)",
                                impl_->name),
                    where);
  if (!value.valid() || GraphImpl::graphOf(value) != impl_.get() ||
      GraphImpl::unwrap(value).getType() != arg.getType())
    throwGraphError(fmt::format("update of buffer '{}': the new value must "
                                "be a tensor of this graph with the "
                                "buffer's type {}",
                                impl_->inputNames[blockArg.getArgNumber()],
                                buffer.typeString()),
                    where);
  for (auto &[v, a] : impl_->updates)
    if (a == blockArg.getArgNumber())
      throwGraphError(
          fmt::format("buffer '{}' is updated twice", impl_->inputNames[a]),
          where);
  impl_->updates.push_back({GraphImpl::unwrap(value), blockArg.getArgNumber()});
}

std::string Graph::print(SourceLoc where) const {
  auto m = impl_->finishedModule(where);
  std::string s;
  llvm::raw_string_ostream os(s);
  m->print(os);
  return s;
}

std::string printModule(const std::vector<const Graph *> &graphs,
                        SourceLoc where) {
  std::string text;
  std::vector<std::string> names;
  for (const Graph *g : graphs) {
    if (!g)
      continue;
    if (llvm::is_contained(names, g->name()))
      throw GraphError(fmt::format("printModule: two graphs are named '{}' "
                                   "(at {}:{})",
                                   g->name(), where.file, where.line));
    names.push_back(g->name());
    // Each is `module { func.func ... }`: splice the functions into one.
    std::string more = g->print(where);
    if (text.empty()) {
      text = std::move(more);
      continue;
    }
    size_t open = more.find('{'), close = more.rfind('}');
    text = text.substr(0, text.rfind('}')) +
           more.substr(open + 1, close - open - 1) + "}\n";
  }
  if (text.empty())
    throw GraphError(fmt::format("printModule: no graphs (at {}:{})",
                                 where.file, where.line));
  return text;
}

//===----------------------------------------------------------------------===//
// Compilation
//===----------------------------------------------------------------------===//

struct Executable::State {
  std::unique_ptr<JitModule> jit;
  std::string name;
};

Executable::Executable(std::unique_ptr<State> state)
    : state(std::move(state)) {}
Executable::Executable(Executable &&) noexcept = default;
Executable &Executable::operator=(Executable &&) noexcept = default;
Executable::~Executable() = default;
const std::string &Executable::name() const { return state->name; }

Executable Graph::compile(const CompileOptions &options,
                          SourceLoc where) const {
  OwningOpRef<ModuleOp> m = impl_->finishedModule(where);
  std::vector<EntryPoint> entries;
  throwOnFailure<GraphError>(impl_->context,
                             "compiling graph '" + impl_->name + "'",
                             [&]() -> LogicalResult {
                               auto e = collectEntryPoints(*m);
                               if (failed(e))
                                 return failure();
                               entries = *e;
                               return runPipeline(*m, Phase::LLVM);
                             });
  auto jit = JitModule::create(*m, entries, options.optLevel);
  if (!jit)
    throw GraphError("JIT compilation of graph '" + impl_->name +
                     "' failed: " + llvm::toString(jit.takeError()));
  auto state = std::make_unique<Executable::State>();
  state->jit = std::move(*jit);
  state->name = impl_->name;
  return Executable(std::move(state));
}

std::vector<rt::Tensor>
Executable::run(const std::vector<const rt::Tensor *> &inputs) {
  auto results = state->jit->run(state->name, inputs);
  if (!results)
    throw rt::Error(llvm::toString(results.takeError()));
  return std::move(*results);
}

void Executable::run(const std::vector<const rt::Tensor *> &inputs,
                     const std::vector<rt::Tensor *> &outputs) {
  if (llvm::Error err = state->jit->invoke(state->name, inputs, outputs))
    throw rt::Error(llvm::toString(std::move(err)));
}

void Graph::writeObject(const std::string &path, const CompileOptions &options,
                        SourceLoc where) const {
  OwningOpRef<ModuleOp> m = impl_->finishedModule(where);
  throwOnFailure<GraphError>(
      impl_->context, "compiling graph '" + impl_->name + "'",
      [&]() -> LogicalResult {
        if (failed(runPipeline(*m, Phase::LLVM)))
          return failure();
        if (llvm::Error err = writeObjectFile(*m, path, options.optLevel)) {
          emitError(m->getLoc()) << llvm::toString(std::move(err));
          return failure();
        }
        return success();
      });
}

void Graph::writeHeader(const std::string &path, SourceLoc where) const {
  OwningOpRef<ModuleOp> m = impl_->finishedModule(where);
  throwOnFailure<GraphError>(
      impl_->context, "writing the header of '" + impl_->name + "'",
      [&]() -> LogicalResult {
        auto entries = collectEntryPoints(*m);
        if (failed(entries))
          return failure();
        if (llvm::Error err = writeCHeader(*entries, impl_->name, path)) {
          emitError(m->getLoc()) << llvm::toString(std::move(err));
          return failure();
        }
        return success();
      });
}

} // namespace aicc
