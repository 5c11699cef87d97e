// RUN: aicc-opt %s --split-input-file --verify-diagnostics | FileCheck %s
// RUN: aicc-opt %s --split-input-file --verify-diagnostics --mlir-print-op-generic | aicc-opt --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @batch_norm
// CHECK: aig.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} epsilon = 1.000000e-05 : tensor<8x6x28x28xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>
func.func @batch_norm(%x: tensor<8x6x28x28xf32>, %m: tensor<6xf32>, %v: tensor<6xf32>, %w: tensor<6xf32>, %b: tensor<6xf32>) -> tensor<8x6x28x28xf32> {
  %y = aig.batch_norm %x, %m, %v, %w, %b epsilon = 1.0e-05 : tensor<8x6x28x28xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>
  return %y : tensor<8x6x28x28xf32>
}

// -----

func.func @wrong_channels(%x: tensor<8x6x4x4xf32>, %m: tensor<5xf32>, %v: tensor<6xf32>) -> tensor<8x6x4x4xf32> {
  // expected-error @+1 {{mean must have 6 elements (one per channel of 8x6x4x4), got 'tensor<5xf32>'}}
  %y = aig.batch_norm %x, %m, %v, %v, %v epsilon = 1.0e-05 : tensor<8x6x4x4xf32>, tensor<5xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>
  return %y : tensor<8x6x4x4xf32>
}

// -----

func.func @rank1(%x: tensor<8xf32>, %m: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{input must be a static tensor N x C x ..., got 'tensor<8xf32>'}}
  %y = aig.batch_norm %x, %m, %m, %m, %m epsilon = 1.0e-05 : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

func.func @negative_epsilon(%x: tensor<2x3xf32>, %m: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{epsilon must be >= 0}}
  %y = aig.batch_norm %x, %m, %m, %m, %m epsilon = -1.0 : tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @element_types(%x: tensor<2x3xf32>, %m: tensor<3xf64>) -> tensor<2x3xf32> {
  // expected-error @+1 {{operands have different element types: 'f32' and 'f64'}}
  %y = aig.batch_norm %x, %m, %m, %m, %m epsilon = 1.0e-05 : tensor<2x3xf32>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>
  return %y : tensor<2x3xf32>
}

// -----

// moments: the mean and variance over the axes, shaped as the input
// without them.
// CHECK-LABEL: func.func @moments
// CHECK: %{{.*}}, %{{.*}} = aig.moments %{{.*}} axes = [0, 2, 3] : tensor<8x6x28x28xf32>
func.func @moments(%x: tensor<8x6x28x28xf32>) -> (tensor<6xf32>, tensor<6xf32>) {
  %m, %v = aig.moments %x axes = [0, 2, 3] : tensor<8x6x28x28xf32>
  return %m, %v : tensor<6xf32>, tensor<6xf32>
}

// -----

func.func @moments_no_axes(%x: tensor<8x6xf32>) {
  // expected-error @+1 {{moments needs at least one axis}}
  %m, %v = aig.moments %x axes = [] : tensor<8x6xf32>
  return
}

// -----

func.func @moments_bad_axis(%x: tensor<8x6xf32>) {
  // expected-error @+1 {{axis 2 is out of range}}
  %m, %v = aig.moments %x axes = [2] : tensor<8x6xf32>
  return
}
