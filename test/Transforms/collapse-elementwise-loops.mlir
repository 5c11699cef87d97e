// RUN: aicc-opt %s --aicc-collapse-elementwise-loops --split-input-file | FileCheck %s

// An elementwise op over a 4-d buffer runs one loop over all of it.
// CHECK-LABEL: func.func @relu
// CHECK: %[[X:.*]] = memref.collapse_shape %{{.*}} {{\[}}[0, 1, 2, 3]] : memref<8x6x28x28xf32> into memref<37632xf32>
// CHECK: %[[Y:.*]] = memref.collapse_shape %{{.*}} {{\[}}[0, 1, 2, 3]] : memref<8x6x28x28xf32> into memref<37632xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel"]} ins(%[[X]] : memref<37632xf32>) outs(%[[Y]] : memref<37632xf32>)
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @relu(%x: memref<8x6x28x28xf32>, %y: memref<8x6x28x28xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : memref<8x6x28x28xf32>) outs(%y : memref<8x6x28x28xf32>) {
  ^bb0(%a: f32, %b: f32):
    %r = arith.maximumf %a, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A per-channel bias: the loops over H and W merge, N and C stay.
// CHECK-LABEL: func.func @bias
// CHECK: memref.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : memref<8x6x28x28xf32> into memref<8x6x784xf32>
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: memref<8x6x784xf32>, memref<6xf32>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#bias = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @bias(%x: memref<8x6x28x28xf32>, %b: memref<6xf32>, %y: memref<8x6x28x28xf32>) {
  linalg.generic {indexing_maps = [#id4, #bias, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x, %b : memref<8x6x28x28xf32>, memref<6xf32>) outs(%y : memref<8x6x28x28xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %r = arith.addf %a, %c : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A strided view is not contiguous: it keeps its loops.
// CHECK-LABEL: func.func @strided
// CHECK-NOT: memref.collapse_shape
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @strided(%x: memref<4x8xf32, strided<[20, 2]>>, %y: memref<4x8xf32>) {
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<4x8xf32, strided<[20, 2]>>) outs(%y : memref<4x8xf32>) {
  ^bb0(%a: f32, %b: f32):
    linalg.yield %a : f32
  }
  return
}

// -----

// A per-channel sum over N, H and W: the H and W loops (both reductions)
// merge into one loop over 784 elements.
// CHECK-LABEL: func.func @channel_sum
// CHECK: memref.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : memref<8x6x28x28xf32> into memref<8x6x784xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction", "parallel", "reduction"]
#in4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#chan = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @channel_sum(%x: memref<8x6x28x28xf32>, %s: memref<6xf32>) {
  linalg.generic {indexing_maps = [#in4, #chan], iterator_types = ["reduction", "parallel", "reduction", "reduction"]}
      ins(%x : memref<8x6x28x28xf32>) outs(%s : memref<6xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = arith.addf %a, %o : f32
    linalg.yield %r : f32
  }
  return
}
