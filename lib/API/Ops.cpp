//===- Ops.cpp - graph ops: build aig ops, checked where they are built ---===//
//
// Each op is built with ODS's builder and then its result type is inferred
// by the op's own shape rule, with diagnostics captured: a misuse becomes a
// GraphError naming the op, the operand types and the caller's location,
// instead of the builder's fatal error.
//
//===----------------------------------------------------------------------===//

#include "DiagnosticCapture.h"
#include "GraphImpl.h"

#include "aicc/Dialect/Aig/AigOps.h"
#include "aicc/Dialect/Aig/Autodiff.h"
#include "aicc/Ops.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;

namespace aicc {

struct OpBuilderAccess {
  static GraphImpl *graphOf(const Tensor &t) { return t.impl; }
};

namespace {

GraphImpl &graphOf(ArrayRef<Tensor> operands, StringRef opName,
                   SourceLoc where) {
  GraphImpl *g = nullptr;
  for (const Tensor &t : operands) {
    if (!t.valid())
      throwGraphError(
          fmt::format("{}: operand is an empty aicc::Tensor", opName.str()),
          where);
    GraphImpl *tg = OpBuilderAccess::graphOf(t);
    if (g && tg != g)
      throwGraphError(
          fmt::format("{}: operands belong to different graphs", opName.str()),
          where);
    g = tg;
  }
  return *g;
}

std::string operandList(ArrayRef<Tensor> operands) {
  std::vector<std::string> types;
  for (const Tensor &t : operands)
    types.push_back(t.typeString());
  return fmt::format("{}", fmt::join(types, ", "));
}

/// Builds `OpTy` from `args` (ODS builder arguments after the result type)
/// and infers its result type, throwing GraphError on failure.
template <typename OpTy, typename... Args>
Operation *buildOp(SourceLoc where, ArrayRef<Tensor> operands, Args &&...args) {
  StringRef opName = OpTy::getOperationName();
  GraphImpl &g = graphOf(operands, opName, where);
  MLIRContext *ctx = &g.context;
  Location loc = g.location(where);
  OperationState state(loc, opName);
  OpTy::build(g.builder, state, NoneType::get(ctx),
              std::forward<Args>(args)...);
  state.types.clear();

  DiagnosticCapture diagnostics(*ctx, /*withLocations=*/false, "; ");
  auto error = [&]() {
    const std::string &message = diagnostics.text;
    throwGraphError(fmt::format("{}: {} (operands: {})", opName.str(),
                                message.empty() ? "invalid operands" : message,
                                operandList(operands)),
                    where);
  };
  SmallVector<Type> types;
  if (failed(OpTy::inferReturnTypes(
          ctx, loc, state.operands, state.attributes.getDictionary(ctx),
          state.getRawProperties(), state.regions, types)))
    error();
  state.addTypes(types);
  Operation *op = g.builder.create(state);
  // The ODS constraints (e.g. float-only ops) are checked by the verifier.
  if (failed(verify(op, /*verifyRecursively=*/false))) {
    op->erase();
    error();
  }
  return op;
}

/// buildOp for an op with one result.
template <typename OpTy, typename... Args>
Tensor build(SourceLoc where, ArrayRef<Tensor> operands, Args &&...args) {
  Operation *op = buildOp<OpTy>(where, operands, std::forward<Args>(args)...);
  return OpBuilderAccess::graphOf(operands.front())->wrap(op->getResult(0));
}

Value v(const Tensor &t) { return GraphImpl::unwrap(t); }

} // namespace

/// A rank-0 constant of `like`'s element type.
Tensor scalarLike(const Tensor &like, double value, SourceLoc where) {
  GraphImpl &g = graphOf({like}, "constant", where);
  return g.wrap(aig::createScalarLike(g.builder, g.location(where),
                                      v(like).getType(), value));
}

namespace {

DenseI64ArrayAttr i64s(const Tensor &t, ArrayRef<int64_t> values) {
  return DenseI64ArrayAttr::get(&OpBuilderAccess::graphOf(t)->context, values);
}

template <typename OpTy>
Tensor binary(const Tensor &a, const Tensor &b, SourceLoc where) {
  return build<OpTy>(where, {a, b}, v(a), v(b));
}

template <typename OpTy> Tensor unary(const Tensor &x, SourceLoc where) {
  return build<OpTy>(where, {x}, v(x));
}

} // namespace

Tensor matmul(const Tensor &a, const Tensor &b, SourceLoc where) {
  return binary<aig::MatmulOp>(a, b, where);
}
Tensor add(const Tensor &a, const Tensor &b, SourceLoc where) {
  return binary<aig::AddOp>(a, b, where);
}
Tensor sub(const Tensor &a, const Tensor &b, SourceLoc where) {
  return binary<aig::SubOp>(a, b, where);
}
Tensor mul(const Tensor &a, const Tensor &b, SourceLoc where) {
  return binary<aig::MulOp>(a, b, where);
}
Tensor div(const Tensor &a, const Tensor &b, SourceLoc where) {
  return binary<aig::DivOp>(a, b, where);
}
Tensor maximum(const Tensor &a, const Tensor &b, SourceLoc where) {
  return binary<aig::MaximumOp>(a, b, where);
}
Tensor minimum(const Tensor &a, const Tensor &b, SourceLoc where) {
  return binary<aig::MinimumOp>(a, b, where);
}

Tensor operator+(const LocatedTensor &a, const Tensor &b) {
  return add(a.tensor, b, a.where);
}
Tensor operator-(const LocatedTensor &a, const Tensor &b) {
  return sub(a.tensor, b, a.where);
}
Tensor operator*(const LocatedTensor &a, const Tensor &b) {
  return mul(a.tensor, b, a.where);
}
Tensor operator/(const LocatedTensor &a, const Tensor &b) {
  return div(a.tensor, b, a.where);
}
Tensor operator+(const LocatedTensor &a, double b) {
  return add(a.tensor, scalarLike(a.tensor, b, a.where), a.where);
}
Tensor operator-(const LocatedTensor &a, double b) {
  return sub(a.tensor, scalarLike(a.tensor, b, a.where), a.where);
}
Tensor operator*(const LocatedTensor &a, double b) {
  return mul(a.tensor, scalarLike(a.tensor, b, a.where), a.where);
}
Tensor operator/(const LocatedTensor &a, double b) {
  return div(a.tensor, scalarLike(a.tensor, b, a.where), a.where);
}
Tensor operator+(double a, const LocatedTensor &b) {
  return add(scalarLike(b.tensor, a, b.where), b.tensor, b.where);
}
Tensor operator-(double a, const LocatedTensor &b) {
  return sub(scalarLike(b.tensor, a, b.where), b.tensor, b.where);
}
Tensor operator*(double a, const LocatedTensor &b) {
  return mul(scalarLike(b.tensor, a, b.where), b.tensor, b.where);
}
Tensor operator/(double a, const LocatedTensor &b) {
  return div(scalarLike(b.tensor, a, b.where), b.tensor, b.where);
}
Tensor operator-(const LocatedTensor &a) { return neg(a.tensor, a.where); }

Tensor neg(const Tensor &x, SourceLoc where) {
  return unary<aig::NegOp>(x, where);
}
Tensor exp(const Tensor &x, SourceLoc where) {
  return unary<aig::ExpOp>(x, where);
}
Tensor log(const Tensor &x, SourceLoc where) {
  return unary<aig::LogOp>(x, where);
}
Tensor tanh(const Tensor &x, SourceLoc where) {
  return unary<aig::TanhOp>(x, where);
}
Tensor sigmoid(const Tensor &x, SourceLoc where) {
  return unary<aig::SigmoidOp>(x, where);
}
Tensor relu(const Tensor &x, SourceLoc where) {
  return unary<aig::ReluOp>(x, where);
}
Tensor sqrt(const Tensor &x, SourceLoc where) {
  return unary<aig::SqrtOp>(x, where);
}
Tensor rsqrt(const Tensor &x, SourceLoc where) {
  return unary<aig::RsqrtOp>(x, where);
}
Tensor abs(const Tensor &x, SourceLoc where) {
  return unary<aig::AbsOp>(x, where);
}
Tensor log1p(const Tensor &x, SourceLoc where) {
  return unary<aig::Log1pOp>(x, where);
}
Tensor pow(const Tensor &x, double exponent, SourceLoc where) {
  GraphImpl &g = graphOf({x}, "aig.pow", where);
  return build<aig::PowOp>(
      where, {x}, v(x), FloatAttr::get(Float64Type::get(&g.context), exponent));
}

Tensor broadcastTo(const Tensor &x, std::vector<int64_t> shape,
                   SourceLoc where) {
  return build<aig::BroadcastToOp>(where, {x}, v(x), i64s(x, shape));
}
Tensor reshape(const Tensor &x, std::vector<int64_t> shape, SourceLoc where) {
  return build<aig::ReshapeOp>(where, {x}, v(x), i64s(x, shape));
}
Tensor transpose(const Tensor &x, std::vector<int64_t> permutation,
                 SourceLoc where) {
  return build<aig::TransposeOp>(where, {x}, v(x), i64s(x, permutation));
}
Tensor concat(const std::vector<Tensor> &xs, int64_t axis, SourceLoc where) {
  if (xs.empty())
    throwGraphError("aig.concat: requires at least one input", where);
  SmallVector<Value> values;
  for (const Tensor &t : xs)
    values.push_back(v(t));
  GraphImpl &g = graphOf(xs, "aig.concat", where);
  return build<aig::ConcatOp>(
      where, xs, ValueRange(values),
      IntegerAttr::get(IntegerType::get(&g.context, 64), axis));
}
Tensor slice(const Tensor &x, std::vector<int64_t> offsets,
             std::vector<int64_t> sizes, std::vector<int64_t> strides,
             SourceLoc where) {
  if (strides.empty())
    strides.assign(offsets.size(), 1);
  return build<aig::SliceOp>(where, {x}, v(x), i64s(x, offsets), i64s(x, sizes),
                             i64s(x, strides));
}

namespace {
/// A (h, w) pair from 1 or 2 values.
std::vector<int64_t> pairOf(const std::vector<int64_t> &values,
                            const char *what, const char *opName,
                            SourceLoc where) {
  if (values.size() == 1)
    return {values[0], values[0]};
  if (values.size() == 2)
    return values;
  throwGraphError(fmt::format("{}: {} needs 1 or 2 values (h, w), got {}",
                              opName, what, values.size()),
                  where);
}

/// [top, left, bottom, right] from 1, 2 (h, w) or 4 values.
std::vector<int64_t> paddingOf(const std::vector<int64_t> &p,
                               const char *opName, SourceLoc where) {
  if (p.size() == 1)
    return {p[0], p[0], p[0], p[0]};
  if (p.size() == 2)
    return {p[0], p[1], p[0], p[1]};
  if (p.size() == 4)
    return p;
  throwGraphError(fmt::format("{}: padding needs 1, 2 (h, w) or 4 (top, "
                              "left, bottom, right) values, got {}",
                              opName, p.size()),
                  where);
}
} // namespace

Tensor conv2d(const Tensor &x, const Tensor &filter, const Tensor &bias,
              const Conv2DOptions &o, SourceLoc where) {
  const char *name = "aig.conv2d";
  std::vector<Tensor> operands = {x, filter};
  if (bias.valid())
    operands.push_back(bias);
  graphOf(operands, name, where); // operands are valid before i64s reads x
  return build<aig::Conv2DOp>(
      where, operands, v(x), v(filter), bias.valid() ? v(bias) : Value(),
      i64s(x, pairOf(o.stride, "stride", name, where)),
      i64s(x, paddingOf(o.padding, name, where)),
      i64s(x, pairOf(o.dilation, "dilation", name, where)),
      static_cast<uint64_t>(o.groups));
}

template <typename OpTy>
static Tensor pool(const Tensor &x, std::vector<int64_t> kernel,
                   const Pool2DOptions &o, SourceLoc where,
                   bool withCountFlag) {
  const char *name = withCountFlag ? "aig.avg_pool2d" : "aig.max_pool2d";
  graphOf({x}, name, where);
  std::vector<int64_t> k = pairOf(kernel, "kernel", name, where);
  std::vector<int64_t> stride =
      o.stride.empty() ? k : pairOf(o.stride, "stride", name, where);
  std::vector<int64_t> padding = paddingOf(o.padding, name, where);
  if constexpr (std::is_same_v<OpTy, aig::AvgPool2DOp>)
    return build<OpTy>(where, {x}, v(x), i64s(x, k), i64s(x, stride),
                       i64s(x, padding), o.countIncludePad);
  else
    return build<OpTy>(where, {x}, v(x), i64s(x, k), i64s(x, stride),
                       i64s(x, padding));
}

Tensor maxPool2d(const Tensor &x, std::vector<int64_t> kernel,
                 const Pool2DOptions &options, SourceLoc where) {
  return pool<aig::MaxPool2DOp>(x, std::move(kernel), options, where, false);
}

Tensor avgPool2d(const Tensor &x, std::vector<int64_t> kernel,
                 const Pool2DOptions &options, SourceLoc where) {
  return pool<aig::AvgPool2DOp>(x, std::move(kernel), options, where, true);
}

Tensor batchNorm(const Tensor &x, const Tensor &mean, const Tensor &variance,
                 const Tensor &weight, const Tensor &bias, double epsilon,
                 SourceLoc where) {
  return build<aig::BatchNormOp>(where, {x, mean, variance, weight, bias}, v(x),
                                 v(mean), v(variance), v(weight), v(bias),
                                 llvm::APFloat(epsilon));
}

/// A random op of `g`'s graph keyed by its rng input, on its own stream.
template <typename OpTy>
static Tensor randomOf(GraphImpl &g, std::vector<int64_t> shape, DType dtype,
                       SourceLoc where) {
  Tensor key = g.wrap(g.rng(where));
  int64_t stream = g.nextStream++;
  return build<OpTy>(where, {key}, v(key), g.builder.getI64IntegerAttr(stream),
                     i64s(key, shape),
                     TypeAttr::get(toMLIRType(&g.context, dtype)));
}

Tensor randomUniformLike(GraphImpl &g, std::vector<int64_t> shape, DType dtype,
                         SourceLoc where) {
  return randomOf<aig::RandomUniformOp>(g, std::move(shape), dtype, where);
}

Tensor randomNormalLike(GraphImpl &g, std::vector<int64_t> shape, DType dtype,
                        SourceLoc where) {
  return randomOf<aig::RandomNormalOp>(g, std::move(shape), dtype, where);
}

Tensor dropout(const Tensor &x, double p, bool training, SourceLoc where) {
  GraphImpl &g = graphOf({x}, "dropout", where);
  if (!(p >= 0.0 && p <= 1.0))
    throwGraphError(fmt::format("dropout: p must be in [0, 1], got {}", p),
                    where);
  if (!training || p == 0.0)
    return x;
  if (p == 1.0)
    return mul(x, scalarLike(x, 0.0, where), where);
  auto dtype = fromMLIRType(getElementTypeOrSelf(v(x).getType()));
  if (!dtype || !isa<FloatType>(getElementTypeOrSelf(v(x).getType())))
    throwGraphError(fmt::format("dropout: x must be a float tensor, got {}",
                                x.typeString()),
                    where);
  Tensor u = randomOf<aig::RandomUniformOp>(g, x.shape(), *dtype, where);
  Tensor keep = compare(Cmp::GE, u, scalarLike(x, p, where), where);
  return select(keep, mul(x, scalarLike(x, 1.0 / (1.0 - p), where), where),
                scalarLike(x, 0.0, where), where);
}

template <typename OpTy>
static Tensor reduce(const Tensor &x, ArrayRef<int64_t> axes, bool keepdims,
                     SourceLoc where) {
  GraphImpl &g = graphOf({x}, OpTy::getOperationName(), where);
  return build<OpTy>(where, {x}, v(x), i64s(x, axes),
                     keepdims ? UnitAttr::get(&g.context) : UnitAttr());
}
Tensor reduceSum(const Tensor &x, std::vector<int64_t> axes, bool keepdims,
                 SourceLoc where) {
  return reduce<aig::ReduceSumOp>(x, axes, keepdims, where);
}
Tensor reduceMean(const Tensor &x, std::vector<int64_t> axes, bool keepdims,
                  SourceLoc where) {
  return reduce<aig::ReduceMeanOp>(x, axes, keepdims, where);
}
Tensor reduceMax(const Tensor &x, std::vector<int64_t> axes, bool keepdims,
                 SourceLoc where) {
  return reduce<aig::ReduceMaxOp>(x, axes, keepdims, where);
}

template <typename OpTy>
static Tensor softmaxLike(const Tensor &x, int64_t axis, SourceLoc where) {
  GraphImpl &g = graphOf({x}, OpTy::getOperationName(), where);
  return build<OpTy>(where, {x}, v(x),
                     IntegerAttr::get(IntegerType::get(&g.context, 64), axis));
}
Tensor softmax(const Tensor &x, int64_t axis, SourceLoc where) {
  return softmaxLike<aig::SoftmaxOp>(x, axis, where);
}
Tensor logSoftmax(const Tensor &x, int64_t axis, SourceLoc where) {
  return softmaxLike<aig::LogSoftmaxOp>(x, axis, where);
}

Tensor cast(const Tensor &x, DType to, SourceLoc where) {
  GraphImpl &g = graphOf({x}, "aig.cast", where);
  return build<aig::CastOp>(where, {x}, v(x),
                            TypeAttr::get(toMLIRType(&g.context, to)));
}

Tensor compare(Cmp predicate, const Tensor &a, const Tensor &b,
               SourceLoc where) {
  static const aig::ComparePredicate map[] = {
      aig::ComparePredicate::eq, aig::ComparePredicate::ne,
      aig::ComparePredicate::lt, aig::ComparePredicate::le,
      aig::ComparePredicate::gt, aig::ComparePredicate::ge};
  GraphImpl &g = graphOf({a, b}, "aig.compare", where);
  return build<aig::CompareOp>(
      where, {a, b},
      aig::ComparePredicateAttr::get(&g.context,
                                     map[static_cast<int>(predicate)]),
      v(a), v(b));
}

Tensor select(const Tensor &condition, const Tensor &ifTrue,
              const Tensor &ifFalse, SourceLoc where) {
  return build<aig::SelectOp>(where, {condition, ifTrue, ifFalse}, v(condition),
                              v(ifTrue), v(ifFalse));
}

std::pair<Tensor, Tensor> moments(const Tensor &x, std::vector<int64_t> axes,
                                  SourceLoc where) {
  // A second placeholder type: buildOp passes the first.
  Operation *op = buildOp<aig::MomentsOp>(
      where, {x}, NoneType::get(&OpBuilderAccess::graphOf(x)->context), v(x),
      i64s(x, axes));
  GraphImpl &g = graphOf({x}, "aig.moments", where);
  return {g.wrap(op->getResult(0)), g.wrap(op->getResult(1))};
}

Tensor randomUniformKeyed(const Tensor &key, std::vector<int64_t> shape,
                          int64_t stream, DType dtype, SourceLoc where) {
  GraphImpl &g = graphOf({key}, "aig.random_uniform", where);
  return build<aig::RandomUniformOp>(
      where, {key}, v(key), g.builder.getI64IntegerAttr(stream),
      i64s(key, shape), TypeAttr::get(toMLIRType(&g.context, dtype)));
}

Tensor gather(const Tensor &table, const Tensor &indices, int64_t axis,
              SourceLoc where) {
  GraphImpl &g = graphOf({table, indices}, "aig.gather", where);
  return build<aig::GatherOp>(
      where, {table, indices}, v(table), v(indices),
      IntegerAttr::get(IntegerType::get(&g.context, 64), axis));
}

ScanResult scan(Graph &graph, const std::vector<Tensor> &inits,
                const std::vector<Tensor> &sequences, int64_t length,
                int64_t axis, const ScanBody &body, bool reverse,
                SourceLoc where) {
  GraphImpl &g = graph.impl();
  std::vector<Tensor> operands(inits);
  operands.insert(operands.end(), sequences.begin(), sequences.end());
  for (const Tensor &t : operands)
    if (!t.valid() || OpBuilderAccess::graphOf(t) != &g)
      throwGraphError("aig.scan: every carried value and sequence must be a "
                      "tensor of this graph",
                      where);
  if (length <= 0)
    throwGraphError(
        fmt::format("aig.scan: length must be positive, got {}", length),
        where);
  auto checkAxis = [&](const Tensor &t, const char *what) {
    std::vector<int64_t> shape = t.shape();
    if (axis < 0 || axis >= int64_t(shape.size()) || shape[axis] != length)
      throwGraphError(fmt::format("aig.scan: {} {} has no axis {} of length "
                                  "{}",
                                  what, t.typeString(), axis, length),
                      where);
  };
  for (const Tensor &t : sequences)
    checkAxis(t, "sequence");

  Location loc = g.location(where);
  // The body is built in a detached block (deleted if `body` throws), then
  // moved into the scan once the result types are known.
  auto block = std::make_unique<Block>();
  Type stepType = RankedTensorType::get({}, g.builder.getI64Type());
  Value step = block->addArgument(stepType, loc);
  std::vector<Tensor> carried, slices;
  for (const Tensor &t : inits)
    carried.push_back(g.wrap(block->addArgument(v(t).getType(), loc)));
  for (const Tensor &t : sequences) {
    auto type = mlir::cast<RankedTensorType>(v(t).getType());
    SmallVector<int64_t> shape(type.getShape());
    shape.erase(shape.begin() + axis);
    slices.push_back(g.wrap(block->addArgument(
        RankedTensorType::get(shape, type.getElementType()), loc)));
  }
  std::vector<Tensor> yielded;
  {
    OpBuilder::InsertionGuard guard(g.builder);
    g.builder.setInsertionPointToEnd(block.get());
    yielded = body(g.wrap(step), carried, slices);
    if (yielded.size() < inits.size())
      throwGraphError(fmt::format("aig.scan: the body returned {} values, "
                                  "fewer than the {} carried values",
                                  yielded.size(), inits.size()),
                      where);
    SmallVector<Value> values;
    for (const Tensor &t : yielded) {
      if (!t.valid() || OpBuilderAccess::graphOf(t) != &g)
        throwGraphError("aig.scan: the body must return tensors of this graph",
                        where);
      values.push_back(v(t));
    }
    aig::YieldOp::create(g.builder, loc, values);
  }
  SmallVector<Type> types;
  for (size_t i = 0; i < yielded.size(); ++i) {
    Type type = v(yielded[i]).getType();
    if (i < inits.size()) {
      if (type != v(inits[i]).getType())
        throwGraphError(fmt::format("aig.scan: the body returned {} for "
                                    "carried value #{}, which is {}",
                                    yielded[i].typeString(), i,
                                    inits[i].typeString()),
                        where);
      types.push_back(type);
      continue;
    }
    auto out = mlir::cast<RankedTensorType>(type);
    if (axis > out.getRank())
      throwGraphError(fmt::format("aig.scan: output #{} ({}) has no axis {} "
                                  "to stack along",
                                  i - inits.size(), yielded[i].typeString(),
                                  axis),
                      where);
    SmallVector<int64_t> shape(out.getShape());
    shape.insert(shape.begin() + axis, length);
    types.push_back(RankedTensorType::get(shape, out.getElementType()));
  }
  SmallVector<Value> initValues, sequenceValues;
  for (const Tensor &t : inits)
    initValues.push_back(v(t));
  for (const Tensor &t : sequences)
    sequenceValues.push_back(v(t));
  auto i64 = IntegerType::get(&g.context, 64);
  auto op = aig::ScanOp::create(g.builder, loc, types, initValues,
                                sequenceValues, IntegerAttr::get(i64, length),
                                IntegerAttr::get(i64, axis),
                                reverse ? g.builder.getUnitAttr() : UnitAttr());
  op.getBody().push_back(block.release());
  // A scan built inside another scan's body (still detached) is verified
  // with the outer one, once that is in place.
  bool attached = op->getBlock()->getParent() != nullptr;
  DiagnosticCapture diagnostics(g.context, /*withLocations=*/false, "; ");
  if (attached && failed(verify(op))) {
    std::string message = diagnostics.text;
    op->erase();
    throwGraphError("aig.scan: " + message, where);
  }
  ScanResult result;
  for (Value r : op.getFinals())
    result.finals.push_back(g.wrap(r));
  for (Value r : op.getStacked())
    result.stacked.push_back(g.wrap(r));
  return result;
}

Tensor oneHot(const Tensor &labels, int64_t numClasses, DType dtype,
              SourceLoc where) {
  GraphImpl &g = graphOf({labels}, "aig.one_hot", where);
  return build<aig::OneHotOp>(
      where, {labels}, v(labels),
      IntegerAttr::get(IntegerType::get(&g.context, 64), numClasses),
      TypeAttr::get(toMLIRType(&g.context, dtype)));
}

std::vector<Tensor> grad(const Tensor &loss, const std::vector<Tensor> &wrt,
                         SourceLoc where) {
  std::vector<Tensor> all = {loss};
  all.insert(all.end(), wrt.begin(), wrt.end());
  GraphImpl &g = graphOf(all, "grad", where);
  DiagnosticCapture diagnostics(g.context, /*withLocations=*/false, "; ");
  SmallVector<Value> values;
  for (const Tensor &t : wrt)
    values.push_back(v(t));
  auto grads = aig::buildGradients(g.builder, v(loss), values);
  if (failed(grads))
    throwGraphError("grad: " + diagnostics.text, where);
  std::vector<Tensor> result;
  for (Value gv : *grads)
    result.push_back(g.wrap(gv));
  return result;
}

} // namespace aicc
