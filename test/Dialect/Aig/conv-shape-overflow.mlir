// RUN: aicc-opt %s --split-input-file --verify-diagnostics
// XFAIL: *

// KNOWN BUG (lib/Dialect/Aig/IR/AigConvOps.cpp, windowOutput and
// poolOutput): the shape rules compute with int64_t attribute values that
// are only checked for sign, so large values overflow (undefined behaviour)
// and the op is accepted with a wrong result type instead of rejected:
// - windowOutput's `dilation[0] * (kernel[0] - 1) + 1` wraps: dilation 2^62
//   with a 5x5 kernel gives an extent of 1, and the conv over an 8x8 input
//   is accepted with result 1x1x8x4;
// - `h + padding[0] + padding[2]` wraps: padding INT64_MAX on top and
//   bottom gives a result 1x1x2x4;
// - poolOutput's `2 * padding[side] > kernel` wraps to a negative number for
//   padding 2^62, so a max pool with a 2x2 kernel is accepted with result
//   height 4611686018427387911 (4 + 2^62 + ...), far beyond what any
//   allocation can hold.
// Expected: a located error (checked arithmetic, e.g. llvm::checkedMul /
// checkedAdd, or an upper bound on the attributes). Remove the XFAIL line
// once fixed.

func.func @conv2d_dilation_overflow(%x: tensor<1x1x8x8xf32>, %w: tensor<1x1x5x5xf32>) {
  // expected-error @+1 {{is larger than the padded input}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [4611686018427387904, 1] groups = 1 : tensor<1x1x8x8xf32>, tensor<1x1x5x5xf32>
  return
}

// -----

func.func @conv2d_padding_overflow(%x: tensor<1x1x8x8xf32>, %w: tensor<1x1x5x5xf32>) {
  // Any error: the padded height does not fit in int64_t.
  // expected-error @+1 {{}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [9223372036854775807, 0, 9223372036854775807, 0] dilation = [1, 1] groups = 1 : tensor<1x1x8x8xf32>, tensor<1x1x5x5xf32>
  return
}

// -----

func.func @max_pool2d_padding_overflow(%x: tensor<1x1x8x8xf32>) {
  // expected-error @+1 {{is more than half the kernel 2x2}}
  %0 = aig.max_pool2d %x kernel = [2, 2] stride = [1, 1] padding = [4611686018427387904, 0, 0, 0] : tensor<1x1x8x8xf32>
  return
}
