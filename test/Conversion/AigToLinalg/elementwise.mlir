// RUN: aicc-opt %s --aig-to-linalg --split-input-file | FileCheck %s

// Elementwise aig ops become one linalg.generic over the result shape whose
// indexing maps implement NumPy broadcasting: leading result dimensions an
// operand lacks are dropped from its map, and an operand dimension of size 1
// that stretches reads index 0.

// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @add_same_shape
// CHECK-SAME: (%[[A:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<4x3xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<4x3xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<4x3xf32>, tensor<4x3xf32>) outs(%[[INIT]] : tensor<4x3xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK-NEXT: } -> tensor<4x3xf32>
// CHECK-NEXT: return %[[R]] : tensor<4x3xf32>
func.func @add_same_shape(%a: tensor<4x3xf32>, %b: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = aig.add %a, %b : tensor<4x3xf32>, tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// 4x1 - 3 -> 4x3: the size-1 dimension reads index 0, the rank-1 operand
// drops the leading dimension.
// CHECK-DAG: #[[$COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @sub_broadcast_both
// CHECK-SAME: (%[[A:.*]]: tensor<4x1xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<4x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$COL]], #[[$ROW]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<4x1xf32>, tensor<3xf32>) outs(%[[INIT]] : tensor<4x3xf32>)
// CHECK: arith.subf
func.func @sub_broadcast_both(%a: tensor<4x1xf32>, %b: tensor<3xf32>) -> tensor<4x3xf32> {
  %0 = aig.sub %a, %b : tensor<4x1xf32>, tensor<3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// The operand order is kept: the broadcast operand may be on the left.
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @sub_broadcast_lhs
// CHECK-SAME: (%[[A:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<4x3xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[$ROW]], #[[$ID]], #[[$ID]]]
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<3xf32>, tensor<4x3xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: arith.subf %[[X]], %[[Y]] : f32
func.func @sub_broadcast_lhs(%a: tensor<3xf32>, %b: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = aig.sub %a, %b : tensor<3xf32>, tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// A rank-0 operand has an empty map.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @mul_scalar
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$SCALAR]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<f32>)
// CHECK: arith.mulf
func.func @mul_scalar(%a: tensor<2x3xf32>, %b: tensor<f32>) -> tensor<2x3xf32> {
  %0 = aig.mul %a, %b : tensor<2x3xf32>, tensor<f32>
  return %0 : tensor<2x3xf32>
}

// -----

// A size-1 dimension that does not stretch (the result is also 1 there)
// keeps its loop index; only the stretching one reads 0.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @div_unit_dims
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$COL]], #[[$ID]]]
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<1x3xf32>, tensor<1x1xf32>) outs(%{{.*}} : tensor<1x3xf32>)
// CHECK: arith.divf
func.func @div_unit_dims(%a: tensor<1x3xf32>, %b: tensor<1x1xf32>) -> tensor<1x3xf32> {
  %0 = aig.div %a, %b : tensor<1x3xf32>, tensor<1x1xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// 2x1x5 + 3x1 -> 2x3x5.
// CHECK-DAG: #[[$LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[$RHS:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @maximum_rank3
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x3x5xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<2x1x5xf32>, tensor<3x1xf32>) outs(%[[INIT]] : tensor<2x3x5xf32>)
// CHECK: arith.maximumf
func.func @maximum_rank3(%a: tensor<2x1x5xf32>, %b: tensor<3x1xf32>) -> tensor<2x3x5xf32> {
  %0 = aig.maximum %a, %b : tensor<2x1x5xf32>, tensor<3x1xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// CHECK-LABEL: func.func @minimum_f64
// CHECK: ^bb0(%[[X:.*]]: f64, %[[Y:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: %[[M:.*]] = arith.minimumf %[[X]], %[[Y]] : f64
// CHECK-NEXT: linalg.yield %[[M]] : f64
func.func @minimum_f64(%a: tensor<4xf64>, %b: tensor<4xf64>) -> tensor<4xf64> {
  %0 = aig.minimum %a, %b : tensor<4xf64>, tensor<4xf64>
  return %0 : tensor<4xf64>
}

// -----

// Integer element types use the signed integer arith ops.
// CHECK-LABEL: func.func @integer_binary
// CHECK: ^bb0(%[[X0:.*]]: i32, %[[Y0:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT: arith.addi %[[X0]], %[[Y0]] : i32
// CHECK: ^bb0(%[[X1:.*]]: i32, %[[Y1:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT: arith.subi %[[X1]], %[[Y1]] : i32
// CHECK: ^bb0(%[[X2:.*]]: i32, %[[Y2:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT: arith.muli %[[X2]], %[[Y2]] : i32
// Integer division never traps: x / 0 = 0, INT_MIN / -1 = INT_MIN (both
// divide by 1 instead).
// CHECK: ^bb0(%[[X3:.*]]: i32, %[[Y3:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : i32
// CHECK-NEXT: %[[C0B:.*]] = arith.constant 0 : i32
// CHECK-NEXT: %[[ISZERO:.*]] = arith.cmpi eq, %[[Y3]], %[[C0B]] : i32
// CHECK-NEXT: %[[MIN:.*]] = arith.constant -2147483648 : i32
// CHECK-NEXT: %[[ISMIN:.*]] = arith.cmpi eq, %[[X3]], %[[MIN]] : i32
// CHECK-NEXT: %[[M1:.*]] = arith.constant -1 : i32
// CHECK-NEXT: %[[ISM1:.*]] = arith.cmpi eq, %[[Y3]], %[[M1]] : i32
// CHECK-NEXT: %[[OVF:.*]] = arith.andi %[[ISMIN]], %[[ISM1]] : i1
// CHECK-NEXT: %[[BYONE:.*]] = arith.ori %[[ISZERO]], %[[OVF]] : i1
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-NEXT: %[[SAFE:.*]] = arith.select %[[BYONE]], %[[ONE]], %[[Y3]] : i32
// CHECK-NEXT: %[[Q:.*]] = arith.divsi %[[X3]], %[[SAFE]] : i32
// CHECK-NEXT: arith.select %[[ISZERO]], %[[C0]], %[[Q]] : i32
// CHECK: ^bb0(%[[X4:.*]]: i32, %[[Y4:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT: arith.maxsi %[[X4]], %[[Y4]] : i32
// CHECK: ^bb0(%[[X5:.*]]: i32, %[[Y5:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT: arith.minsi %[[X5]], %[[Y5]] : i32
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @integer_binary(%a: tensor<4xi32>, %b: tensor<4xi32>)
    -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
  %0 = aig.add %a, %b : tensor<4xi32>, tensor<4xi32>
  %1 = aig.sub %a, %b : tensor<4xi32>, tensor<4xi32>
  %2 = aig.mul %a, %b : tensor<4xi32>, tensor<4xi32>
  %3 = aig.div %a, %b : tensor<4xi32>, tensor<4xi32>
  %4 = aig.maximum %a, %b : tensor<4xi32>, tensor<4xi32>
  %5 = aig.minimum %a, %b : tensor<4xi32>, tensor<4xi32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
}

// -----

// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @neg_float
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[A]] : tensor<2x3xf32>) outs(%[[INIT]] : tensor<2x3xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[N:.*]] = arith.negf %[[X]] : f32
// CHECK-NEXT: linalg.yield %[[N]] : f32
// CHECK: return %[[R]]
func.func @neg_float(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = aig.neg %a : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @neg_int
// CHECK: ^bb0(%[[X:.*]]: i64, %{{.*}}: i64):
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK-NEXT: %[[N:.*]] = arith.subi %[[ZERO]], %[[X]] : i64
// CHECK-NEXT: linalg.yield %[[N]] : i64
func.func @neg_int(%a: tensor<4xi64>) -> tensor<4xi64> {
  %0 = aig.neg %a : tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @math_unary
// CHECK: ^bb0(%[[X0:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[E:.*]] = math.exp %[[X0]] : f32
// CHECK-NEXT: linalg.yield %[[E]] : f32
// CHECK: ^bb0(%[[X1:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[L:.*]] = math.log %[[X1]] : f32
// CHECK-NEXT: linalg.yield %[[L]] : f32
// CHECK: ^bb0(%[[X2:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[T:.*]] = math.tanh %[[X2]] : f32
// CHECK-NEXT: linalg.yield %[[T]] : f32
// CHECK: ^bb0(%[[X3:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[S:.*]] = math.sqrt %[[X3]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: ^bb0(%[[X4:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[RS:.*]] = math.rsqrt %[[X4]] : f32
// CHECK-NEXT: linalg.yield %[[RS]] : f32
func.func @math_unary(%a: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) {
  %0 = aig.exp %a : tensor<8xf32>
  %1 = aig.log %a : tensor<8xf32>
  %2 = aig.tanh %a : tensor<8xf32>
  %3 = aig.sqrt %a : tensor<8xf32>
  %4 = aig.rsqrt %a : tensor<8xf32>
  return %0, %1, %2, %3, %4 : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
}

// -----

// sigmoid(x) from t = exp(-|x|): 1 / (1 + t) for x >= 0, t / (1 + t) below,
// so exp never overflows and very negative x keep their tiny sigmoid.
// CHECK-LABEL: func.func @sigmoid
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[A:.*]] = math.absf %[[X]] : f32
// CHECK-NEXT: %[[N:.*]] = arith.negf %[[A]] : f32
// CHECK-NEXT: %[[T:.*]] = math.exp %[[N]] : f32
// CHECK-NEXT: %[[P:.*]] = arith.cmpf oge, %[[X]], %[[ZERO]] : f32
// CHECK-NEXT: %[[NUM:.*]] = arith.select %[[P]], %[[ONE]], %[[T]] : f32
// CHECK-NEXT: %[[D:.*]] = arith.addf %[[ONE]], %[[T]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.divf %[[NUM]], %[[D]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
func.func @sigmoid(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aig.sigmoid %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// relu(x) = maximumf(x, 0) in the element type.
// CHECK-LABEL: func.func @relu
// CHECK: ^bb0(%[[X:.*]]: f16, %{{.*}}: f16):
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f16
// CHECK-NEXT: %[[R:.*]] = arith.maximumf %[[X]], %[[ZERO]] : f16
// CHECK-NEXT: linalg.yield %[[R]] : f16
func.func @relu(%a: tensor<4xf16>) -> tensor<4xf16> {
  %0 = aig.relu %a : tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// CHECK-LABEL: func.func @pow
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[E:.*]] = arith.constant 3.000000e+00 : f32
// CHECK-NEXT: %[[R:.*]] = math.powf %[[X]], %[[E]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
func.func @pow(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aig.pow %a, 3.0 : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// The conversion folds first: pow by 1 is the input itself.
// CHECK-LABEL: func.func @pow_one
// CHECK-SAME: (%[[A:.*]]: tensor<4xf32>)
// CHECK-NOT: linalg.generic
// CHECK: return %[[A]] : tensor<4xf32>
func.func @pow_one(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aig.pow %a, 1.0 : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// broadcast_to is a generic that only yields its (broadcast) input.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @broadcast_to
// CHECK-SAME: (%[[A:.*]]: tensor<3x1xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x3x4xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[A]] : tensor<3x1xf32>) outs(%[[INIT]] : tensor<2x3x4xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[X]] : f32
// CHECK-NEXT: } -> tensor<2x3x4xf32>
// CHECK: return %[[R]] : tensor<2x3x4xf32>
func.func @broadcast_to(%a: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = aig.broadcast_to %a, [2, 3, 4] : tensor<3x1xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// The condition and both values broadcast together.
// CHECK-DAG: #[[$COND:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @select
// CHECK-SAME: (%[[C:.*]]: tensor<4x1xi1>, %[[A:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<f32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<4x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$COND]], #[[$ROW]], #[[$SCALAR]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[C]], %[[A]], %[[B]] : tensor<4x1xi1>, tensor<3xf32>, tensor<f32>) outs(%[[INIT]] : tensor<4x3xf32>)
// CHECK-NEXT: ^bb0(%[[P:.*]]: i1, %[[T:.*]]: f32, %[[F:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[R:.*]] = arith.select %[[P]], %[[T]], %[[F]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
func.func @select(%c: tensor<4x1xi1>, %a: tensor<3xf32>, %b: tensor<f32>) -> tensor<4x3xf32> {
  %0 = aig.select %c, %a, %b : tensor<4x1xi1>, tensor<3xf32>, tensor<f32>
  return %0 : tensor<4x3xf32>
}

// -----

// Float comparisons are ordered, except ne, which is unordered (true for
// NaN) as in NumPy. The result is an i1 tensor of the broadcast shape.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @compare_float
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x3xi1>
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$SCALAR]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<f32>) outs(%[[INIT]] : tensor<2x3xi1>)
// CHECK-NEXT: ^bb0(%[[X0:.*]]: f32, %[[Y0:.*]]: f32, %{{.*}}: i1):
// CHECK-NEXT: %[[C0:.*]] = arith.cmpf oeq, %[[X0]], %[[Y0]] : f32
// CHECK-NEXT: linalg.yield %[[C0]] : i1
// CHECK: arith.cmpf une, %{{.*}}, %{{.*}} : f32
// CHECK: arith.cmpf olt, %{{.*}}, %{{.*}} : f32
// CHECK: arith.cmpf ole, %{{.*}}, %{{.*}} : f32
// CHECK: arith.cmpf ogt, %{{.*}}, %{{.*}} : f32
// CHECK: arith.cmpf oge, %{{.*}}, %{{.*}} : f32
func.func @compare_float(%a: tensor<2x3xf32>, %b: tensor<f32>)
    -> (tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>) {
  %0 = aig.compare eq, %a, %b : tensor<2x3xf32>, tensor<f32>
  %1 = aig.compare ne, %a, %b : tensor<2x3xf32>, tensor<f32>
  %2 = aig.compare lt, %a, %b : tensor<2x3xf32>, tensor<f32>
  %3 = aig.compare le, %a, %b : tensor<2x3xf32>, tensor<f32>
  %4 = aig.compare gt, %a, %b : tensor<2x3xf32>, tensor<f32>
  %5 = aig.compare ge, %a, %b : tensor<2x3xf32>, tensor<f32>
  return %0, %1, %2, %3, %4, %5 : tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>
}

// -----

// Integers compare as signed.
// CHECK-LABEL: func.func @compare_int
// CHECK: ^bb0(%[[X0:.*]]: i32, %[[Y0:.*]]: i32, %{{.*}}: i1):
// CHECK-NEXT: %[[C0:.*]] = arith.cmpi eq, %[[X0]], %[[Y0]] : i32
// CHECK-NEXT: linalg.yield %[[C0]] : i1
// CHECK: arith.cmpi ne, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpi slt, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpi sle, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpi sgt, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpi sge, %{{.*}}, %{{.*}} : i32
func.func @compare_int(%a: tensor<4xi32>, %b: tensor<4xi32>)
    -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = aig.compare eq, %a, %b : tensor<4xi32>, tensor<4xi32>
  %1 = aig.compare ne, %a, %b : tensor<4xi32>, tensor<4xi32>
  %2 = aig.compare lt, %a, %b : tensor<4xi32>, tensor<4xi32>
  %3 = aig.compare le, %a, %b : tensor<4xi32>, tensor<4xi32>
  %4 = aig.compare gt, %a, %b : tensor<4xi32>, tensor<4xi32>
  %5 = aig.compare ge, %a, %b : tensor<4xi32>, tensor<4xi32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @cast_float_to_float
// CHECK: tensor.empty() : tensor<4xf64>
// CHECK: ^bb0(%[[X0:.*]]: f32, %{{.*}}: f64):
// CHECK-NEXT: %[[E:.*]] = arith.extf %[[X0]] : f32 to f64
// CHECK-NEXT: linalg.yield %[[E]] : f64
// CHECK: tensor.empty() : tensor<4xf16>
// CHECK: ^bb0(%[[X1:.*]]: f32, %{{.*}}: f16):
// CHECK-NEXT: %[[T:.*]] = arith.truncf %[[X1]] : f32 to f16
// CHECK-NEXT: linalg.yield %[[T]] : f16
func.func @cast_float_to_float(%f: tensor<4xf32>) -> (tensor<4xf64>, tensor<4xf16>) {
  %0 = aig.cast %f : tensor<4xf32> to f64
  %1 = aig.cast %f : tensor<4xf32> to f16
  return %0, %1 : tensor<4xf64>, tensor<4xf16>
}

// -----

// Float to integer truncates toward zero (fptosi); integers are signed
// (sitofp) except i1, which converts as 0/1 (uitofp).
// CHECK-LABEL: func.func @cast_float_int
// CHECK: ^bb0(%[[X0:.*]]: f32, %{{.*}}: i32):
// CHECK-NEXT: arith.fptosi %[[X0]] : f32 to i32
// CHECK: ^bb0(%[[X1:.*]]: i32, %{{.*}}: f32):
// CHECK-NEXT: arith.sitofp %[[X1]] : i32 to f32
// CHECK: ^bb0(%[[X2:.*]]: i1, %{{.*}}: f32):
// CHECK-NEXT: arith.uitofp %[[X2]] : i1 to f32
func.func @cast_float_int(%f: tensor<4xf32>, %i: tensor<4xi32>, %b: tensor<4xi1>)
    -> (tensor<4xi32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = aig.cast %f : tensor<4xf32> to i32
  %1 = aig.cast %i : tensor<4xi32> to f32
  %2 = aig.cast %b : tensor<4xi1> to f32
  return %0, %1, %2 : tensor<4xi32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @cast_int_to_int
// CHECK: ^bb0(%[[X0:.*]]: i32, %{{.*}}: i64):
// CHECK-NEXT: arith.extsi %[[X0]] : i32 to i64
// CHECK: ^bb0(%[[X1:.*]]: i1, %{{.*}}: i64):
// CHECK-NEXT: arith.extui %[[X1]] : i1 to i64
// CHECK: ^bb0(%[[X2:.*]]: i64, %{{.*}}: i32):
// CHECK-NEXT: arith.trunci %[[X2]] : i64 to i32
func.func @cast_int_to_int(%i: tensor<4xi32>, %b: tensor<4xi1>, %l: tensor<4xi64>)
    -> (tensor<4xi64>, tensor<4xi64>, tensor<4xi32>) {
  %0 = aig.cast %i : tensor<4xi32> to i64
  %1 = aig.cast %b : tensor<4xi1> to i64
  %2 = aig.cast %l : tensor<4xi64> to i32
  return %0, %1, %2 : tensor<4xi64>, tensor<4xi64>, tensor<4xi32>
}

// -----

// Casting to i1 tests for nonzero, like NumPy's astype(bool).
// CHECK-LABEL: func.func @cast_to_i1
// CHECK: ^bb0(%[[X0:.*]]: f32, %{{.*}}: i1):
// CHECK-NEXT: %[[Z0:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[C0:.*]] = arith.cmpf une, %[[X0]], %[[Z0]] : f32
// CHECK-NEXT: linalg.yield %[[C0]] : i1
// CHECK: ^bb0(%[[X1:.*]]: i32, %{{.*}}: i1):
// CHECK-NEXT: %[[Z1:.*]] = arith.constant 0 : i32
// CHECK-NEXT: %[[C1:.*]] = arith.cmpi ne, %[[X1]], %[[Z1]] : i32
// CHECK-NEXT: linalg.yield %[[C1]] : i1
func.func @cast_to_i1(%f: tensor<4xf32>, %i: tensor<4xi32>) -> (tensor<4xi1>, tensor<4xi1>) {
  %0 = aig.cast %f : tensor<4xf32> to i1
  %1 = aig.cast %i : tensor<4xi32> to i1
  return %0, %1 : tensor<4xi1>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @constant
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<{{\[}}[1, 2], [3, 4]]> : tensor<2x2xi32>
// CHECK-NEXT: return %[[C]] : tensor<2x2xi32>
func.func @constant() -> tensor<2x2xi32> {
  %0 = aig.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

// -----

// A chain: each op is its own generic, fed by the previous result.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: %[[S:.*]] = linalg.generic {{.*}} ins(%[[A]], %[[B]] : tensor<4xf32>, tensor<4xf32>)
// CHECK: arith.addf
// CHECK: %[[E:.*]] = linalg.generic {{.*}} ins(%[[S]] : tensor<4xf32>)
// CHECK: math.exp %{{.*}} : f32
// CHECK: return %[[E]] : tensor<4xf32>
func.func @chain(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aig.add %a, %b : tensor<4xf32>, tensor<4xf32>
  %1 = aig.exp %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}
