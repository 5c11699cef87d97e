// RUN: aicc-opt %s --aig-autodiff 2>&1 | FileCheck %s

// %v reaches the loss only through a select's condition: as in PyTorch and
// JAX its gradient is zero (with a warning), while %w's is the mask.

// CHECK: warning: the gradient of parameter 'v' is zero
// CHECK-LABEL: func.func @loss_grad(
// CHECK: %[[GW:.*]] = aig.select %{{.*}}, %{{.*}}, %{{.*}} : tensor<4xi1>, tensor<4xf32>, tensor<f32>
// CHECK: %[[ZERO:.*]] = aig.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK: return %{{.*}}, %[[GW]], %[[ZERO]] : tensor<f32>, tensor<4xf32>, tensor<4xf32>
func.func @loss(%w: tensor<4xf32> {aig.param}, %v: tensor<4xf32> {aig.param, aig.name = "v"}, %y: tensor<4xf32>) -> tensor<f32> {
  %zero = aig.constant dense<0.0> : tensor<f32>
  %c = aig.compare gt, %v, %zero : tensor<4xf32>, tensor<f32>
  %s = aig.select %c, %w, %y : tensor<4xi1>, tensor<4xf32>, tensor<4xf32>
  %l = aig.reduce_sum %s axes = [0] : tensor<4xf32>
  return %l : tensor<f32>
}
