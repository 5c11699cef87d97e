// RUN: aicc-opt %s --canonicalize --split-input-file | FileCheck %s

// A 1x1 window at stride 1 without padding is the identity.
// CHECK-LABEL: func.func @identity_pools
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4x4xf32>)
// CHECK-NOT: aig.max_pool2d
// CHECK-NOT: aig.avg_pool2d
// CHECK: return %[[X]], %[[X]]
func.func @identity_pools(%x: tensor<2x3x4x4xf32>) -> (tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>) {
  %m = aig.max_pool2d %x kernel = [1, 1] stride = [1, 1] padding = [0, 0, 0, 0] : tensor<2x3x4x4xf32>
  %a = aig.avg_pool2d %x kernel = [1, 1] stride = [1, 1] padding = [0, 0, 0, 0] count_include_pad : tensor<2x3x4x4xf32>
  return %m, %a : tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>
}

// -----

// A 1x1 window at stride 2 subsamples: it stays.
// CHECK-LABEL: func.func @strided_pool
// CHECK: aig.max_pool2d
func.func @strided_pool(%x: tensor<2x3x4x4xf32>) -> tensor<2x3x2x2xf32> {
  %m = aig.max_pool2d %x kernel = [1, 1] stride = [2, 2] padding = [0, 0, 0, 0] : tensor<2x3x4x4xf32>
  return %m : tensor<2x3x2x2xf32>
}
