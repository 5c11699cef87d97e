//===- Ops.h - graph ops as free functions and operators --------*- C++ -*-===//
//
// One function per aig op. Binary ops broadcast like NumPy. Each takes an
// optional SourceLoc (captured automatically) used in errors and in the IR's
// locations.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_OPS_H
#define AICC_OPS_H

#include "aicc/Graph.h"

#include <functional>
#include <utility>
#include <vector>

namespace aicc {

enum class Cmp { EQ, NE, LT, LE, GT, GE };

// Contractions.
Tensor matmul(const Tensor &a, const Tensor &b,
              SourceLoc where = SourceLoc::current());

// Broadcasting binary ops.
Tensor add(const Tensor &a, const Tensor &b,
           SourceLoc where = SourceLoc::current());
Tensor sub(const Tensor &a, const Tensor &b,
           SourceLoc where = SourceLoc::current());
Tensor mul(const Tensor &a, const Tensor &b,
           SourceLoc where = SourceLoc::current());
Tensor div(const Tensor &a, const Tensor &b,
           SourceLoc where = SourceLoc::current());
Tensor maximum(const Tensor &a, const Tensor &b,
               SourceLoc where = SourceLoc::current());
Tensor minimum(const Tensor &a, const Tensor &b,
               SourceLoc where = SourceLoc::current());

Tensor operator+(const LocatedTensor &a, const Tensor &b);
Tensor operator-(const LocatedTensor &a, const Tensor &b);
Tensor operator*(const LocatedTensor &a, const Tensor &b);
Tensor operator/(const LocatedTensor &a, const Tensor &b);
Tensor operator+(const LocatedTensor &a, double b);
Tensor operator-(const LocatedTensor &a, double b);
Tensor operator*(const LocatedTensor &a, double b);
Tensor operator/(const LocatedTensor &a, double b);
Tensor operator+(double a, const LocatedTensor &b);
Tensor operator-(double a, const LocatedTensor &b);
Tensor operator*(double a, const LocatedTensor &b);
Tensor operator/(double a, const LocatedTensor &b);
Tensor operator-(const LocatedTensor &a);

// Elementwise unary ops.
Tensor neg(const Tensor &x, SourceLoc where = SourceLoc::current());
Tensor exp(const Tensor &x, SourceLoc where = SourceLoc::current());
Tensor log(const Tensor &x, SourceLoc where = SourceLoc::current());
Tensor tanh(const Tensor &x, SourceLoc where = SourceLoc::current());
Tensor sigmoid(const Tensor &x, SourceLoc where = SourceLoc::current());
Tensor relu(const Tensor &x, SourceLoc where = SourceLoc::current());
Tensor sqrt(const Tensor &x, SourceLoc where = SourceLoc::current());
Tensor rsqrt(const Tensor &x, SourceLoc where = SourceLoc::current());
Tensor abs(const Tensor &x, SourceLoc where = SourceLoc::current());
Tensor log1p(const Tensor &x, SourceLoc where = SourceLoc::current());
Tensor pow(const Tensor &x, double exponent,
           SourceLoc where = SourceLoc::current());

// Shape ops.
Tensor broadcastTo(const Tensor &x, std::vector<int64_t> shape,
                   SourceLoc where = SourceLoc::current());
/// One dimension may be -1 (inferred).
Tensor reshape(const Tensor &x, std::vector<int64_t> shape,
               SourceLoc where = SourceLoc::current());
Tensor transpose(const Tensor &x, std::vector<int64_t> permutation,
                 SourceLoc where = SourceLoc::current());
Tensor concat(const std::vector<Tensor> &xs, int64_t axis,
              SourceLoc where = SourceLoc::current());
Tensor slice(const Tensor &x, std::vector<int64_t> offsets,
             std::vector<int64_t> sizes, std::vector<int64_t> strides = {},
             SourceLoc where = SourceLoc::current());

// Reductions (negative axes count from the end).
Tensor reduceSum(const Tensor &x, std::vector<int64_t> axes,
                 bool keepdims = false, SourceLoc where = SourceLoc::current());
Tensor reduceMean(const Tensor &x, std::vector<int64_t> axes,
                  bool keepdims = false,
                  SourceLoc where = SourceLoc::current());
Tensor reduceMax(const Tensor &x, std::vector<int64_t> axes,
                 bool keepdims = false, SourceLoc where = SourceLoc::current());

// Convolution and pooling (NCHW images, OIHW filters, PyTorch's meanings).

/// `padding` has 1 value (every side), 2 (PyTorch's (h, w): top and bottom,
/// left and right) or 4 (ONNX's pads: top, left, bottom, right). `stride`
/// and `dilation` have 1 value (both dimensions) or 2 (h, w).
struct Conv2DOptions {
  std::vector<int64_t> stride = {1};
  std::vector<int64_t> padding = {0};
  std::vector<int64_t> dilation = {1};
  int64_t groups = 1;
};
/// `filter` is O x C/groups x KH x KW; `bias` (O values) may be an empty
/// Tensor for none.
Tensor conv2d(const Tensor &x, const Tensor &filter, const Tensor &bias = {},
              const Conv2DOptions &options = {},
              SourceLoc where = SourceLoc::current());

/// `stride` defaults to the kernel (PyTorch's default); `padding` as for
/// conv2d, at most half the kernel on each side.
struct Pool2DOptions {
  std::vector<int64_t> stride = {};
  std::vector<int64_t> padding = {0};
  bool countIncludePad = true; ///< avg: divide by KH*KW at the borders too
};
/// `kernel` has 1 value (square) or 2 (h, w).
Tensor maxPool2d(const Tensor &x, std::vector<int64_t> kernel,
                 const Pool2DOptions &options = {},
                 SourceLoc where = SourceLoc::current());
Tensor avgPool2d(const Tensor &x, std::vector<int64_t> kernel,
                 const Pool2DOptions &options = {},
                 SourceLoc where = SourceLoc::current());

/// Inverted dropout: with `training`, each element is zeroed with
/// probability `p` and the others are scaled by 1 / (1 - p) (PyTorch's
/// nn.Dropout), drawing the mask from the graph's random key (see
/// Graph::randomUniform); without it, the identity. `p` is in [0, 1].
Tensor dropout(const Tensor &x, double p, bool training = true,
               SourceLoc where = SourceLoc::current());

/// aig.batch_norm: per channel (dimension 1), (x - mean) / sqrt(variance +
/// epsilon) * weight + bias, with mean, variance, weight and bias of C
/// values. aicc::batchNorm2d (Layers.h) is the layer with its statistics.
Tensor batchNorm(const Tensor &x, const Tensor &mean, const Tensor &variance,
                 const Tensor &weight, const Tensor &bias,
                 double epsilon = 1e-5, SourceLoc where = SourceLoc::current());

// Normalizations.
Tensor softmax(const Tensor &x, int64_t axis,
               SourceLoc where = SourceLoc::current());
Tensor logSoftmax(const Tensor &x, int64_t axis,
                  SourceLoc where = SourceLoc::current());

// Types, comparison, selection.
Tensor cast(const Tensor &x, DType to, SourceLoc where = SourceLoc::current());
Tensor compare(Cmp predicate, const Tensor &a, const Tensor &b,
               SourceLoc where = SourceLoc::current());
Tensor select(const Tensor &condition, const Tensor &ifTrue,
              const Tensor &ifFalse, SourceLoc where = SourceLoc::current());

/// A rank-0 constant with `like`'s element type.
Tensor scalarLike(const Tensor &like, double value,
                  SourceLoc where = SourceLoc::current());

/// One-hot rows (`labels` integer, result [..., numClasses]).
Tensor oneHot(const Tensor &labels, int64_t numClasses,
              DType dtype = DType::F32, SourceLoc where = SourceLoc::current());

/// The mean and the biased variance of `x` over `axes` (keepdims false),
/// read in one pass (aig.moments): batch normalization's statistics.
std::pair<Tensor, Tensor> moments(const Tensor &x, std::vector<int64_t> axes,
                                  SourceLoc where = SourceLoc::current());

/// `np.take(table, indices, axis)`: the table with dimension `axis`
/// replaced by the shape of the integer `indices` (an embedding lookup with
/// axis 0). An index out of range is a runtime error when the compiled
/// function returns; the gradient flows into `table` only.
Tensor gather(const Tensor &table, const Tensor &indices, int64_t axis = 0,
              SourceLoc where = SourceLoc::current());

/// Uniform numbers in [0, 1) (aig.random_uniform) keyed by `key`, a
/// [seed, offset] i64 tensor, on stream `stream`: a key computed from a
/// scan's step draws new numbers at every step.
Tensor randomUniformKeyed(const Tensor &key, std::vector<int64_t> shape,
                          int64_t stream, DType dtype = DType::F32,
                          SourceLoc where = SourceLoc::current());

/// The body of a scan: given the step t (a rank-0 i64 tensor), the carried
/// values and the step's slices of the sequences, returns the carried values
/// of the next step (same shapes and dtypes) followed by the step's outputs.
using ScanBody = std::function<std::vector<Tensor>(
    const Tensor &step, const std::vector<Tensor> &carried,
    const std::vector<Tensor> &slices)>;

struct ScanResult {
  std::vector<Tensor> finals;  ///< the carried values after the last step
  std::vector<Tensor> stacked; ///< each output of the body, stacked on `axis`
};

/// A loop of `length` steps (aig.scan; backwards with `reverse`) over
/// dimension `axis` of every tensor in `sequences`, carrying `inits`.
/// `body` is called once, to build the loop body; it may use any tensor of
/// the graph (weights), whose gradients autodiff sums over the steps.
ScanResult scan(Graph &g, const std::vector<Tensor> &inits,
                const std::vector<Tensor> &sequences, int64_t length,
                int64_t axis, const ScanBody &body, bool reverse = false,
                SourceLoc where = SourceLoc::current());

/// Reverse-mode gradient of the scalar `loss` with respect to each of
/// `wrt`, built as ops of the same graph (the same VJP rules as the
/// aig-autodiff pass).
std::vector<Tensor> grad(const Tensor &loss, const std::vector<Tensor> &wrt,
                         SourceLoc where = SourceLoc::current());

} // namespace aicc

#endif // AICC_OPS_H
