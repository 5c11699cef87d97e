// RUN: aicc-opt %s --split-input-file --verify-diagnostics

// Every error of the convolution and pooling shape rules
// (lib/Dialect/Aig/IR/AigConvOps.cpp). With the custom assembly the rule
// runs while parsing and the parser reports it at the op; with the generic
// form the verifier reports it, followed by "failed to infer returned
// types" (a few cases at the end).

//===----------------------------------------------------------------------===//
// Rank and static shape of the operands
//===----------------------------------------------------------------------===//

func.func @conv2d_input_rank3(%x: tensor<1x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{input must be a rank-4 static tensor (NCHW), got 'tensor<1x28x28xf32>'}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<1x28x28xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_input_dynamic(%x: tensor<?x1x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{input must be a rank-4 static tensor (NCHW), got 'tensor<?x1x28x28xf32>'}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<?x1x28x28xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_filter_rank5(%x: tensor<8x1x28x28xf32>, %w: tensor<6x1x5x5x1xf32>) {
  // expected-error @+1 {{filter (OIHW) must be a rank-4 static tensor (NCHW), got 'tensor<6x1x5x5x1xf32>'}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<6x1x5x5x1xf32>
  return
}

// -----

func.func @conv2d_input_grad_rank2(%dy: tensor<8x6xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{result_grad must be a rank-4 static tensor (NCHW), got 'tensor<8x6xf32>'}}
  %0 = aig.conv2d_input_grad %dy, %w input_shape = [8, 1, 28, 28] stride = [1, 1] padding = [2, 2, 2, 2] dilation = [1, 1] groups = 1 : tensor<8x6xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_input_grad_filter_rank3(%dy: tensor<8x6x28x28xf32>, %w: tensor<6x5x5xf32>) {
  // expected-error @+1 {{filter (OIHW) must be a rank-4 static tensor (NCHW), got 'tensor<6x5x5xf32>'}}
  %0 = aig.conv2d_input_grad %dy, %w input_shape = [8, 1, 28, 28] stride = [1, 1] padding = [2, 2, 2, 2] dilation = [1, 1] groups = 1 : tensor<8x6x28x28xf32>, tensor<6x5x5xf32>
  return
}

// -----

func.func @conv2d_filter_grad_input_rank3(%x: tensor<1x28x28xf32>, %dy: tensor<8x6x28x28xf32>) {
  // expected-error @+1 {{input must be a rank-4 static tensor (NCHW), got 'tensor<1x28x28xf32>'}}
  %0 = aig.conv2d_filter_grad %x, %dy filter_shape = [6, 1, 5, 5] stride = [1, 1] padding = [2, 2, 2, 2] dilation = [1, 1] groups = 1 : tensor<1x28x28xf32>, tensor<8x6x28x28xf32>
  return
}

// -----

func.func @conv2d_filter_grad_grad_rank0(%x: tensor<8x1x28x28xf32>, %dy: tensor<f32>) {
  // expected-error @+1 {{result_grad must be a rank-4 static tensor (NCHW), got 'tensor<f32>'}}
  %0 = aig.conv2d_filter_grad %x, %dy filter_shape = [6, 1, 5, 5] stride = [1, 1] padding = [2, 2, 2, 2] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<f32>
  return
}

// -----

func.func @max_pool2d_rank3(%x: tensor<6x28x28xf32>) {
  // expected-error @+1 {{input must be a rank-4 static tensor (NCHW), got 'tensor<6x28x28xf32>'}}
  %0 = aig.max_pool2d %x kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0] : tensor<6x28x28xf32>
  return
}

// -----

func.func @avg_pool2d_dynamic(%x: tensor<8x6x?x28xf32>) {
  // expected-error @+1 {{input must be a rank-4 static tensor (NCHW), got 'tensor<8x6x?x28xf32>'}}
  %0 = aig.avg_pool2d %x kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0] : tensor<8x6x?x28xf32>
  return
}

// -----

func.func @max_pool2d_grad_input_rank5(%x: tensor<1x8x6x28x28xf32>, %dy: tensor<8x6x14x14xf32>) {
  // expected-error @+1 {{input must be a rank-4 static tensor (NCHW), got 'tensor<1x8x6x28x28xf32>'}}
  %0 = aig.max_pool2d_grad %x, %dy kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0] : tensor<1x8x6x28x28xf32>, tensor<8x6x14x14xf32>
  return
}

// -----

func.func @max_pool2d_grad_grad_rank3(%x: tensor<8x6x28x28xf32>, %dy: tensor<6x14x14xf32>) {
  // expected-error @+1 {{result_grad must be a rank-4 static tensor (NCHW), got 'tensor<6x14x14xf32>'}}
  %0 = aig.max_pool2d_grad %x, %dy kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0] : tensor<8x6x28x28xf32>, tensor<6x14x14xf32>
  return
}

// -----

func.func @avg_pool2d_grad_rank3(%dy: tensor<6x14x14xf32>) {
  // expected-error @+1 {{result_grad must be a rank-4 static tensor (NCHW), got 'tensor<6x14x14xf32>'}}
  %0 = aig.avg_pool2d_grad %dy input_shape = [8, 6, 28, 28] kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0] : tensor<6x14x14xf32>
  return
}

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

// -----

func.func @conv2d_element_type(%x: tensor<8x1x28x28xf32>, %w: tensor<6x1x5x5xf16>) {
  // expected-error @+1 {{operands have different element types: 'f32' and 'f16'}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<6x1x5x5xf16>
  return
}

// -----

func.func @conv2d_bias_element_type(%x: tensor<8x1x28x28xf32>, %w: tensor<6x1x5x5xf32>, %b: tensor<6xf64>) {
  // expected-error @+1 {{operands have different element types: 'f32' and 'f64'}}
  %0 = aig.conv2d %x, %w, %b stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf64>
  return
}

// -----

func.func @conv2d_input_grad_element_type(%dy: tensor<8x6x24x24xbf16>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{operands have different element types: 'bf16' and 'f32'}}
  %0 = aig.conv2d_input_grad %dy, %w input_shape = [8, 1, 28, 28] stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x6x24x24xbf16>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_filter_grad_element_type(%x: tensor<8x1x28x28xf64>, %dy: tensor<8x6x24x24xf32>) {
  // expected-error @+1 {{operands have different element types: 'f64' and 'f32'}}
  %0 = aig.conv2d_filter_grad %x, %dy filter_shape = [6, 1, 5, 5] stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf64>, tensor<8x6x24x24xf32>
  return
}

// -----

func.func @max_pool2d_grad_element_type(%x: tensor<8x6x28x28xf32>, %dy: tensor<8x6x14x14xf16>) {
  // expected-error @+1 {{operands have different element types: 'f32' and 'f16'}}
  %0 = aig.max_pool2d_grad %x, %dy kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0] : tensor<8x6x28x28xf32>, tensor<8x6x14x14xf16>
  return
}

//===----------------------------------------------------------------------===//
// Channels and groups
//===----------------------------------------------------------------------===//

// -----

func.func @conv2d_channel_mismatch(%x: tensor<8x3x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{channel mismatch: input 8x3x28x28 has 3 channels but filter 6x1x5x5 with groups = 1 expects 1}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x3x28x28xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

// Divisible by groups everywhere, but the filter holds C/G = 2 channels
// per group where the input has 4/2.
func.func @conv2d_channel_mismatch_groups(%x: tensor<8x4x9x9xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{channel mismatch: input 8x4x9x9 has 4 channels but filter 6x4x3x3 with groups = 2 expects 8}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 2 : tensor<8x4x9x9xf32>, tensor<6x4x3x3xf32>
  return
}

// -----

func.func @conv2d_input_channels_groups(%x: tensor<8x3x9x9xf32>, %w: tensor<6x1x3x3xf32>) {
  // expected-error @+1 {{input channels (3) are not divisible by groups (2)}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 2 : tensor<8x3x9x9xf32>, tensor<6x1x3x3xf32>
  return
}

// -----

func.func @conv2d_output_channels_groups(%x: tensor<8x4x9x9xf32>, %w: tensor<5x2x3x3xf32>) {
  // expected-error @+1 {{output channels (5) are not divisible by groups (2)}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 2 : tensor<8x4x9x9xf32>, tensor<5x2x3x3xf32>
  return
}

// -----

func.func @conv2d_groups_zero(%x: tensor<8x4x9x9xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{groups must be positive, got 0}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 0 : tensor<8x4x9x9xf32>, tensor<6x4x3x3xf32>
  return
}

// -----

func.func @conv2d_groups_negative(%x: tensor<8x4x9x9xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{groups must be positive, got -2}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = -2 : tensor<8x4x9x9xf32>, tensor<6x4x3x3xf32>
  return
}

// -----

// The grad ops check input_shape / filter_shape against the other operand
// with the same rule.
func.func @conv2d_input_grad_channel_mismatch(%dy: tensor<8x6x24x24xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{channel mismatch: input 8x3x28x28 has 3 channels but filter 6x1x5x5 with groups = 1 expects 1}}
  %0 = aig.conv2d_input_grad %dy, %w input_shape = [8, 3, 28, 28] stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x6x24x24xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_input_grad_groups(%dy: tensor<8x6x24x24xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{input channels (3) are not divisible by groups (2)}}
  %0 = aig.conv2d_input_grad %dy, %w input_shape = [8, 3, 28, 28] stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 2 : tensor<8x6x24x24xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_filter_grad_channel_mismatch(%x: tensor<8x2x28x28xf32>, %dy: tensor<8x6x24x24xf32>) {
  // expected-error @+1 {{channel mismatch: input 8x2x28x28 has 2 channels but filter 6x1x5x5 with groups = 1 expects 1}}
  %0 = aig.conv2d_filter_grad %x, %dy filter_shape = [6, 1, 5, 5] stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x2x28x28xf32>, tensor<8x6x24x24xf32>
  return
}

// -----

func.func @conv2d_filter_grad_groups(%x: tensor<8x2x28x28xf32>, %dy: tensor<8x3x24x24xf32>) {
  // expected-error @+1 {{output channels (3) are not divisible by groups (2)}}
  %0 = aig.conv2d_filter_grad %x, %dy filter_shape = [3, 1, 5, 5] stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 2 : tensor<8x2x28x28xf32>, tensor<8x3x24x24xf32>
  return
}

// -----

func.func @conv2d_filter_empty_window(%x: tensor<8x1x28x28xf32>, %w: tensor<6x1x0x5xf32>) {
  // expected-error @+1 {{filter 6x1x0x5 has an empty window}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<6x1x0x5xf32>
  return
}

//===----------------------------------------------------------------------===//
// Bias
//===----------------------------------------------------------------------===//

// -----

func.func @conv2d_bias_size(%x: tensor<8x1x28x28xf32>, %w: tensor<6x1x5x5xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{bias must have 6 elements (one per output channel), got 'tensor<5xf32>'}}
  %0 = aig.conv2d %x, %w, %b stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<5xf32>
  return
}

// -----

func.func @conv2d_bias_rank(%x: tensor<8x1x28x28xf32>, %w: tensor<6x1x5x5xf32>, %b: tensor<1x6xf32>) {
  // expected-error @+1 {{bias must have 6 elements (one per output channel), got 'tensor<1x6xf32>'}}
  %0 = aig.conv2d %x, %w, %b stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<1x6xf32>
  return
}

//===----------------------------------------------------------------------===//
// Kernel larger than the padded input
//===----------------------------------------------------------------------===//

// -----

func.func @conv2d_kernel_too_large(%x: tensor<8x1x4x4xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{kernel 5x5 (5x5 with dilation) is larger than the padded input 4x4}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x1x4x4xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

// Padding on one side only is not enough in w: 4 + 0 + 0 < 5.
func.func @conv2d_kernel_too_large_padded(%x: tensor<8x1x4x4xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{kernel 5x5 (5x5 with dilation) is larger than the padded input 5x4}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [1, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x1x4x4xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

// A 3x3 kernel dilated by 3 spans 7x7.
func.func @conv2d_kernel_too_large_dilated(%x: tensor<8x1x6x9xf32>, %w: tensor<6x1x3x3xf32>) {
  // expected-error @+1 {{kernel 3x3 (7x7 with dilation) is larger than the padded input 6x9}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [3, 3] groups = 1 : tensor<8x1x6x9xf32>, tensor<6x1x3x3xf32>
  return
}

// -----

func.func @conv2d_input_grad_kernel_too_large(%dy: tensor<8x6x1x1xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{kernel 5x5 (5x5 with dilation) is larger than the padded input 4x4}}
  %0 = aig.conv2d_input_grad %dy, %w input_shape = [8, 1, 4, 4] stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x6x1x1xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_filter_grad_kernel_too_large(%x: tensor<8x1x4x4xf32>, %dy: tensor<8x6x1x1xf32>) {
  // expected-error @+1 {{kernel 5x5 (5x5 with dilation) is larger than the padded input 4x4}}
  %0 = aig.conv2d_filter_grad %x, %dy filter_shape = [6, 1, 5, 5] stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x1x4x4xf32>, tensor<8x6x1x1xf32>
  return
}

// -----

func.func @max_pool2d_kernel_too_large(%x: tensor<8x6x3x3xf32>) {
  // expected-error @+1 {{kernel 4x2 (4x2 with dilation) is larger than the padded input 3x3}}
  %0 = aig.max_pool2d %x kernel = [4, 2] stride = [1, 1] padding = [0, 0, 0, 0] : tensor<8x6x3x3xf32>
  return
}

// -----

func.func @avg_pool2d_grad_kernel_too_large(%dy: tensor<8x6x1x1xf32>) {
  // expected-error @+1 {{kernel 2x4 (2x4 with dilation) is larger than the padded input 3x3}}
  %0 = aig.avg_pool2d_grad %dy input_shape = [8, 6, 3, 3] kernel = [2, 4] stride = [1, 1] padding = [0, 0, 0, 0] : tensor<8x6x1x1xf32>
  return
}

//===----------------------------------------------------------------------===//
// Padding
//===----------------------------------------------------------------------===//

// -----

func.func @conv2d_negative_padding(%x: tensor<8x1x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{padding must not be negative, got [2, -1, 2, 2]}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [2, -1, 2, 2] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_padding_length(%x: tensor<8x1x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{padding must have 4 values (top, left, bottom, right), got 2}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [2, 2] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_input_grad_negative_padding(%dy: tensor<8x6x24x24xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{padding must not be negative, got [0, 0, 0, -3]}}
  %0 = aig.conv2d_input_grad %dy, %w input_shape = [8, 1, 28, 28] stride = [1, 1] padding = [0, 0, 0, -3] dilation = [1, 1] groups = 1 : tensor<8x6x24x24xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_filter_grad_padding_length(%x: tensor<8x1x28x28xf32>, %dy: tensor<8x6x24x24xf32>) {
  // expected-error @+1 {{padding must have 4 values (top, left, bottom, right), got 1}}
  %0 = aig.conv2d_filter_grad %x, %dy filter_shape = [6, 1, 5, 5] stride = [1, 1] padding = [0] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<8x6x24x24xf32>
  return
}

// -----

func.func @max_pool2d_negative_padding(%x: tensor<8x6x28x28xf32>) {
  // expected-error @+1 {{padding must not be negative, got [-1, 0, 0, 0]}}
  %0 = aig.max_pool2d %x kernel = [2, 2] stride = [2, 2] padding = [-1, 0, 0, 0] : tensor<8x6x28x28xf32>
  return
}

// -----

func.func @avg_pool2d_padding_length(%x: tensor<8x6x28x28xf32>) {
  // expected-error @+1 {{padding must have 4 values (top, left, bottom, right), got 5}}
  %0 = aig.avg_pool2d %x kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0, 0] : tensor<8x6x28x28xf32>
  return
}

// -----

// PyTorch's rule: pool padding at most half the kernel (per dimension: top
// and bottom against kernel h, left and right against kernel w).
func.func @max_pool2d_padding_half_kernel(%x: tensor<8x6x28x28xf32>) {
  // expected-error @+1 {{padding 2 is more than half the kernel 3x3}}
  %0 = aig.max_pool2d %x kernel = [3, 3] stride = [1, 1] padding = [0, 0, 2, 0] : tensor<8x6x28x28xf32>
  return
}

// -----

// Left padding 2 fits kernel h = 4 but not kernel w = 3.
func.func @avg_pool2d_padding_half_kernel_w(%x: tensor<8x6x28x28xf32>) {
  // expected-error @+1 {{padding 2 is more than half the kernel 4x3}}
  %0 = aig.avg_pool2d %x kernel = [4, 3] stride = [1, 1] padding = [2, 2, 0, 0] count_include_pad : tensor<8x6x28x28xf32>
  return
}

// -----

func.func @max_pool2d_grad_padding_half_kernel(%x: tensor<8x6x28x28xf32>, %dy: tensor<8x6x15x15xf32>) {
  // expected-error @+1 {{padding 2 is more than half the kernel 2x2}}
  %0 = aig.max_pool2d_grad %x, %dy kernel = [2, 2] stride = [2, 2] padding = [0, 2, 0, 0] : tensor<8x6x28x28xf32>, tensor<8x6x15x15xf32>
  return
}

// -----

func.func @avg_pool2d_grad_padding_half_kernel(%dy: tensor<8x6x15x15xf32>) {
  // expected-error @+1 {{padding 3 is more than half the kernel 2x2}}
  %0 = aig.avg_pool2d_grad %dy input_shape = [8, 6, 28, 28] kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 3] : tensor<8x6x15x15xf32>
  return
}

//===----------------------------------------------------------------------===//
// Stride, dilation and kernel: length and sign
//===----------------------------------------------------------------------===//

// -----

func.func @conv2d_zero_stride(%x: tensor<8x1x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{stride must be positive, got [0, 1]}}
  %0 = aig.conv2d %x, %w stride = [0, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_negative_stride(%x: tensor<8x1x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{stride must be positive, got [1, -2]}}
  %0 = aig.conv2d %x, %w stride = [1, -2] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_stride_length(%x: tensor<8x1x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{stride must have 2 values (h, w), got 3}}
  %0 = aig.conv2d %x, %w stride = [1, 1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_zero_dilation(%x: tensor<8x1x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{dilation must be positive, got [1, 0]}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 0] groups = 1 : tensor<8x1x28x28xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_negative_dilation(%x: tensor<8x1x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{dilation must be positive, got [-1, 1]}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [-1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_dilation_length(%x: tensor<8x1x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{dilation must have 2 values (h, w), got 1}}
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1] groups = 1 : tensor<8x1x28x28xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_input_grad_zero_stride(%dy: tensor<8x6x24x24xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{stride must be positive, got [0, 0]}}
  %0 = aig.conv2d_input_grad %dy, %w input_shape = [8, 1, 28, 28] stride = [0, 0] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x6x24x24xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_filter_grad_zero_dilation(%x: tensor<8x1x28x28xf32>, %dy: tensor<8x6x24x24xf32>) {
  // expected-error @+1 {{dilation must be positive, got [0, 1]}}
  %0 = aig.conv2d_filter_grad %x, %dy filter_shape = [6, 1, 5, 5] stride = [1, 1] padding = [0, 0, 0, 0] dilation = [0, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<8x6x24x24xf32>
  return
}

// -----

func.func @max_pool2d_zero_stride(%x: tensor<8x6x28x28xf32>) {
  // expected-error @+1 {{stride must be positive, got [2, 0]}}
  %0 = aig.max_pool2d %x kernel = [2, 2] stride = [2, 0] padding = [0, 0, 0, 0] : tensor<8x6x28x28xf32>
  return
}

// -----

func.func @avg_pool2d_stride_length(%x: tensor<8x6x28x28xf32>) {
  // expected-error @+1 {{stride must have 2 values (h, w), got 1}}
  %0 = aig.avg_pool2d %x kernel = [2, 2] stride = [2] padding = [0, 0, 0, 0] : tensor<8x6x28x28xf32>
  return
}

// -----

func.func @max_pool2d_zero_kernel(%x: tensor<8x6x28x28xf32>) {
  // expected-error @+1 {{kernel must be positive, got [0, 2]}}
  %0 = aig.max_pool2d %x kernel = [0, 2] stride = [2, 2] padding = [0, 0, 0, 0] : tensor<8x6x28x28xf32>
  return
}

// -----

func.func @avg_pool2d_negative_kernel(%x: tensor<8x6x28x28xf32>) {
  // expected-error @+1 {{kernel must be positive, got [2, -2]}}
  %0 = aig.avg_pool2d %x kernel = [2, -2] stride = [2, 2] padding = [0, 0, 0, 0] : tensor<8x6x28x28xf32>
  return
}

// -----

func.func @max_pool2d_kernel_length(%x: tensor<8x6x28x28xf32>) {
  // expected-error @+1 {{kernel must have 2 values (h, w), got 3}}
  %0 = aig.max_pool2d %x kernel = [2, 2, 2] stride = [2, 2] padding = [0, 0, 0, 0] : tensor<8x6x28x28xf32>
  return
}

// -----

func.func @max_pool2d_grad_kernel_length(%x: tensor<8x6x28x28xf32>, %dy: tensor<8x6x14x14xf32>) {
  // expected-error @+1 {{kernel must have 2 values (h, w), got 1}}
  %0 = aig.max_pool2d_grad %x, %dy kernel = [2] stride = [2, 2] padding = [0, 0, 0, 0] : tensor<8x6x28x28xf32>, tensor<8x6x14x14xf32>
  return
}

// -----

func.func @avg_pool2d_grad_zero_stride(%dy: tensor<8x6x14x14xf32>) {
  // expected-error @+1 {{stride must be positive, got [0, 2]}}
  %0 = aig.avg_pool2d_grad %dy input_shape = [8, 6, 28, 28] kernel = [2, 2] stride = [0, 2] padding = [0, 0, 0, 0] : tensor<8x6x14x14xf32>
  return
}

//===----------------------------------------------------------------------===//
// input_shape / filter_shape attributes of the grad ops
//===----------------------------------------------------------------------===//

// -----

func.func @conv2d_input_grad_shape_length(%dy: tensor<8x6x24x24xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{input_shape must have 4 values, got 3}}
  %0 = aig.conv2d_input_grad %dy, %w input_shape = [1, 28, 28] stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x6x24x24xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_input_grad_shape_positive(%dy: tensor<8x6x24x24xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{input_shape must be positive, got [8x0x28x28]}}
  %0 = aig.conv2d_input_grad %dy, %w input_shape = [8, 0, 28, 28] stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x6x24x24xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_filter_grad_shape_length(%x: tensor<8x1x28x28xf32>, %dy: tensor<8x6x24x24xf32>) {
  // expected-error @+1 {{filter_shape must have 4 values, got 5}}
  %0 = aig.conv2d_filter_grad %x, %dy filter_shape = [6, 1, 5, 5, 1] stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<8x6x24x24xf32>
  return
}

// -----

func.func @conv2d_filter_grad_shape_positive(%x: tensor<8x1x28x28xf32>, %dy: tensor<8x6x24x24xf32>) {
  // expected-error @+1 {{filter_shape must be positive, got [6x1x-5x5]}}
  %0 = aig.conv2d_filter_grad %x, %dy filter_shape = [6, 1, -5, 5] stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<8x6x24x24xf32>
  return
}

// -----

func.func @avg_pool2d_grad_shape_length(%dy: tensor<8x6x14x14xf32>) {
  // expected-error @+1 {{input_shape must have 4 values, got 2}}
  %0 = aig.avg_pool2d_grad %dy input_shape = [28, 28] kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0] : tensor<8x6x14x14xf32>
  return
}

// -----

func.func @avg_pool2d_grad_shape_positive(%dy: tensor<8x6x14x14xf32>) {
  // expected-error @+1 {{input_shape must be positive, got [0x6x28x28]}}
  %0 = aig.avg_pool2d_grad %dy input_shape = [0, 6, 28, 28] kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0] : tensor<8x6x14x14xf32>
  return
}

//===----------------------------------------------------------------------===//
// Result gradient that does not match the forward result
//===----------------------------------------------------------------------===//

// -----

func.func @conv2d_input_grad_result_grad(%dy: tensor<8x6x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{result gradient 8x6x28x28 does not match the forward result 8x6x24x24}}
  %0 = aig.conv2d_input_grad %dy, %w input_shape = [8, 1, 28, 28] stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x6x28x28xf32>, tensor<6x1x5x5xf32>
  return
}

// -----

// The batch differs.
func.func @conv2d_filter_grad_result_grad(%x: tensor<8x1x28x28xf32>, %dy: tensor<4x6x28x28xf32>) {
  // expected-error @+1 {{result gradient 4x6x28x28 does not match the forward result 8x6x28x28}}
  %0 = aig.conv2d_filter_grad %x, %dy filter_shape = [6, 1, 5, 5] stride = [1, 1] padding = [2, 2, 2, 2] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<4x6x28x28xf32>
  return
}

// -----

func.func @max_pool2d_grad_result_grad(%x: tensor<8x6x28x28xf32>, %dy: tensor<8x6x28x28xf32>) {
  // expected-error @+1 {{result gradient 8x6x28x28 does not match the forward result 8x6x14x14}}
  %0 = aig.max_pool2d_grad %x, %dy kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0] : tensor<8x6x28x28xf32>, tensor<8x6x28x28xf32>
  return
}

// -----

// The channels differ.
func.func @avg_pool2d_grad_result_grad(%dy: tensor<8x16x14x14xf32>) {
  // expected-error @+1 {{result gradient 8x16x14x14 does not match the forward result 8x6x14x14}}
  %0 = aig.avg_pool2d_grad %dy input_shape = [8, 6, 28, 28] kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0] count_include_pad : tensor<8x16x14x14xf32>
  return
}

//===----------------------------------------------------------------------===//
// Generic form: the verifier reports the same rules
//===----------------------------------------------------------------------===//

// -----

func.func @conv2d_channel_mismatch_generic(%x: tensor<8x3x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+2 {{channel mismatch: input 8x3x28x28 has 3 channels but filter 6x1x5x5 with groups = 1 expects 1}}
  // expected-error @+1 {{'aig.conv2d' op failed to infer returned types}}
  %0 = "aig.conv2d"(%x, %w) <{dilation = array<i64: 1, 1>, groups = 1 : i64, padding = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}> : (tensor<8x3x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<8x6x24x24xf32>
  return
}

// -----

// Valid operands, a result type that is not the inferred one.
func.func @conv2d_wrong_result_generic(%x: tensor<8x1x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+2 {{'aig.conv2d' op inferred type(s) 'tensor<8x6x24x24xf32>' are incompatible with return type(s) of operation 'tensor<8x6x28x28xf32>'}}
  // expected-error @+1 {{'aig.conv2d' op failed to infer returned types}}
  %0 = "aig.conv2d"(%x, %w) <{dilation = array<i64: 1, 1>, groups = 1 : i64, padding = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}> : (tensor<8x1x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<8x6x28x28xf32>
  return
}

// -----

func.func @max_pool2d_padding_half_kernel_generic(%x: tensor<8x6x28x28xf32>) {
  // expected-error @+2 {{padding 2 is more than half the kernel 2x2}}
  // expected-error @+1 {{'aig.max_pool2d' op failed to infer returned types}}
  %0 = "aig.max_pool2d"(%x) <{kernel = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>, stride = array<i64: 2, 2>}> : (tensor<8x6x28x28xf32>) -> tensor<8x6x16x16xf32>
  return
}

// -----

func.func @avg_pool2d_grad_result_grad_generic(%dy: tensor<8x6x7x7xf32>) {
  // expected-error @+2 {{result gradient 8x6x7x7 does not match the forward result 8x6x14x14}}
  // expected-error @+1 {{'aig.avg_pool2d_grad' op failed to infer returned types}}
  %0 = "aig.avg_pool2d_grad"(%dy) <{input_shape = array<i64: 8, 6, 28, 28>, kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}> : (tensor<8x6x7x7xf32>) -> tensor<8x6x28x28xf32>
  return
}
