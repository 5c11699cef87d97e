// RUN: aicc-opt %s --aig-to-linalg --split-input-file | FileCheck %s

// Reductions become a linalg.generic with "reduction" iterators over the
// reduced axes, accumulating into a tensor filled with the identity (0 for
// sums, -inf / the smallest integer for max). keepdims re-inserts the size-1
// dimensions with tensor.expand_shape; mean divides by the element count.
// softmax and log_softmax decompose into these reductions and elementwise
// generics.

// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @reduce_sum
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4xf32>)
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[INIT:.*]] = tensor.empty() : tensor<2x4xf32>
// CHECK: %[[ACC:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[INIT]] : tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[A]] : tensor<2x3x4xf32>) outs(%[[ACC]] : tensor<2x4xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32):
// Sums may be reassociated, so that LLVM vectorizes them.
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[X]], %[[Y]] fastmath<reassoc> : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK-NEXT: } -> tensor<2x4xf32>
// CHECK-NOT: tensor.expand_shape
// CHECK: return %[[R]] : tensor<2x4xf32>
func.func @reduce_sum(%a: tensor<2x3x4xf32>) -> tensor<2x4xf32> {
  %0 = aig.reduce_sum %a axes = [1] : tensor<2x3x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Negative and unsorted axes are normalized; keepdims expands 3 to 1x3x1.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-LABEL: func.func @reduce_sum_keepdims_int
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4xi32>)
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[INIT:.*]] = tensor.empty() : tensor<3xi32>
// CHECK: %[[ACC:.*]] = linalg.fill ins(%[[ZERO]] : i32) outs(%[[INIT]] : tensor<3xi32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["reduction", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[A]] : tensor<2x3x4xi32>) outs(%[[ACC]] : tensor<3xi32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: i32):
// CHECK-NEXT: arith.addi %[[X]], %[[Y]] : i32
// CHECK: %[[R:.*]] = tensor.expand_shape %[[SUM]] {{\[}}[0, 1, 2]] output_shape [1, 3, 1] : tensor<3xi32> into tensor<1x3x1xi32>
// CHECK: return %[[R]] : tensor<1x3x1xi32>
func.func @reduce_sum_keepdims_int(%a: tensor<2x3x4xi32>) -> tensor<1x3x1xi32> {
  %0 = aig.reduce_sum %a axes = [-1, 0] keepdims : tensor<2x3x4xi32>
  return %0 : tensor<1x3x1xi32>
}

// -----

// Max starts from -inf.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @reduce_max
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>)
// CHECK-DAG: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK-DAG: %[[INIT:.*]] = tensor.empty() : tensor<2xf32>
// CHECK: %[[ACC:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%[[INIT]] : tensor<2xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME: ins(%[[A]] : tensor<2x3xf32>) outs(%[[ACC]] : tensor<2xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32):
// CHECK-NEXT: %[[M:.*]] = arith.maximumf %[[X]], %[[Y]] : f32
// CHECK-NEXT: linalg.yield %[[M]] : f32
// CHECK: return %[[R]] : tensor<2xf32>
func.func @reduce_max(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  %0 = aig.reduce_max %a axes = [-1] : tensor<2x3xf32>
  return %0 : tensor<2xf32>
}

// -----

// -inf in bf16.
// CHECK-LABEL: func.func @reduce_max_bf16
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF80 : bf16
// CHECK: linalg.fill ins(%[[NEGINF]] : bf16)
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : bf16
func.func @reduce_max_bf16(%a: tensor<2x3xbf16>) -> tensor<2xbf16> {
  %0 = aig.reduce_max %a axes = [1] : tensor<2x3xbf16>
  return %0 : tensor<2xbf16>
}

// -----

// Integer max starts from the smallest signed value.
// CHECK-LABEL: func.func @reduce_max_int
// CHECK: %[[MIN:.*]] = arith.constant -128 : i8
// CHECK: %[[ACC:.*]] = linalg.fill ins(%[[MIN]] : i8) outs(%{{.*}} : tensor<3xi8>)
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]
// CHECK-SAME: outs(%[[ACC]] : tensor<3xi8>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: i8, %[[Y:.*]]: i8):
// CHECK-NEXT: arith.maxsi %[[X]], %[[Y]] : i8
func.func @reduce_max_int(%a: tensor<2x3xi8>) -> tensor<3xi8> {
  %0 = aig.reduce_max %a axes = [0] : tensor<2x3xi8>
  return %0 : tensor<3xi8>
}

// -----

// Reducing every axis gives a rank-0 accumulator.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @reduce_max_all
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<f32>
// CHECK: %[[ACC:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[INIT]] : tensor<f32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["reduction", "reduction"]}
// CHECK-SAME: outs(%[[ACC]] : tensor<f32>)
// CHECK: return %[[R]] : tensor<f32>
func.func @reduce_max_all(%a: tensor<2x3xf32>) -> tensor<f32> {
  %0 = aig.reduce_max %a axes = [0, 1] : tensor<2x3xf32>
  return %0 : tensor<f32>
}

// -----

// With keepdims, the rank-0 result expands to 1x1 (empty reassociation).
// CHECK-LABEL: func.func @reduce_max_all_keepdims
// CHECK: %[[M:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]
// CHECK: %[[R:.*]] = tensor.expand_shape %[[M]] [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
// CHECK: return %[[R]] : tensor<1x1xf32>
func.func @reduce_max_all_keepdims(%a: tensor<2x3xf32>) -> tensor<1x1xf32> {
  %0 = aig.reduce_max %a axes = [1, 0] keepdims : tensor<2x3xf32>
  return %0 : tensor<1x1xf32>
}

// -----

// Mean: a sum over 2*4 = 8 elements, then an elementwise division by 8.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-DAG: #[[$ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @reduce_mean
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["reduction", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[A]] : tensor<2x3x4xf32>)
// CHECK: arith.addf
// CHECK: %[[N:.*]] = arith.constant 8.000000e+00 : f32
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<3xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME: ins(%[[SUM]] : tensor<3xf32>) outs(%[[INIT]] : tensor<3xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[D:.*]] = arith.divf %[[X]], %[[N]] : f32
// CHECK-NEXT: linalg.yield %[[D]] : f32
// CHECK: return %[[R]] : tensor<3xf32>
func.func @reduce_mean(%a: tensor<2x3x4xf32>) -> tensor<3xf32> {
  %0 = aig.reduce_mean %a axes = [0, 2] : tensor<2x3x4xf32>
  return %0 : tensor<3xf32>
}

// -----

// keepdims is applied after the division.
// CHECK-LABEL: func.func @reduce_mean_keepdims
// CHECK: %[[N:.*]] = arith.constant 3.000000e+00 : f32
// CHECK: %[[MEAN:.*]] = linalg.generic
// CHECK: arith.divf %{{.*}}, %[[N]] : f32
// CHECK: } -> tensor<2x4xf32>
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[MEAN]] {{\[}}[0, 1]] : tensor<2x4xf32> into tensor<8xf32>
// CHECK: %[[R:.*]] = tensor.expand_shape %[[FLAT]] {{\[}}[0, 1, 2]] output_shape [2, 1, 4] : tensor<8xf32> into tensor<2x1x4xf32>
// CHECK: return %[[R]] : tensor<2x1x4xf32>
func.func @reduce_mean_keepdims(%a: tensor<2x3x4xf32>) -> tensor<2x1x4xf32> {
  %0 = aig.reduce_mean %a axes = [1] keepdims : tensor<2x3x4xf32>
  return %0 : tensor<2x1x4xf32>
}

// -----

// softmax(x) = exp(x - max) / sum(exp(x - max)) along the last axis; the
// keepdims results (2x1) broadcast back with the constant-0 map.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROWRED:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$BCAST:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[A:.*]]: tensor<2x5xf32>)
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MAXINIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<2xf32>)
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROWRED]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME: ins(%[[A]] : tensor<2x5xf32>) outs(%[[MAXINIT]] : tensor<2xf32>)
// CHECK: arith.maximumf
// CHECK: %[[MAXK:.*]] = tensor.expand_shape %[[MAX]] {{\[}}[0, 1]] output_shape [2, 1] : tensor<2xf32> into tensor<2x1xf32>
// CHECK: %[[SHIFTED:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$BCAST]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[MAXK]] : tensor<2x5xf32>, tensor<2x1xf32>)
// CHECK: arith.subf
// CHECK: %[[EXP:.*]] = linalg.generic
// CHECK-SAME: ins(%[[SHIFTED]] : tensor<2x5xf32>)
// CHECK: math.exp %{{.*}} : f32
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[SUMINIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<2xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROWRED]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME: ins(%[[EXP]] : tensor<2x5xf32>) outs(%[[SUMINIT]] : tensor<2xf32>)
// CHECK: arith.addf
// CHECK: %[[SUMK:.*]] = tensor.expand_shape %[[SUM]] {{\[}}[0, 1]] output_shape [2, 1] : tensor<2xf32> into tensor<2x1xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$BCAST]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[EXP]], %[[SUMK]] : tensor<2x5xf32>, tensor<2x1xf32>)
// CHECK: arith.divf
// CHECK: return %[[R]] : tensor<2x5xf32>
func.func @softmax(%a: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = aig.softmax %a axis = -1 : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// log_softmax(x) = (x - max) - log(sum(exp(x - max))), here along axis 0.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$COLRED:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$BCAST:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func @log_softmax
// CHECK-SAME: (%[[A:.*]]: tensor<2x5xf32>)
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$COLRED]]], iterator_types = ["reduction", "parallel"]}
// CHECK-SAME: ins(%[[A]] : tensor<2x5xf32>)
// CHECK: arith.maximumf
// CHECK: %[[MAXK:.*]] = tensor.expand_shape %[[MAX]] {{\[}}[0, 1]] output_shape [1, 5] : tensor<5xf32> into tensor<1x5xf32>
// CHECK: %[[SHIFTED:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$BCAST]], #[[$ID]]]
// CHECK-SAME: ins(%[[A]], %[[MAXK]] : tensor<2x5xf32>, tensor<1x5xf32>)
// CHECK: arith.subf
// CHECK: %[[EXP:.*]] = linalg.generic
// CHECK-SAME: ins(%[[SHIFTED]] : tensor<2x5xf32>)
// CHECK: math.exp %{{.*}} : f32
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$COLRED]]], iterator_types = ["reduction", "parallel"]}
// CHECK-SAME: ins(%[[EXP]] : tensor<2x5xf32>)
// CHECK: arith.addf
// CHECK: %[[SUMK:.*]] = tensor.expand_shape %[[SUM]] {{\[}}[0, 1]] output_shape [1, 5] : tensor<5xf32> into tensor<1x5xf32>
// CHECK: %[[LOG:.*]] = linalg.generic
// CHECK-SAME: ins(%[[SUMK]] : tensor<1x5xf32>)
// CHECK: math.log %{{.*}} : f32
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$BCAST]], #[[$ID]]]
// CHECK-SAME: ins(%[[SHIFTED]], %[[LOG]] : tensor<2x5xf32>, tensor<1x5xf32>)
// CHECK: arith.subf
// CHECK: return %[[R]] : tensor<2x5xf32>
func.func @log_softmax(%a: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = aig.log_softmax %a axis = 0 : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}
