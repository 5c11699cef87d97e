// RUN: aicc-opt %s --aig-to-linalg --split-input-file | FileCheck %s

// aig.matmul becomes a zero-filled accumulator and linalg.matmul (2-D, or a
// batched left operand sharing one 2-D right operand) or linalg.batch_matmul
// (batch dimensions on both sides, collapsed into one). Reshapes go through
// tensor.collapse_shape / tensor.expand_shape.

// CHECK-LABEL: func.func @matmul_2d
// CHECK-SAME: (%[[A:.*]]: tensor<4x5xf32>, %[[B:.*]]: tensor<5x6xf32>)
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[INIT:.*]] = tensor.empty() : tensor<4x6xf32>
// CHECK: %[[ACC:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[INIT]] : tensor<4x6xf32>) -> tensor<4x6xf32>
// CHECK: %[[R:.*]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<4x5xf32>, tensor<5x6xf32>) outs(%[[ACC]] : tensor<4x6xf32>) -> tensor<4x6xf32>
// CHECK-NOT: tensor.collapse_shape
// CHECK-NOT: tensor.expand_shape
// CHECK: return %[[R]] : tensor<4x6xf32>
func.func @matmul_2d(%a: tensor<4x5xf32>, %b: tensor<5x6xf32>) -> tensor<4x6xf32> {
  %0 = aig.matmul %a, %b : tensor<4x5xf32>, tensor<5x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// Integer matmul accumulates from an integer zero.
// CHECK-LABEL: func.func @matmul_2d_int
// CHECK-SAME: (%[[A:.*]]: tensor<4x5xi32>, %[[B:.*]]: tensor<5x6xi32>)
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[INIT:.*]] = tensor.empty() : tensor<4x6xi32>
// CHECK: %[[ACC:.*]] = linalg.fill ins(%[[ZERO]] : i32) outs(%[[INIT]] : tensor<4x6xi32>)
// CHECK: %[[R:.*]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<4x5xi32>, tensor<5x6xi32>) outs(%[[ACC]] : tensor<4x6xi32>)
// CHECK: return %[[R]] : tensor<4x6xi32>
func.func @matmul_2d_int(%a: tensor<4x5xi32>, %b: tensor<5x6xi32>) -> tensor<4x6xi32> {
  %0 = aig.matmul %a, %b : tensor<4x5xi32>, tensor<5x6xi32>
  return %0 : tensor<4x6xi32>
}

// -----

// 2x3x4 @ 4x5: the batch folds into the rows, (2*3)x4 @ 4x5 -> 6x5, and the
// product is reshaped back to 2x3x5.
// CHECK-LABEL: func.func @matmul_3d_2d
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<4x5xf32>)
// CHECK-DAG: %[[AFLAT:.*]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK-DAG: %[[A2:.*]] = tensor.expand_shape %[[AFLAT]] {{\[}}[0, 1]] output_shape [6, 4] : tensor<24xf32> into tensor<6x4xf32>
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[INIT:.*]] = tensor.empty() : tensor<6x5xf32>
// CHECK-DAG: %[[ACC:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[INIT]] : tensor<6x5xf32>)
// CHECK: %[[P:.*]] = linalg.matmul ins(%[[A2]], %[[B]] : tensor<6x4xf32>, tensor<4x5xf32>) outs(%[[ACC]] : tensor<6x5xf32>) -> tensor<6x5xf32>
// CHECK: %[[PFLAT:.*]] = tensor.collapse_shape %[[P]] {{\[}}[0, 1]] : tensor<6x5xf32> into tensor<30xf32>
// CHECK: %[[R:.*]] = tensor.expand_shape %[[PFLAT]] {{\[}}[0, 1, 2]] output_shape [2, 3, 5] : tensor<30xf32> into tensor<2x3x5xf32>
// CHECK: return %[[R]] : tensor<2x3x5xf32>
func.func @matmul_3d_2d(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) -> tensor<2x3x5xf32> {
  %0 = aig.matmul %a, %b : tensor<2x3x4xf32>, tensor<4x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// One batch dimension on both sides: batch_matmul directly, no reshapes.
// CHECK-LABEL: func.func @matmul_batched_3d
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<2x4x5xf32>)
// CHECK-NOT: tensor.collapse_shape
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[INIT:.*]] = tensor.empty() : tensor<2x3x5xf32>
// CHECK: %[[ACC:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[INIT]] : tensor<2x3x5xf32>)
// CHECK: %[[R:.*]] = linalg.batch_matmul ins(%[[A]], %[[B]] : tensor<2x3x4xf32>, tensor<2x4x5xf32>) outs(%[[ACC]] : tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
// CHECK-NOT: tensor.expand_shape
// CHECK: return %[[R]] : tensor<2x3x5xf32>
func.func @matmul_batched_3d(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  %0 = aig.matmul %a, %b : tensor<2x3x4xf32>, tensor<2x4x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// Two batch dimensions (2x7) collapse into one of 14 for batch_matmul; the
// result is expanded back.
// CHECK-LABEL: func.func @matmul_batched_4d
// CHECK-SAME: (%[[A:.*]]: tensor<2x7x3x4xf32>, %[[B:.*]]: tensor<2x7x4x5xf32>)
// CHECK-DAG: %[[AFLAT:.*]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1, 2, 3]] : tensor<2x7x3x4xf32> into tensor<168xf32>
// CHECK-DAG: %[[A3:.*]] = tensor.expand_shape %[[AFLAT]] {{\[}}[0, 1, 2]] output_shape [14, 3, 4] : tensor<168xf32> into tensor<14x3x4xf32>
// CHECK-DAG: %[[BFLAT:.*]] = tensor.collapse_shape %[[B]] {{\[}}[0, 1, 2, 3]] : tensor<2x7x4x5xf32> into tensor<280xf32>
// CHECK-DAG: %[[B3:.*]] = tensor.expand_shape %[[BFLAT]] {{\[}}[0, 1, 2]] output_shape [14, 4, 5] : tensor<280xf32> into tensor<14x4x5xf32>
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[INIT:.*]] = tensor.empty() : tensor<14x3x5xf32>
// CHECK-DAG: %[[ACC:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[INIT]] : tensor<14x3x5xf32>)
// CHECK: %[[P:.*]] = linalg.batch_matmul ins(%[[A3]], %[[B3]] : tensor<14x3x4xf32>, tensor<14x4x5xf32>) outs(%[[ACC]] : tensor<14x3x5xf32>) -> tensor<14x3x5xf32>
// CHECK: %[[PFLAT:.*]] = tensor.collapse_shape %[[P]] {{\[}}[0, 1, 2]] : tensor<14x3x5xf32> into tensor<210xf32>
// CHECK: %[[R:.*]] = tensor.expand_shape %[[PFLAT]] {{\[}}[0, 1, 2, 3]] output_shape [2, 7, 3, 5] : tensor<210xf32> into tensor<2x7x3x5xf32>
// CHECK: return %[[R]] : tensor<2x7x3x5xf32>
func.func @matmul_batched_4d(%a: tensor<2x7x3x4xf32>, %b: tensor<2x7x4x5xf32>) -> tensor<2x7x3x5xf32> {
  %0 = aig.matmul %a, %b : tensor<2x7x3x4xf32>, tensor<2x7x4x5xf32>
  return %0 : tensor<2x7x3x5xf32>
}

// -----

// A matmul feeding a broadcast bias add (a dense layer).
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @dense_layer
// CHECK-SAME: (%[[X:.*]]: tensor<8x16xf32>, %[[W:.*]]: tensor<16x4xf32>, %[[BIAS:.*]]: tensor<4xf32>)
// CHECK: %[[MM:.*]] = linalg.matmul ins(%[[X]], %[[W]] : tensor<8x16xf32>, tensor<16x4xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ID]]]
// CHECK-SAME: ins(%[[MM]], %[[BIAS]] : tensor<8x4xf32>, tensor<4xf32>)
// CHECK: arith.addf
// CHECK: return %[[R]] : tensor<8x4xf32>
func.func @dense_layer(%x: tensor<8x16xf32>, %w: tensor<16x4xf32>, %bias: tensor<4xf32>) -> tensor<8x4xf32> {
  %0 = aig.matmul %x, %w : tensor<8x16xf32>, tensor<16x4xf32>
  %1 = aig.add %0, %bias : tensor<8x4xf32>, tensor<4xf32>
  return %1 : tensor<8x4xf32>
}
