// RUN: aicc-opt %s --aicc-accumulate-into-matmul --split-input-file | FileCheck %s

// x + A @ B with A @ B computed into zeros and used once: one matmul that
// accumulates into x (either operand order of the add).
// CHECK-LABEL: func.func @fold
// CHECK-NOT: linalg.fill
// CHECK: %[[R:.*]] = linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x3xf32>, tensor<3x5xf32>) outs(%arg0 : tensor<4x5xf32>) -> tensor<4x5xf32>
// CHECK-NOT: linalg.generic
// CHECK: return %[[R]]
#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @fold(%x: tensor<4x5xf32>, %a: tensor<4x3xf32>, %b: tensor<3x5xf32>) -> tensor<4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x5xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x5xf32>) -> tensor<4x5xf32>
  %m = linalg.matmul ins(%a, %b : tensor<4x3xf32>, tensor<3x5xf32>) outs(%f : tensor<4x5xf32>) -> tensor<4x5xf32>
  %e2 = tensor.empty() : tensor<4x5xf32>
  %r = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel"]} ins(%m, %x : tensor<4x5xf32>, tensor<4x5xf32>) outs(%e2 : tensor<4x5xf32>) {
  ^bb0(%p: f32, %q: f32, %o: f32):
    %s = arith.addf %q, %p : f32
    linalg.yield %s : f32
  } -> tensor<4x5xf32>
  return %r : tensor<4x5xf32>
}

// -----

// The product has another user (its value is needed alone): unchanged.
// CHECK-LABEL: func.func @product_used_twice
// CHECK: linalg.fill
// CHECK: linalg.matmul {{.*}} outs(%{{.*}} : tensor<4x5xf32>)
// CHECK: linalg.generic
#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @product_used_twice(%x: tensor<4x5xf32>, %a: tensor<4x3xf32>, %b: tensor<3x5xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x5xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x5xf32>) -> tensor<4x5xf32>
  %m = linalg.matmul ins(%a, %b : tensor<4x3xf32>, tensor<3x5xf32>) outs(%f : tensor<4x5xf32>) -> tensor<4x5xf32>
  %e2 = tensor.empty() : tensor<4x5xf32>
  %r = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel"]} ins(%x, %m : tensor<4x5xf32>, tensor<4x5xf32>) outs(%e2 : tensor<4x5xf32>) {
  ^bb0(%p: f32, %q: f32, %o: f32):
    %s = arith.addf %p, %q : f32
    linalg.yield %s : f32
  } -> tensor<4x5xf32>
  return %r, %m : tensor<4x5xf32>, tensor<4x5xf32>
}

// -----

// A product into a non-zero init, or a subtraction: unchanged.
// CHECK-LABEL: func.func @not_zero_init
// CHECK: linalg.generic
#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @not_zero_init(%x: tensor<4x5xf32>, %a: tensor<4x3xf32>, %b: tensor<3x5xf32>) -> tensor<4x5xf32> {
  %one = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<4x5xf32>
  %f = linalg.fill ins(%one : f32) outs(%e : tensor<4x5xf32>) -> tensor<4x5xf32>
  %m = linalg.matmul ins(%a, %b : tensor<4x3xf32>, tensor<3x5xf32>) outs(%f : tensor<4x5xf32>) -> tensor<4x5xf32>
  %e2 = tensor.empty() : tensor<4x5xf32>
  %r = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel"]} ins(%x, %m : tensor<4x5xf32>, tensor<4x5xf32>) outs(%e2 : tensor<4x5xf32>) {
  ^bb0(%p: f32, %q: f32, %o: f32):
    %s = arith.addf %p, %q : f32
    linalg.yield %s : f32
  } -> tensor<4x5xf32>
  return %r : tensor<4x5xf32>
}

// -----

// x computed by an elementwise op (SGD's momentum * m): left to elementwise
// fusion.
// CHECK-LABEL: func.func @computed_x
// CHECK: linalg.fill
// CHECK: linalg.generic
#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @computed_x(%m: tensor<4x5xf32>, %a: tensor<4x3xf32>, %b: tensor<3x5xf32>) -> tensor<4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<4x5xf32>
  %x = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%m : tensor<4x5xf32>) outs(%e0 : tensor<4x5xf32>) {
  ^bb0(%p: f32, %o: f32):
    %s = arith.mulf %p, %p : f32
    linalg.yield %s : f32
  } -> tensor<4x5xf32>
  %e = tensor.empty() : tensor<4x5xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x5xf32>) -> tensor<4x5xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<4x3xf32>, tensor<3x5xf32>) outs(%f : tensor<4x5xf32>) -> tensor<4x5xf32>
  %e2 = tensor.empty() : tensor<4x5xf32>
  %r = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel"]} ins(%x, %mm : tensor<4x5xf32>, tensor<4x5xf32>) outs(%e2 : tensor<4x5xf32>) {
  ^bb0(%p: f32, %q: f32, %o: f32):
    %s = arith.addf %p, %q : f32
    linalg.yield %s : f32
  } -> tensor<4x5xf32>
  return %r : tensor<4x5xf32>
}
