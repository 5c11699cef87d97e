// RUN: aicc-opt %s | aicc-opt | FileCheck %s
// RUN: aicc-opt %s --mlir-print-op-generic | aicc-opt | FileCheck %s
// RUN: aicc-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// Round-trip of the convolution and pooling ops (AigConvOps.td) through the
// custom and the generic form. As in ops.mlir, every result is returned so
// that the inferred result type is visible in the output and checked by
// func.return's verifier against the function signature.

// CHECK-LABEL: func.func @conv2d_lenet
// CHECK-SAME: (%[[X:.*]]: tensor<8x1x28x28xf32>, %[[W:.*]]: tensor<6x1x5x5xf32>, %[[B:.*]]: tensor<6xf32>)
func.func @conv2d_lenet(%x: tensor<8x1x28x28xf32>, %w: tensor<6x1x5x5xf32>, %b: tensor<6xf32>) -> tensor<8x6x28x28xf32> {
  // CHECK: %[[Y:.*]] = aig.conv2d %[[X]], %[[W]], %[[B]] stride = [1, 1] padding = [2, 2, 2, 2] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>
  %y = aig.conv2d %x, %w, %b stride = [1, 1] padding = [2, 2, 2, 2]
         dilation = [1, 1] groups = 1
         : tensor<8x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>
  // CHECK: return %[[Y]] : tensor<8x6x28x28xf32>
  return %y : tensor<8x6x28x28xf32>
}
// GENERIC-LABEL: "func.func"() <{function_type = {{.*}}sym_name = "conv2d_lenet"
// GENERIC: "aig.conv2d"(%{{.*}}, %{{.*}}, %{{.*}}) <{dilation = array<i64: 1, 1>, groups = 1 : i64, padding = array<i64: 2, 2, 2, 2>, stride = array<i64: 1, 1>}> : (tensor<8x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<8x6x28x28xf32>

// No bias, no padding: LeNet's second convolution.
// CHECK-LABEL: func.func @conv2d_no_bias
// CHECK-SAME: (%[[X:.*]]: tensor<128x6x14x14xf32>, %[[W:.*]]: tensor<16x6x5x5xf32>)
func.func @conv2d_no_bias(%x: tensor<128x6x14x14xf32>, %w: tensor<16x6x5x5xf32>) -> tensor<128x16x10x10xf32> {
  // CHECK: %[[Y:.*]] = aig.conv2d %[[X]], %[[W]] stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<128x6x14x14xf32>, tensor<16x6x5x5xf32>{{$}}
  %y = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0]
         dilation = [1, 1] groups = 1
         : tensor<128x6x14x14xf32>, tensor<16x6x5x5xf32>
  // CHECK: return %[[Y]] : tensor<128x16x10x10xf32>
  return %y : tensor<128x16x10x10xf32>
}
// GENERIC-LABEL: sym_name = "conv2d_no_bias"
// GENERIC: "aig.conv2d"(%{{[^,]*}}, %{{[^,]*}}) <{dilation = array<i64: 1, 1>, groups = 1 : i64, padding = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}> : (tensor<128x6x14x14xf32>, tensor<16x6x5x5xf32>) -> tensor<128x16x10x10xf32>

// Strides, dilations and per-side padding that differ between h and w,
// groups = 2, f64. OH = (9 + 1 + 2 - 2*(3-1) - 1) / 2 + 1 = 4,
// OW = (10 + 0 + 3 - 1*(3-1) - 1) / 1 + 1 = 11.
// CHECK-LABEL: func.func @conv2d_general
func.func @conv2d_general(%x: tensor<2x4x9x10xf64>, %w: tensor<6x2x3x3xf64>, %b: tensor<6xf64>) -> tensor<2x6x4x11xf64> {
  // CHECK: aig.conv2d %{{.*}}, %{{.*}}, %{{.*}} stride = [2, 1] padding = [1, 0, 2, 3] dilation = [2, 1] groups = 2 : tensor<2x4x9x10xf64>, tensor<6x2x3x3xf64>, tensor<6xf64>
  %y = aig.conv2d %x, %w, %b stride = [2, 1] padding = [1, 0, 2, 3]
         dilation = [2, 1] groups = 2
         : tensor<2x4x9x10xf64>, tensor<6x2x3x3xf64>, tensor<6xf64>
  // CHECK: return %{{.*}} : tensor<2x6x4x11xf64>
  return %y : tensor<2x6x4x11xf64>
}

// Depthwise (groups = channels), kernel exactly the padded input: 1x1 output.
// CHECK-LABEL: func.func @conv2d_depthwise_full
func.func @conv2d_depthwise_full(%x: tensor<1x3x3x3xf16>, %w: tensor<3x1x5x5xf16>) -> tensor<1x3x1x1xf16> {
  // CHECK: aig.conv2d %{{.*}}, %{{.*}} stride = [3, 3] padding = [1, 1, 1, 1] dilation = [1, 1] groups = 3 : tensor<1x3x3x3xf16>, tensor<3x1x5x5xf16>
  %y = aig.conv2d %x, %w stride = [3, 3] padding = [1, 1, 1, 1]
         dilation = [1, 1] groups = 3 : tensor<1x3x3x3xf16>, tensor<3x1x5x5xf16>
  // CHECK: return %{{.*}} : tensor<1x3x1x1xf16>
  return %y : tensor<1x3x1x1xf16>
}

// CHECK-LABEL: func.func @conv2d_input_grad
// CHECK-SAME: (%[[DY:.*]]: tensor<128x16x10x10xf32>, %[[W:.*]]: tensor<16x6x5x5xf32>)
func.func @conv2d_input_grad(%dy: tensor<128x16x10x10xf32>, %w: tensor<16x6x5x5xf32>) -> tensor<128x6x14x14xf32> {
  // CHECK: %[[DX:.*]] = aig.conv2d_input_grad %[[DY]], %[[W]] input_shape = [128, 6, 14, 14] stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<128x16x10x10xf32>, tensor<16x6x5x5xf32>
  %dx = aig.conv2d_input_grad %dy, %w input_shape = [128, 6, 14, 14]
          stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1]
          groups = 1 : tensor<128x16x10x10xf32>, tensor<16x6x5x5xf32>
  // CHECK: return %[[DX]] : tensor<128x6x14x14xf32>
  return %dx : tensor<128x6x14x14xf32>
}
// GENERIC-LABEL: sym_name = "conv2d_input_grad"
// GENERIC: "aig.conv2d_input_grad"(%{{.*}}, %{{.*}}) <{dilation = array<i64: 1, 1>, groups = 1 : i64, input_shape = array<i64: 128, 6, 14, 14>, padding = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}> : (tensor<128x16x10x10xf32>, tensor<16x6x5x5xf32>) -> tensor<128x6x14x14xf32>

// The gradient of @conv2d_general's input.
// CHECK-LABEL: func.func @conv2d_input_grad_general
func.func @conv2d_input_grad_general(%dy: tensor<2x6x4x11xf64>, %w: tensor<6x2x3x3xf64>) -> tensor<2x4x9x10xf64> {
  // CHECK: aig.conv2d_input_grad %{{.*}}, %{{.*}} input_shape = [2, 4, 9, 10] stride = [2, 1] padding = [1, 0, 2, 3] dilation = [2, 1] groups = 2 : tensor<2x6x4x11xf64>, tensor<6x2x3x3xf64>
  %dx = aig.conv2d_input_grad %dy, %w input_shape = [2, 4, 9, 10]
          stride = [2, 1] padding = [1, 0, 2, 3] dilation = [2, 1]
          groups = 2 : tensor<2x6x4x11xf64>, tensor<6x2x3x3xf64>
  // CHECK: return %{{.*}} : tensor<2x4x9x10xf64>
  return %dx : tensor<2x4x9x10xf64>
}

// CHECK-LABEL: func.func @conv2d_filter_grad
// CHECK-SAME: (%[[X:.*]]: tensor<128x6x14x14xf32>, %[[DY:.*]]: tensor<128x16x10x10xf32>)
func.func @conv2d_filter_grad(%x: tensor<128x6x14x14xf32>, %dy: tensor<128x16x10x10xf32>) -> tensor<16x6x5x5xf32> {
  // CHECK: %[[DW:.*]] = aig.conv2d_filter_grad %[[X]], %[[DY]] filter_shape = [16, 6, 5, 5] stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<128x6x14x14xf32>, tensor<128x16x10x10xf32>
  %dw = aig.conv2d_filter_grad %x, %dy filter_shape = [16, 6, 5, 5]
          stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1]
          groups = 1 : tensor<128x6x14x14xf32>, tensor<128x16x10x10xf32>
  // CHECK: return %[[DW]] : tensor<16x6x5x5xf32>
  return %dw : tensor<16x6x5x5xf32>
}
// GENERIC-LABEL: sym_name = "conv2d_filter_grad"
// GENERIC: "aig.conv2d_filter_grad"(%{{.*}}, %{{.*}}) <{dilation = array<i64: 1, 1>, filter_shape = array<i64: 16, 6, 5, 5>, groups = 1 : i64, padding = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}> : (tensor<128x6x14x14xf32>, tensor<128x16x10x10xf32>) -> tensor<16x6x5x5xf32>

// The gradient of @conv2d_general's filter.
// CHECK-LABEL: func.func @conv2d_filter_grad_general
func.func @conv2d_filter_grad_general(%x: tensor<2x4x9x10xf64>, %dy: tensor<2x6x4x11xf64>) -> tensor<6x2x3x3xf64> {
  // CHECK: aig.conv2d_filter_grad %{{.*}}, %{{.*}} filter_shape = [6, 2, 3, 3] stride = [2, 1] padding = [1, 0, 2, 3] dilation = [2, 1] groups = 2 : tensor<2x4x9x10xf64>, tensor<2x6x4x11xf64>
  %dw = aig.conv2d_filter_grad %x, %dy filter_shape = [6, 2, 3, 3]
          stride = [2, 1] padding = [1, 0, 2, 3] dilation = [2, 1]
          groups = 2 : tensor<2x4x9x10xf64>, tensor<2x6x4x11xf64>
  // CHECK: return %{{.*}} : tensor<6x2x3x3xf64>
  return %dw : tensor<6x2x3x3xf64>
}

// CHECK-LABEL: func.func @max_pool2d
// CHECK-SAME: (%[[X:.*]]: tensor<128x6x28x28xf32>)
func.func @max_pool2d(%x: tensor<128x6x28x28xf32>) -> tensor<128x6x14x14xf32> {
  // CHECK: %[[Y:.*]] = aig.max_pool2d %[[X]] kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0] : tensor<128x6x28x28xf32>
  %y = aig.max_pool2d %x kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0]
         : tensor<128x6x28x28xf32>
  // CHECK: return %[[Y]] : tensor<128x6x14x14xf32>
  return %y : tensor<128x6x14x14xf32>
}
// GENERIC-LABEL: sym_name = "max_pool2d"
// GENERIC: "aig.max_pool2d"(%{{.*}}) <{kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}> : (tensor<128x6x28x28xf32>) -> tensor<128x6x14x14xf32>

// Overlapping padded windows: (7 + 1 + 1 - 3) / 2 + 1 = 4; the window that
// does not fit at the end is dropped: (7 + 0 + 1 - 2) / 3 + 1 = 3.
// CHECK-LABEL: func.func @max_pool2d_padded
func.func @max_pool2d_padded(%x: tensor<1x2x7x7xbf16>) -> tensor<1x2x4x3xbf16> {
  // CHECK: aig.max_pool2d %{{.*}} kernel = [3, 2] stride = [2, 3] padding = [1, 0, 1, 1] : tensor<1x2x7x7xbf16>
  %y = aig.max_pool2d %x kernel = [3, 2] stride = [2, 3] padding = [1, 0, 1, 1]
         : tensor<1x2x7x7xbf16>
  // CHECK: return %{{.*}} : tensor<1x2x4x3xbf16>
  return %y : tensor<1x2x4x3xbf16>
}

// CHECK-LABEL: func.func @avg_pool2d
func.func @avg_pool2d(%x: tensor<8x3x6x6xf32>) -> (tensor<8x3x3x3xf32>, tensor<8x3x3x3xf32>) {
  // CHECK: %[[A:.*]] = aig.avg_pool2d %{{.*}} kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0] count_include_pad : tensor<8x3x6x6xf32>
  %a = aig.avg_pool2d %x kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0]
         count_include_pad : tensor<8x3x6x6xf32>
  // Without the unit attribute the keyword is not printed.
  // CHECK: %[[B:.*]] = aig.avg_pool2d %{{.*}} kernel = [2, 2] stride = [2, 2] padding = [1, 1, 0, 0] : tensor<8x3x6x6xf32>{{$}}
  %b = aig.avg_pool2d %x kernel = [2, 2] stride = [2, 2] padding = [1, 1, 0, 0]
         : tensor<8x3x6x6xf32>
  // CHECK: return %[[A]], %[[B]] : tensor<8x3x3x3xf32>, tensor<8x3x3x3xf32>
  return %a, %b : tensor<8x3x3x3xf32>, tensor<8x3x3x3xf32>
}
// GENERIC-LABEL: sym_name = "avg_pool2d"
// GENERIC: "aig.avg_pool2d"(%{{.*}}) <{count_include_pad, kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}> : (tensor<8x3x6x6xf32>) -> tensor<8x3x3x3xf32>
// GENERIC: "aig.avg_pool2d"(%{{.*}}) <{kernel = array<i64: 2, 2>, padding = array<i64: 1, 1, 0, 0>, stride = array<i64: 2, 2>}> : (tensor<8x3x6x6xf32>) -> tensor<8x3x3x3xf32>

// Per-side padding and a non-square kernel: (5 + 0 + 1 - 2) / 1 + 1 = 5,
// (6 + 1 + 0 - 3) / 2 + 1 = 3.
// CHECK-LABEL: func.func @avg_pool2d_asymmetric
func.func @avg_pool2d_asymmetric(%x: tensor<2x3x5x6xf64>) -> tensor<2x3x5x3xf64> {
  // CHECK: aig.avg_pool2d %{{.*}} kernel = [2, 3] stride = [1, 2] padding = [0, 1, 1, 0] : tensor<2x3x5x6xf64>
  %y = aig.avg_pool2d %x kernel = [2, 3] stride = [1, 2] padding = [0, 1, 1, 0]
         : tensor<2x3x5x6xf64>
  // CHECK: return %{{.*}} : tensor<2x3x5x3xf64>
  return %y : tensor<2x3x5x3xf64>
}

// CHECK-LABEL: func.func @max_pool2d_grad
// CHECK-SAME: (%[[X:.*]]: tensor<128x6x28x28xf32>, %[[DY:.*]]: tensor<128x6x14x14xf32>)
func.func @max_pool2d_grad(%x: tensor<128x6x28x28xf32>, %dy: tensor<128x6x14x14xf32>) -> tensor<128x6x28x28xf32> {
  // CHECK: %[[DX:.*]] = aig.max_pool2d_grad %[[X]], %[[DY]] kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0] : tensor<128x6x28x28xf32>, tensor<128x6x14x14xf32>
  %dx = aig.max_pool2d_grad %x, %dy kernel = [2, 2] stride = [2, 2]
          padding = [0, 0, 0, 0]
          : tensor<128x6x28x28xf32>, tensor<128x6x14x14xf32>
  // CHECK: return %[[DX]] : tensor<128x6x28x28xf32>
  return %dx : tensor<128x6x28x28xf32>
}
// GENERIC-LABEL: sym_name = "max_pool2d_grad"
// GENERIC: "aig.max_pool2d_grad"(%{{.*}}, %{{.*}}) <{kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}> : (tensor<128x6x28x28xf32>, tensor<128x6x14x14xf32>) -> tensor<128x6x28x28xf32>

// The gradient of @max_pool2d_padded.
// CHECK-LABEL: func.func @max_pool2d_grad_padded
func.func @max_pool2d_grad_padded(%x: tensor<1x2x7x7xbf16>, %dy: tensor<1x2x4x3xbf16>) -> tensor<1x2x7x7xbf16> {
  // CHECK: aig.max_pool2d_grad %{{.*}}, %{{.*}} kernel = [3, 2] stride = [2, 3] padding = [1, 0, 1, 1] : tensor<1x2x7x7xbf16>, tensor<1x2x4x3xbf16>
  %dx = aig.max_pool2d_grad %x, %dy kernel = [3, 2] stride = [2, 3]
          padding = [1, 0, 1, 1] : tensor<1x2x7x7xbf16>, tensor<1x2x4x3xbf16>
  // CHECK: return %{{.*}} : tensor<1x2x7x7xbf16>
  return %dx : tensor<1x2x7x7xbf16>
}

// CHECK-LABEL: func.func @avg_pool2d_grad
// CHECK-SAME: (%[[DY:.*]]: tensor<8x3x3x3xf32>)
func.func @avg_pool2d_grad(%dy: tensor<8x3x3x3xf32>) -> (tensor<8x3x6x6xf32>, tensor<8x3x6x6xf32>) {
  // CHECK: %[[A:.*]] = aig.avg_pool2d_grad %[[DY]] input_shape = [8, 3, 6, 6] kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0] count_include_pad : tensor<8x3x3x3xf32>
  %a = aig.avg_pool2d_grad %dy input_shape = [8, 3, 6, 6] kernel = [2, 2]
         stride = [2, 2] padding = [0, 0, 0, 0] count_include_pad
         : tensor<8x3x3x3xf32>
  // CHECK: %[[B:.*]] = aig.avg_pool2d_grad %[[DY]] input_shape = [8, 3, 6, 6] kernel = [2, 2] stride = [2, 2] padding = [1, 1, 0, 0] : tensor<8x3x3x3xf32>{{$}}
  %b = aig.avg_pool2d_grad %dy input_shape = [8, 3, 6, 6] kernel = [2, 2]
         stride = [2, 2] padding = [1, 1, 0, 0] : tensor<8x3x3x3xf32>
  // CHECK: return %[[A]], %[[B]] : tensor<8x3x6x6xf32>, tensor<8x3x6x6xf32>
  return %a, %b : tensor<8x3x6x6xf32>, tensor<8x3x6x6xf32>
}
// GENERIC-LABEL: sym_name = "avg_pool2d_grad"
// GENERIC: "aig.avg_pool2d_grad"(%{{.*}}) <{count_include_pad, input_shape = array<i64: 8, 3, 6, 6>, kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}> : (tensor<8x3x3x3xf32>) -> tensor<8x3x6x6xf32>
// GENERIC: "aig.avg_pool2d_grad"(%{{.*}}) <{input_shape = array<i64: 8, 3, 6, 6>, kernel = array<i64: 2, 2>, padding = array<i64: 1, 1, 0, 0>, stride = array<i64: 2, 2>}> : (tensor<8x3x3x3xf32>) -> tensor<8x3x6x6xf32>
