// RUN: aicc-opt %s --split-input-file --verify-diagnostics

// Attributes so large that the shape arithmetic would overflow int64_t are
// rejected with a located error, not accepted with a wrapped result type
// (AigConvOps.cpp computes padded sizes and kernel extents with checked
// arithmetic).

func.func @conv2d_dilation_overflow(%x: tensor<1x1x8x8xf32>, %w: tensor<1x1x5x5xf32>) {
  // expected-error @+1 {{kernel 5x5 with dilation [4611686018427387904, 1] is too large (its extent overflows)}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [4611686018427387904, 1] groups = 1 : tensor<1x1x8x8xf32>, tensor<1x1x5x5xf32>
  return
}

// -----

func.func @conv2d_padding_overflow(%x: tensor<1x1x8x8xf32>, %w: tensor<1x1x5x5xf32>) {
  // expected-error @+1 {{is too large (the padded size overflows)}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [9223372036854775807, 0, 9223372036854775807, 0] dilation = [1, 1] groups = 1 : tensor<1x1x8x8xf32>, tensor<1x1x5x5xf32>
  return
}

// -----

func.func @max_pool2d_padding_overflow(%x: tensor<1x1x8x8xf32>) {
  // expected-error @+1 {{is more than half the kernel 2x2}}
  %0 = aig.max_pool2d %x kernel = [2, 2] stride = [1, 1] padding = [4611686018427387904, 0, 0, 0] : tensor<1x1x8x8xf32>
  return
}
