// RUN: aicc-opt %s --canonicalize --split-input-file | FileCheck %s

//===----------------------------------------------------------------------===//
// add / sub / mul / div identities
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @add_zero_rhs
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>)
// CHECK-NOT: aig.add
// CHECK: return %[[X]] : tensor<4x3xf32>
func.func @add_zero_rhs(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %zero = aig.constant dense<0.0> : tensor<3xf32>
  %0 = aig.add %x, %zero : tensor<4x3xf32>, tensor<3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @add_zero_lhs
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>)
// CHECK-NOT: aig.add
// CHECK: return %[[X]] : tensor<4x3xf32>
func.func @add_zero_lhs(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %zero = aig.constant dense<0.0> : tensor<f32>
  %0 = aig.add %zero, %x : tensor<f32>, tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @add_zero_int
// CHECK-SAME: (%[[X:.*]]: tensor<5xi32>)
// CHECK-NOT: aig.add
// CHECK: return %[[X]] : tensor<5xi32>
func.func @add_zero_int(%x: tensor<5xi32>) -> tensor<5xi32> {
  %zero = aig.constant dense<0> : tensor<5xi32>
  %0 = aig.add %x, %zero : tensor<5xi32>, tensor<5xi32>
  return %0 : tensor<5xi32>
}

// -----

// The zero broadcasts x to a larger shape: dropping the add would lose it.
// CHECK-LABEL: func.func @add_zero_broadcasting_not_folded
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>)
// CHECK: %[[ZERO:.*]] = aig.constant dense<0.000000e+00> : tensor<4x3xf32>
// CHECK: %[[R:.*]] = aig.add %[[X]], %[[ZERO]] : tensor<3xf32>, tensor<4x3xf32>
// CHECK: return %[[R]] : tensor<4x3xf32>
func.func @add_zero_broadcasting_not_folded(%x: tensor<3xf32>) -> tensor<4x3xf32> {
  %zero = aig.constant dense<0.0> : tensor<4x3xf32>
  %0 = aig.add %x, %zero : tensor<3xf32>, tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Same on the left, with a size-1 dimension that stretches. (add is
// Commutative: canonicalization moves the constant to the right.)
// CHECK-LABEL: func.func @add_zero_lhs_broadcasting_not_folded
// CHECK-SAME: (%[[X:.*]]: tensor<4x1xf32>)
// CHECK: %[[R:.*]] = aig.add %[[X]], %{{.*}} : tensor<4x1xf32>, tensor<1x3xf32>
// CHECK: return %[[R]] : tensor<4x3xf32>
func.func @add_zero_lhs_broadcasting_not_folded(%x: tensor<4x1xf32>) -> tensor<4x3xf32> {
  %zero = aig.constant dense<0.0> : tensor<1x3xf32>
  %0 = aig.add %zero, %x : tensor<1x3xf32>, tensor<4x1xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// A non-splat constant containing only some zeros is not an identity.
// CHECK-LABEL: func.func @add_non_splat_not_folded
// CHECK: %[[R:.*]] = aig.add
// CHECK: return %[[R]]
func.func @add_non_splat_not_folded(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c = aig.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %0 = aig.add %x, %c : tensor<2xf32>, tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @sub_zero
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>)
// CHECK-NOT: aig.sub
// CHECK: return %[[X]] : tensor<4x3xf32>
func.func @sub_zero(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %zero = aig.constant dense<0.0> : tensor<4x3xf32>
  %0 = aig.sub %x, %zero : tensor<4x3xf32>, tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// 0 - x is -x, not x.
// CHECK-LABEL: func.func @zero_sub_not_folded
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>)
// CHECK: %[[R:.*]] = aig.sub %{{.*}}, %[[X]] : tensor<3xf32>, tensor<3xf32>
// CHECK: return %[[R]] : tensor<3xf32>
func.func @zero_sub_not_folded(%x: tensor<3xf32>) -> tensor<3xf32> {
  %zero = aig.constant dense<0.0> : tensor<3xf32>
  %0 = aig.sub %zero, %x : tensor<3xf32>, tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @sub_zero_broadcasting_not_folded
// CHECK: %[[R:.*]] = aig.sub %{{.*}}, %{{.*}} : tensor<3xf32>, tensor<2x3xf32>
// CHECK: return %[[R]] : tensor<2x3xf32>
func.func @sub_zero_broadcasting_not_folded(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  %zero = aig.constant dense<0.0> : tensor<2x3xf32>
  %0 = aig.sub %x, %zero : tensor<3xf32>, tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @mul_one_rhs
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>)
// CHECK-NOT: aig.mul
// CHECK: return %[[X]] : tensor<4x3xf32>
func.func @mul_one_rhs(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %one = aig.constant dense<1.0> : tensor<1x3xf32>
  %0 = aig.mul %x, %one : tensor<4x3xf32>, tensor<1x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @mul_one_lhs
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xi64>)
// CHECK-NOT: aig.mul
// CHECK: return %[[X]] : tensor<4x3xi64>
func.func @mul_one_lhs(%x: tensor<4x3xi64>) -> tensor<4x3xi64> {
  %one = aig.constant dense<1> : tensor<i64>
  %0 = aig.mul %one, %x : tensor<i64>, tensor<4x3xi64>
  return %0 : tensor<4x3xi64>
}

// -----

// mul is Commutative: the constant moves to the right.
// CHECK-LABEL: func.func @mul_one_broadcasting_not_folded
// CHECK: %[[R:.*]] = aig.mul %{{.*}}, %{{.*}} : tensor<f32>, tensor<2xf32>
// CHECK: return %[[R]] : tensor<2xf32>
func.func @mul_one_broadcasting_not_folded(%x: tensor<f32>) -> tensor<2xf32> {
  %one = aig.constant dense<1.0> : tensor<2xf32>
  %0 = aig.mul %one, %x : tensor<2xf32>, tensor<f32>
  return %0 : tensor<2xf32>
}

// -----

// x * 0 is not folded (it would be wrong for inf and nan).
// CHECK-LABEL: func.func @mul_zero_not_folded
// CHECK: %[[R:.*]] = aig.mul
// CHECK: return %[[R]]
func.func @mul_zero_not_folded(%x: tensor<2xf32>) -> tensor<2xf32> {
  %zero = aig.constant dense<0.0> : tensor<2xf32>
  %0 = aig.mul %x, %zero : tensor<2xf32>, tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @div_one
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>)
// CHECK-NOT: aig.div
// CHECK: return %[[X]] : tensor<4x3xf32>
func.func @div_one(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %one = aig.constant dense<1.0> : tensor<f32>
  %0 = aig.div %x, %one : tensor<4x3xf32>, tensor<f32>
  return %0 : tensor<4x3xf32>
}

// -----

// 1 / x is a reciprocal, not x.
// CHECK-LABEL: func.func @one_div_not_folded
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>)
// CHECK: %[[R:.*]] = aig.div %{{.*}}, %[[X]] : tensor<3xf32>, tensor<3xf32>
// CHECK: return %[[R]]
func.func @one_div_not_folded(%x: tensor<3xf32>) -> tensor<3xf32> {
  %one = aig.constant dense<1.0> : tensor<3xf32>
  %0 = aig.div %one, %x : tensor<3xf32>, tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @div_one_broadcasting_not_folded
// CHECK: %[[R:.*]] = aig.div %{{.*}}, %{{.*}} : tensor<3xf32>, tensor<2x3xf32>
// CHECK: return %[[R]] : tensor<2x3xf32>
func.func @div_one_broadcasting_not_folded(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  %one = aig.constant dense<1.0> : tensor<2x3xf32>
  %0 = aig.div %x, %one : tensor<3xf32>, tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

//===----------------------------------------------------------------------===//
// maximum / minimum
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @maximum_same
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>)
// CHECK-NOT: aig.maximum
// CHECK: return %[[X]] : tensor<4x3xf32>
func.func @maximum_same(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = aig.maximum %x, %x : tensor<4x3xf32>, tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @minimum_same
// CHECK-SAME: (%[[X:.*]]: tensor<7xi32>)
// CHECK-NOT: aig.minimum
// CHECK: return %[[X]] : tensor<7xi32>
func.func @minimum_same(%x: tensor<7xi32>) -> tensor<7xi32> {
  %0 = aig.minimum %x, %x : tensor<7xi32>, tensor<7xi32>
  return %0 : tensor<7xi32>
}

// -----

// CHECK-LABEL: func.func @maximum_different_not_folded
// CHECK: %[[R:.*]] = aig.maximum
// CHECK: return %[[R]]
func.func @maximum_different_not_folded(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aig.maximum %x, %y : tensor<4xf32>, tensor<4xf32>
  return %0 : tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// Constant folding of splat operands
//===----------------------------------------------------------------------===//

// -----

// The folded constant has the broadcast result shape.
// CHECK-LABEL: func.func @fold_splat_add
// CHECK-NEXT: %[[C:.*]] = aig.constant dense<3.500000e+00> : tensor<2x3xf32>
// CHECK-NEXT: return %[[C]] : tensor<2x3xf32>
func.func @fold_splat_add() -> tensor<2x3xf32> {
  %a = aig.constant dense<1.5> : tensor<3xf32>
  %b = aig.constant dense<2.0> : tensor<2x1xf32>
  %0 = aig.add %a, %b : tensor<3xf32>, tensor<2x1xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @fold_splat_sub
// CHECK-NEXT: %[[C:.*]] = aig.constant dense<-5.000000e-01> : tensor<4xf32>
// CHECK-NEXT: return %[[C]] : tensor<4xf32>
func.func @fold_splat_sub() -> tensor<4xf32> {
  %a = aig.constant dense<1.5> : tensor<4xf32>
  %b = aig.constant dense<2.0> : tensor<f32>
  %0 = aig.sub %a, %b : tensor<4xf32>, tensor<f32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @fold_splat_mul
// CHECK-NEXT: %[[C:.*]] = aig.constant dense<-7.500000e+00> : tensor<2x2xf64>
// CHECK-NEXT: return %[[C]] : tensor<2x2xf64>
func.func @fold_splat_mul() -> tensor<2x2xf64> {
  %a = aig.constant dense<2.5> : tensor<2x2xf64>
  %b = aig.constant dense<-3.0> : tensor<2x2xf64>
  %0 = aig.mul %a, %b : tensor<2x2xf64>, tensor<2x2xf64>
  return %0 : tensor<2x2xf64>
}

// -----

// CHECK-LABEL: func.func @fold_splat_div
// CHECK-NEXT: %[[C:.*]] = aig.constant dense<2.500000e-01> : tensor<3xf32>
// CHECK-NEXT: return %[[C]] : tensor<3xf32>
func.func @fold_splat_div() -> tensor<3xf32> {
  %a = aig.constant dense<1.0> : tensor<3xf32>
  %b = aig.constant dense<4.0> : tensor<3xf32>
  %0 = aig.div %a, %b : tensor<3xf32>, tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// IEEE division: 1 / 0 is +inf.
// CHECK-LABEL: func.func @fold_splat_div_by_zero
// CHECK-NEXT: %[[C:.*]] = aig.constant dense<0x7F800000> : tensor<3xf32>
// CHECK-NEXT: return %[[C]] : tensor<3xf32>
func.func @fold_splat_div_by_zero() -> tensor<3xf32> {
  %a = aig.constant dense<1.0> : tensor<3xf32>
  %b = aig.constant dense<0.0> : tensor<3xf32>
  %0 = aig.div %a, %b : tensor<3xf32>, tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @fold_splat_maximum
// CHECK-NEXT: %[[C:.*]] = aig.constant dense<2.000000e+00> : tensor<2x2xf32>
// CHECK-NEXT: return %[[C]] : tensor<2x2xf32>
func.func @fold_splat_maximum() -> tensor<2x2xf32> {
  %a = aig.constant dense<-1.0> : tensor<2x2xf32>
  %b = aig.constant dense<2.0> : tensor<2xf32>
  %0 = aig.maximum %a, %b : tensor<2x2xf32>, tensor<2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// CHECK-LABEL: func.func @fold_splat_minimum
// CHECK-NEXT: %[[C:.*]] = aig.constant dense<-1.000000e+00> : tensor<2x2xf32>
// CHECK-NEXT: return %[[C]] : tensor<2x2xf32>
func.func @fold_splat_minimum() -> tensor<2x2xf32> {
  %a = aig.constant dense<-1.0> : tensor<2x2xf32>
  %b = aig.constant dense<2.0> : tensor<2x2xf32>
  %0 = aig.minimum %a, %b : tensor<2x2xf32>, tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// maximum/minimum propagate NaN, like arith.maximumf/minimumf.
// CHECK-LABEL: func.func @fold_splat_maximum_nan
// CHECK-NEXT: %[[C:.*]] = aig.constant dense<0x7FC00000> : tensor<2xf32>
// CHECK-NEXT: return %[[C]] : tensor<2xf32>
func.func @fold_splat_maximum_nan() -> tensor<2xf32> {
  %a = aig.constant dense<0x7FC00000> : tensor<2xf32>
  %b = aig.constant dense<2.0> : tensor<2xf32>
  %0 = aig.maximum %a, %b : tensor<2xf32>, tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Non-splat constants are not folded.
// CHECK-LABEL: func.func @fold_non_splat_not_folded
// CHECK: %[[R:.*]] = aig.add
// CHECK: return %[[R]]
func.func @fold_non_splat_not_folded() -> tensor<2xf32> {
  %a = aig.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = aig.constant dense<3.0> : tensor<2xf32>
  %0 = aig.add %a, %b : tensor<2xf32>, tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Only float splats are constant-folded.
// CHECK-LABEL: func.func @fold_int_splat_not_folded
// CHECK: %[[R:.*]] = aig.add
// CHECK: return %[[R]]
func.func @fold_int_splat_not_folded() -> tensor<2xi32> {
  %a = aig.constant dense<2> : tensor<2xi32>
  %b = aig.constant dense<3> : tensor<2xi32>
  %0 = aig.add %a, %b : tensor<2xi32>, tensor<2xi32>
  return %0 : tensor<2xi32>
}

//===----------------------------------------------------------------------===//
// neg, relu
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @neg_neg
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NOT: aig.neg
// CHECK: return %[[X]] : tensor<4xf32>
func.func @neg_neg(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aig.neg %x : tensor<4xf32>
  %1 = aig.neg %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// Three negations leave one.
// CHECK-LABEL: func.func @neg_neg_neg
// CHECK-SAME: (%[[X:.*]]: tensor<4xi32>)
// CHECK-NEXT: %[[R:.*]] = aig.neg %[[X]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi32>
func.func @neg_neg_neg(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = aig.neg %x : tensor<4xi32>
  %1 = aig.neg %0 : tensor<4xi32>
  %2 = aig.neg %1 : tensor<4xi32>
  return %2 : tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @neg_splat
// CHECK-NEXT: %[[C:.*]] = aig.constant dense<-2.500000e+00> : tensor<2x3xf32>
// CHECK-NEXT: return %[[C]] : tensor<2x3xf32>
func.func @neg_splat() -> tensor<2x3xf32> {
  %c = aig.constant dense<2.5> : tensor<2x3xf32>
  %0 = aig.neg %c : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @neg_not_folded
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[R:.*]] = aig.neg %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]]
func.func @neg_not_folded(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aig.neg %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @relu_relu
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[R:.*]] = aig.relu %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @relu_relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aig.relu %x : tensor<4xf32>
  %1 = aig.relu %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// relu(neg(relu x)) has nothing to fold.
// CHECK-LABEL: func.func @relu_neg_relu_not_folded
// CHECK: aig.relu
// CHECK: aig.neg
// CHECK: aig.relu
func.func @relu_neg_relu_not_folded(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aig.relu %x : tensor<4xf32>
  %1 = aig.neg %0 : tensor<4xf32>
  %2 = aig.relu %1 : tensor<4xf32>
  return %2 : tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// pow
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @pow_one
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NOT: aig.pow
// CHECK: return %[[X]] : tensor<4xf32>
func.func @pow_one(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aig.pow %x, 1.0 : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @pow_two
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[R:.*]] = aig.mul %[[X]], %[[X]] : tensor<4xf32>, tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @pow_two(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aig.pow %x, 2.0 : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @pow_half
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[R:.*]] = aig.sqrt %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @pow_half(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aig.pow %x, 0.5 : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @pow_minus_half
// CHECK-SAME: (%[[X:.*]]: tensor<4xf16>)
// CHECK-NEXT: %[[R:.*]] = aig.rsqrt %[[X]] : tensor<4xf16>
// CHECK-NEXT: return %[[R]] : tensor<4xf16>
func.func @pow_minus_half(%x: tensor<4xf16>) -> tensor<4xf16> {
  %0 = aig.pow %x, -5.000000e-01 : tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// Other exponents stay.
// CHECK-LABEL: func.func @pow_other_not_folded
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[A:.*]] = aig.pow %[[X]], 3.000000e+00 : tensor<4xf32>
// CHECK-NEXT: %[[B:.*]] = aig.pow %[[X]], 0.000000e+00 : tensor<4xf32>
// CHECK-NEXT: %[[C:.*]] = aig.pow %[[X]], -1.000000e+00 : tensor<4xf32>
// CHECK-NEXT: return %[[A]], %[[B]], %[[C]]
func.func @pow_other_not_folded(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = aig.pow %x, 3.0 : tensor<4xf32>
  %1 = aig.pow %x, 0.0 : tensor<4xf32>
  %2 = aig.pow %x, -1.0 : tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// broadcast_to
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @broadcast_to_same_shape
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>)
// CHECK-NOT: aig.broadcast_to
// CHECK: return %[[X]] : tensor<4x3xf32>
func.func @broadcast_to_same_shape(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = aig.broadcast_to %x, [4, 3] : tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_to_splat
// CHECK-NEXT: %[[C:.*]] = aig.constant dense<7.000000e+00> : tensor<2x4x3xf32>
// CHECK-NEXT: return %[[C]] : tensor<2x4x3xf32>
func.func @broadcast_to_splat() -> tensor<2x4x3xf32> {
  %c = aig.constant dense<7.0> : tensor<1x3xf32>
  %0 = aig.broadcast_to %c, [2, 4, 3] : tensor<1x3xf32>
  return %0 : tensor<2x4x3xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_to_not_folded
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>)
// CHECK-NEXT: %[[R:.*]] = aig.broadcast_to %[[X]], [4, 3] : tensor<3xf32>
// CHECK-NEXT: return %[[R]] : tensor<4x3xf32>
func.func @broadcast_to_not_folded(%x: tensor<3xf32>) -> tensor<4x3xf32> {
  %0 = aig.broadcast_to %x, [4, 3] : tensor<3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// A non-splat constant is not materialized at the larger size.
// CHECK-LABEL: func.func @broadcast_to_non_splat_not_folded
// CHECK: %[[R:.*]] = aig.broadcast_to %{{.*}}, [2, 2] : tensor<2xf32>
// CHECK: return %[[R]]
func.func @broadcast_to_non_splat_not_folded() -> tensor<2x2xf32> {
  %c = aig.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = aig.broadcast_to %c, [2, 2] : tensor<2xf32>
  return %0 : tensor<2x2xf32>
}

//===----------------------------------------------------------------------===//
// reshape
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @reshape_same_type
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>)
// CHECK-NOT: aig.reshape
// CHECK: return %[[X]] : tensor<4x3xf32>
func.func @reshape_same_type(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = aig.reshape %x, [4, -1] : tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_constant
// CHECK-NEXT: %[[C:.*]] = aig.constant dense<{{\[}}[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
// CHECK-NEXT: return %[[C]] : tensor<2x3xi32>
func.func @reshape_constant() -> tensor<2x3xi32> {
  %c = aig.constant dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi32>
  %0 = aig.reshape %c, [2, 3] : tensor<6xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// CHECK-LABEL: func.func @reshape_splat_constant
// CHECK-NEXT: %[[C:.*]] = aig.constant dense<5.000000e-01> : tensor<3x2xf32>
// CHECK-NEXT: return %[[C]] : tensor<3x2xf32>
func.func @reshape_splat_constant() -> tensor<3x2xf32> {
  %c = aig.constant dense<0.5> : tensor<6xf32>
  %0 = aig.reshape %c, [3, -1] : tensor<6xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_reshape
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>)
// CHECK-NEXT: %[[R:.*]] = aig.reshape %[[X]], [2, 6] : tensor<4x3xf32>
// CHECK-NEXT: return %[[R]] : tensor<2x6xf32>
func.func @reshape_reshape(%x: tensor<4x3xf32>) -> tensor<2x6xf32> {
  %0 = aig.reshape %x, [-1] : tensor<4x3xf32>
  %1 = aig.reshape %0, [2, 6] : tensor<12xf32>
  return %1 : tensor<2x6xf32>
}

// -----

// reshape(reshape(x)) back to x's own shape disappears entirely.
// CHECK-LABEL: func.func @reshape_reshape_roundtrip
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>)
// CHECK-NOT: aig.reshape
// CHECK: return %[[X]] : tensor<4x3xf32>
func.func @reshape_reshape_roundtrip(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = aig.reshape %x, [3, 4] : tensor<4x3xf32>
  %1 = aig.reshape %0, [4, 3] : tensor<3x4xf32>
  return %1 : tensor<4x3xf32>
}

// -----

// The inner reshape stays when it has another use.
// CHECK-LABEL: func.func @reshape_reshape_multi_use
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>)
// CHECK-DAG: %[[A:.*]] = aig.reshape %[[X]], [-1] : tensor<4x3xf32>
// CHECK-DAG: %[[B:.*]] = aig.reshape %[[X]], [6, 2] : tensor<4x3xf32>
// CHECK: return %[[A]], %[[B]] : tensor<12xf32>, tensor<6x2xf32>
func.func @reshape_reshape_multi_use(%x: tensor<4x3xf32>) -> (tensor<12xf32>, tensor<6x2xf32>) {
  %0 = aig.reshape %x, [-1] : tensor<4x3xf32>
  %1 = aig.reshape %0, [6, 2] : tensor<12xf32>
  return %0, %1 : tensor<12xf32>, tensor<6x2xf32>
}

//===----------------------------------------------------------------------===//
// transpose
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @transpose_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NOT: aig.transpose
// CHECK: return %[[X]] : tensor<2x3x4xf32>
func.func @transpose_identity(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = aig.transpose %x, [0, 1, 2] : tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// A non-identity permutation of equal dimensions keeps the type but is not
// the identity.
// CHECK-LABEL: func.func @transpose_square_not_folded
// CHECK-SAME: (%[[X:.*]]: tensor<3x3xf32>)
// CHECK-NEXT: %[[R:.*]] = aig.transpose %[[X]], [1, 0] : tensor<3x3xf32>
// CHECK-NEXT: return %[[R]] : tensor<3x3xf32>
func.func @transpose_square_not_folded(%x: tensor<3x3xf32>) -> tensor<3x3xf32> {
  %0 = aig.transpose %x, [1, 0] : tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_transpose_cancel
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NOT: aig.transpose
// CHECK: return %[[X]] : tensor<2x3x4xf32>
func.func @transpose_transpose_cancel(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = aig.transpose %x, [1, 2, 0] : tensor<2x3x4xf32>
  %1 = aig.transpose %0, [2, 0, 1] : tensor<3x4x2xf32>
  return %1 : tensor<2x3x4xf32>
}

// -----

// transpose(transpose(x, [1, 2, 0]), [1, 0, 2]) reads x's dims [2, 1, 0].
// CHECK-LABEL: func.func @transpose_transpose_compose
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[R:.*]] = aig.transpose %[[X]], [2, 1, 0] : tensor<2x3x4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4x3x2xf32>
func.func @transpose_transpose_compose(%x: tensor<2x3x4xf32>) -> tensor<4x3x2xf32> {
  %0 = aig.transpose %x, [1, 2, 0] : tensor<2x3x4xf32>
  %1 = aig.transpose %0, [1, 0, 2] : tensor<3x4x2xf32>
  return %1 : tensor<4x3x2xf32>
}

// -----

// Composition order matters: here p o q is [0, 2, 1] (q o p would be
// [1, 0, 2]); all dimensions differ so the result type pins it down.
// CHECK-LABEL: func.func @transpose_transpose_compose_order
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x5xf32>)
// CHECK-NEXT: %[[R:.*]] = aig.transpose %[[X]], [0, 2, 1] : tensor<2x3x5xf32>
// CHECK-NEXT: return %[[R]] : tensor<2x5x3xf32>
func.func @transpose_transpose_compose_order(%x: tensor<2x3x5xf32>) -> tensor<2x5x3xf32> {
  %0 = aig.transpose %x, [2, 0, 1] : tensor<2x3x5xf32>
  %1 = aig.transpose %0, [1, 0, 2] : tensor<5x2x3xf32>
  return %1 : tensor<2x5x3xf32>
}

// -----

// Three transposes compose into one.
// CHECK-LABEL: func.func @transpose_chain
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x5xf32>)
// CHECK-NEXT: %[[R:.*]] = aig.transpose %[[X]], [1, 0, 2] : tensor<2x3x5xf32>
// CHECK-NEXT: return %[[R]] : tensor<3x2x5xf32>
func.func @transpose_chain(%x: tensor<2x3x5xf32>) -> tensor<3x2x5xf32> {
  %0 = aig.transpose %x, [1, 2, 0] : tensor<2x3x5xf32>
  %1 = aig.transpose %0, [1, 2, 0] : tensor<3x5x2xf32>
  %2 = aig.transpose %1, [2, 1, 0] : tensor<5x2x3xf32>
  return %2 : tensor<3x2x5xf32>
}

//===----------------------------------------------------------------------===//
// concat, slice, cast
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @concat_single
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NOT: aig.concat
// CHECK: return %[[X]] : tensor<2x3xf32>
func.func @concat_single(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = aig.concat %x axis = 1 : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @concat_two_not_folded
// CHECK: %[[R:.*]] = aig.concat
// CHECK: return %[[R]] : tensor<4x3xf32>
func.func @concat_two_not_folded(%x: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %0 = aig.concat %x, %x axis = 0 : tensor<2x3xf32>, tensor<2x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @slice_full
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>)
// CHECK-NOT: aig.slice
// CHECK: return %[[X]] : tensor<4x3xf32>
func.func @slice_full(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = aig.slice %x offsets = [0, 0] sizes = [4, 3] strides = [1, 1] : tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// A stride is irrelevant on a dimension of size 1.
// CHECK-LABEL: func.func @slice_full_strided_unit_dim
// CHECK-SAME: (%[[X:.*]]: tensor<1x3xf32>)
// CHECK-NOT: aig.slice
// CHECK: return %[[X]] : tensor<1x3xf32>
func.func @slice_full_strided_unit_dim(%x: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %0 = aig.slice %x offsets = [0, 0] sizes = [1, 3] strides = [5, 1] : tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// Same size as the input but not all of it: not the identity.
// CHECK-LABEL: func.func @slice_partial_not_folded
// CHECK: %[[R:.*]] = aig.slice %{{.*}} offsets = [1] sizes = [2] strides = [1] : tensor<4xf32>
// CHECK: return %[[R]] : tensor<2xf32>
func.func @slice_partial_not_folded(%x: tensor<4xf32>) -> tensor<2xf32> {
  %0 = aig.slice %x offsets = [1] sizes = [2] strides = [1] : tensor<4xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @cast_same_type
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NOT: aig.cast
// CHECK: return %[[X]] : tensor<4xf32>
func.func @cast_same_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aig.cast %x : tensor<4xf32> to f32
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @cast_other_type_not_folded
// CHECK: %[[R:.*]] = aig.cast %{{.*}} : tensor<4xf32> to f16
// CHECK: return %[[R]] : tensor<4xf16>
func.func @cast_other_type_not_folded(%x: tensor<4xf32>) -> tensor<4xf16> {
  %0 = aig.cast %x : tensor<4xf32> to f16
  return %0 : tensor<4xf16>
}

//===----------------------------------------------------------------------===//
// select
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @select_same_values
// CHECK-SAME: (%[[C:.*]]: tensor<4xi1>, %[[X:.*]]: tensor<4xf32>)
// CHECK-NOT: aig.select
// CHECK: return %[[X]] : tensor<4xf32>
func.func @select_same_values(%c: tensor<4xi1>, %x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aig.select %c, %x, %x : tensor<4xi1>, tensor<4xf32>, tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// The condition broadcasts the value to 2x4: not folded.
// CHECK-LABEL: func.func @select_same_values_broadcasting_not_folded
// CHECK: %[[R:.*]] = aig.select %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x1xi1>, tensor<4xf32>, tensor<4xf32>
// CHECK: return %[[R]] : tensor<2x4xf32>
func.func @select_same_values_broadcasting_not_folded(%c: tensor<2x1xi1>, %x: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = aig.select %c, %x, %x : tensor<2x1xi1>, tensor<4xf32>, tensor<4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @select_true
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[Y:.*]]: tensor<4xf32>)
// CHECK-NOT: aig.select
// CHECK: return %[[X]] : tensor<4xf32>
func.func @select_true(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %c = aig.constant dense<true> : tensor<4xi1>
  %0 = aig.select %c, %x, %y : tensor<4xi1>, tensor<4xf32>, tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @select_false
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[Y:.*]]: tensor<4xf32>)
// CHECK-NOT: aig.select
// CHECK: return %[[Y]] : tensor<4xf32>
func.func @select_false(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %c = aig.constant dense<false> : tensor<i1>
  %0 = aig.select %c, %x, %y : tensor<i1>, tensor<4xf32>, tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// The chosen value (4) is broadcast against the other one (2x4): not folded.
// CHECK-LABEL: func.func @select_true_broadcasting_not_folded
// CHECK: %[[R:.*]] = aig.select %{{.*}}, %{{.*}}, %{{.*}} : tensor<4xi1>, tensor<4xf32>, tensor<2x4xf32>
// CHECK: return %[[R]] : tensor<2x4xf32>
func.func @select_true_broadcasting_not_folded(%x: tensor<4xf32>, %y: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %c = aig.constant dense<true> : tensor<4xi1>
  %0 = aig.select %c, %x, %y : tensor<4xi1>, tensor<4xf32>, tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @select_non_splat_not_folded
// CHECK: %[[R:.*]] = aig.select
// CHECK: return %[[R]]
func.func @select_non_splat_not_folded(%x: tensor<2xf32>, %y: tensor<2xf32>) -> tensor<2xf32> {
  %c = aig.constant dense<[true, false]> : tensor<2xi1>
  %0 = aig.select %c, %x, %y : tensor<2xi1>, tensor<2xf32>, tensor<2xf32>
  return %0 : tensor<2xf32>
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @reduce_no_axes
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>)
// CHECK-NOT: aig.reduce
// CHECK: return %[[X]], %[[X]], %[[X]] : tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>
func.func @reduce_no_axes(%x: tensor<4x3xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>) {
  %0 = aig.reduce_sum %x axes = [] : tensor<4x3xf32>
  %1 = aig.reduce_mean %x axes = [] keepdims : tensor<4x3xf32>
  %2 = aig.reduce_max %x axes = [] : tensor<4x3xf32>
  return %0, %1, %2 : tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>
}

// -----

// Reducing a size-1 dimension with keepdims keeps the type but is not folded.
// CHECK-LABEL: func.func @reduce_unit_dim_not_folded
// CHECK: %[[R:.*]] = aig.reduce_sum %{{.*}} axes = [1] keepdims : tensor<4x1xf32>
// CHECK: return %[[R]] : tensor<4x1xf32>
func.func @reduce_unit_dim_not_folded(%x: tensor<4x1xf32>) -> tensor<4x1xf32> {
  %0 = aig.reduce_sum %x axes = [1] keepdims : tensor<4x1xf32>
  return %0 : tensor<4x1xf32>
}
