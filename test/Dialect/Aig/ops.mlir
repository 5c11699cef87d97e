// RUN: aicc-opt %s | aicc-opt | FileCheck %s
// RUN: aicc-opt %s --mlir-print-op-generic | aicc-opt | FileCheck %s

// Round-trip of every aig op through the custom and the generic form. The
// custom form spells only operand types; each result is returned so that
// the inferred result type is both visible in the output and checked by
// func.return's verifier against the function signature.

// CHECK-LABEL: func.func @constant
func.func @constant() -> (tensor<2xf32>, tensor<2x2xi32>, tensor<3xi1>, tensor<f64>) {
  // CHECK: aig.constant dense<[1.000000e+00, 2.500000e+00]> : tensor<2xf32>
  %0 = aig.constant dense<[1.0, 2.5]> : tensor<2xf32>
  // CHECK: aig.constant dense<{{\[}}[1, 2], [3, 4]]> : tensor<2x2xi32>
  %1 = aig.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>
  // CHECK: aig.constant dense<[true, false, true]> : tensor<3xi1>
  %2 = aig.constant dense<[true, false, true]> : tensor<3xi1>
  // CHECK: aig.constant dense<-1.000000e+00> : tensor<f64>
  %3 = aig.constant dense<-1.0> : tensor<f64>
  return %0, %1, %2, %3 : tensor<2xf32>, tensor<2x2xi32>, tensor<3xi1>, tensor<f64>
}

// CHECK-LABEL: func.func @matmul_2d
// CHECK-SAME: (%[[A:.*]]: tensor<128x784xf32>, %[[B:.*]]: tensor<784x256xf32>)
func.func @matmul_2d(%a: tensor<128x784xf32>, %b: tensor<784x256xf32>) -> tensor<128x256xf32> {
  // CHECK: %[[R:.*]] = aig.matmul %[[A]], %[[B]] : tensor<128x784xf32>, tensor<784x256xf32>
  %0 = aig.matmul %a, %b : tensor<128x784xf32>, tensor<784x256xf32>
  // CHECK: return %[[R]] : tensor<128x256xf32>
  return %0 : tensor<128x256xf32>
}

// CHECK-LABEL: func.func @matmul_batched
func.func @matmul_batched(%a: tensor<2x5x3x4xf32>, %b: tensor<2x5x4x6xf32>) -> tensor<2x5x3x6xf32> {
  // CHECK: aig.matmul %{{.*}}, %{{.*}} : tensor<2x5x3x4xf32>, tensor<2x5x4x6xf32>
  %0 = aig.matmul %a, %b : tensor<2x5x3x4xf32>, tensor<2x5x4x6xf32>
  // CHECK: return %{{.*}} : tensor<2x5x3x6xf32>
  return %0 : tensor<2x5x3x6xf32>
}

// CHECK-LABEL: func.func @matmul_3d_2d
func.func @matmul_3d_2d(%a: tensor<8x3x4xi32>, %b: tensor<4x6xi32>) -> tensor<8x3x6xi32> {
  // CHECK: aig.matmul %{{.*}}, %{{.*}} : tensor<8x3x4xi32>, tensor<4x6xi32>
  %0 = aig.matmul %a, %b : tensor<8x3x4xi32>, tensor<4x6xi32>
  // CHECK: return %{{.*}} : tensor<8x3x6xi32>
  return %0 : tensor<8x3x6xi32>
}

// CHECK-LABEL: func.func @binary
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<3xf32>, %[[C:.*]]: tensor<4x1xf32>, %[[S:.*]]: tensor<f32>)
func.func @binary(%x: tensor<4x3xf32>, %b: tensor<3xf32>, %c: tensor<4x1xf32>, %s: tensor<f32>)
    -> (tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<3xf32>) {
  // CHECK: %[[ADD:.*]] = aig.add %[[X]], %[[B]] : tensor<4x3xf32>, tensor<3xf32>
  %0 = aig.add %x, %b : tensor<4x3xf32>, tensor<3xf32>
  // CHECK: %[[SUB:.*]] = aig.sub %[[B]], %[[X]] : tensor<3xf32>, tensor<4x3xf32>
  %1 = aig.sub %b, %x : tensor<3xf32>, tensor<4x3xf32>
  // CHECK: %[[MUL:.*]] = aig.mul %[[X]], %[[C]] : tensor<4x3xf32>, tensor<4x1xf32>
  %2 = aig.mul %x, %c : tensor<4x3xf32>, tensor<4x1xf32>
  // Both operands stretch: 4x1 and 3 broadcast to 4x3.
  // CHECK: %[[DIV:.*]] = aig.div %[[C]], %[[B]] : tensor<4x1xf32>, tensor<3xf32>
  %3 = aig.div %c, %b : tensor<4x1xf32>, tensor<3xf32>
  // CHECK: %[[MAX:.*]] = aig.maximum %[[X]], %[[S]] : tensor<4x3xf32>, tensor<f32>
  %4 = aig.maximum %x, %s : tensor<4x3xf32>, tensor<f32>
  // CHECK: %[[MIN:.*]] = aig.minimum %[[S]], %[[X]] : tensor<f32>, tensor<4x3xf32>
  %5 = aig.minimum %s, %x : tensor<f32>, tensor<4x3xf32>
  // CHECK: %[[SAME:.*]] = aig.add %[[X]], %[[X]] : tensor<4x3xf32>, tensor<4x3xf32>
  %6 = aig.add %x, %x : tensor<4x3xf32>, tensor<4x3xf32>
  // CHECK: %[[VS:.*]] = aig.sub %[[B]], %[[S]] : tensor<3xf32>, tensor<f32>
  %7 = aig.sub %b, %s : tensor<3xf32>, tensor<f32>
  // CHECK: return %[[ADD]], %[[SUB]], %[[MUL]], %[[DIV]], %[[MAX]], %[[MIN]], %[[SAME]], %[[VS]] :
  // CHECK-SAME: tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<3xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7
      : tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<3xf32>
}

// CHECK-LABEL: func.func @binary_int_rank_extend
func.func @binary_int_rank_extend(%x: tensor<2x1x5xi64>, %y: tensor<3x1xi64>) -> tensor<2x3x5xi64> {
  // CHECK: aig.add %{{.*}}, %{{.*}} : tensor<2x1x5xi64>, tensor<3x1xi64>
  %0 = aig.add %x, %y : tensor<2x1x5xi64>, tensor<3x1xi64>
  // CHECK: return %{{.*}} : tensor<2x3x5xi64>
  return %0 : tensor<2x3x5xi64>
}

// CHECK-LABEL: func.func @unary
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>, %[[I:.*]]: tensor<5xi32>)
func.func @unary(%x: tensor<4x3xf32>, %i: tensor<5xi32>) -> (tensor<4x3xf32>, tensor<5xi32>) {
  // CHECK: %[[NEG:.*]] = aig.neg %[[X]] : tensor<4x3xf32>
  %0 = aig.neg %x : tensor<4x3xf32>
  // CHECK: %[[EXP:.*]] = aig.exp %[[NEG]] : tensor<4x3xf32>
  %1 = aig.exp %0 : tensor<4x3xf32>
  // CHECK: %[[LOG:.*]] = aig.log %[[EXP]] : tensor<4x3xf32>
  %2 = aig.log %1 : tensor<4x3xf32>
  // CHECK: %[[TANH:.*]] = aig.tanh %[[LOG]] : tensor<4x3xf32>
  %3 = aig.tanh %2 : tensor<4x3xf32>
  // CHECK: %[[SIG:.*]] = aig.sigmoid %[[TANH]] : tensor<4x3xf32>
  %4 = aig.sigmoid %3 : tensor<4x3xf32>
  // CHECK: %[[RELU:.*]] = aig.relu %[[SIG]] : tensor<4x3xf32>
  %5 = aig.relu %4 : tensor<4x3xf32>
  // CHECK: %[[SQRT:.*]] = aig.sqrt %[[RELU]] : tensor<4x3xf32>
  %6 = aig.sqrt %5 : tensor<4x3xf32>
  // CHECK: %[[RSQRT:.*]] = aig.rsqrt %[[SQRT]] : tensor<4x3xf32>
  %7 = aig.rsqrt %6 : tensor<4x3xf32>
  // neg also accepts integers.
  // CHECK: %[[INEG:.*]] = aig.neg %[[I]] : tensor<5xi32>
  %8 = aig.neg %i : tensor<5xi32>
  // CHECK: return %[[RSQRT]], %[[INEG]] : tensor<4x3xf32>, tensor<5xi32>
  return %7, %8 : tensor<4x3xf32>, tensor<5xi32>
}

// CHECK-LABEL: func.func @unary_other_floats
func.func @unary_other_floats(%x: tensor<2xbf16>, %y: tensor<f16>) -> (tensor<2xbf16>, tensor<f16>) {
  // CHECK: aig.exp %{{.*}} : tensor<2xbf16>
  %0 = aig.exp %x : tensor<2xbf16>
  // CHECK: aig.tanh %{{.*}} : tensor<f16>
  %1 = aig.tanh %y : tensor<f16>
  return %0, %1 : tensor<2xbf16>, tensor<f16>
}

// CHECK-LABEL: func.func @pow
func.func @pow(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  // CHECK: %[[P0:.*]] = aig.pow %{{.*}}, 2.000000e+00 : tensor<4xf32>
  %0 = aig.pow %x, 2.0 : tensor<4xf32>
  // CHECK: %[[P1:.*]] = aig.pow %[[P0]], -1.500000e+00 : tensor<4xf32>
  %1 = aig.pow %0, -1.5 : tensor<4xf32>
  // CHECK: return %[[P0]], %[[P1]] : tensor<4xf32>, tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// CHECK-LABEL: func.func @broadcast_to
func.func @broadcast_to(%b: tensor<3xf32>, %c: tensor<2x1xi8>, %s: tensor<f32>)
    -> (tensor<4x3xf32>, tensor<5x2x7xi8>, tensor<2x2xf32>) {
  // CHECK: %[[B0:.*]] = aig.broadcast_to %{{.*}}, [4, 3] : tensor<3xf32>
  %0 = aig.broadcast_to %b, [4, 3] : tensor<3xf32>
  // CHECK: %[[B1:.*]] = aig.broadcast_to %{{.*}}, [5, 2, 7] : tensor<2x1xi8>
  %1 = aig.broadcast_to %c, [5, 2, 7] : tensor<2x1xi8>
  // CHECK: %[[B2:.*]] = aig.broadcast_to %{{.*}}, [2, 2] : tensor<f32>
  %2 = aig.broadcast_to %s, [2, 2] : tensor<f32>
  // CHECK: return %[[B0]], %[[B1]], %[[B2]] : tensor<4x3xf32>, tensor<5x2x7xi8>, tensor<2x2xf32>
  return %0, %1, %2 : tensor<4x3xf32>, tensor<5x2x7xi8>, tensor<2x2xf32>
}

// CHECK-LABEL: func.func @reductions
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>, %[[I:.*]]: tensor<2x3xi32>)
func.func @reductions(%x: tensor<2x3x4xf32>, %i: tensor<2x3xi32>)
    -> (tensor<2x4xf32>, tensor<2x1x4xf32>, tensor<3xf32>, tensor<1x3x1xf32>, tensor<f32>, tensor<2x3x1xf32>, tensor<2xi32>, tensor<2x1xi32>) {
  // CHECK: %[[S0:.*]] = aig.reduce_sum %[[X]] axes = [1] : tensor<2x3x4xf32>
  %0 = aig.reduce_sum %x axes = [1] : tensor<2x3x4xf32>
  // CHECK: %[[S1:.*]] = aig.reduce_sum %[[X]] axes = [-2] keepdims : tensor<2x3x4xf32>
  %1 = aig.reduce_sum %x axes = [-2] keepdims : tensor<2x3x4xf32>
  // CHECK: %[[M0:.*]] = aig.reduce_mean %[[X]] axes = [0, -1] : tensor<2x3x4xf32>
  %2 = aig.reduce_mean %x axes = [0, -1] : tensor<2x3x4xf32>
  // CHECK: %[[M1:.*]] = aig.reduce_mean %[[X]] axes = [2, 0] keepdims : tensor<2x3x4xf32>
  %3 = aig.reduce_mean %x axes = [2, 0] keepdims : tensor<2x3x4xf32>
  // CHECK: %[[X0:.*]] = aig.reduce_max %[[X]] axes = [0, 1, 2] : tensor<2x3x4xf32>
  %4 = aig.reduce_max %x axes = [0, 1, 2] : tensor<2x3x4xf32>
  // CHECK: %[[X1:.*]] = aig.reduce_max %[[X]] axes = [-1] keepdims : tensor<2x3x4xf32>
  %5 = aig.reduce_max %x axes = [-1] keepdims : tensor<2x3x4xf32>
  // CHECK: %[[X2:.*]] = aig.reduce_max %[[I]] axes = [1] : tensor<2x3xi32>
  %6 = aig.reduce_max %i axes = [1] : tensor<2x3xi32>
  // CHECK: %[[S2:.*]] = aig.reduce_sum %[[I]] axes = [-1] keepdims : tensor<2x3xi32>
  %7 = aig.reduce_sum %i axes = [-1] keepdims : tensor<2x3xi32>
  // CHECK: return %[[S0]], %[[S1]], %[[M0]], %[[M1]], %[[X0]], %[[X1]], %[[X2]], %[[S2]] :
  // CHECK-SAME: tensor<2x4xf32>, tensor<2x1x4xf32>, tensor<3xf32>, tensor<1x3x1xf32>, tensor<f32>, tensor<2x3x1xf32>, tensor<2xi32>, tensor<2x1xi32>
  return %0, %1, %2, %3, %4, %5, %6, %7
      : tensor<2x4xf32>, tensor<2x1x4xf32>, tensor<3xf32>, tensor<1x3x1xf32>, tensor<f32>, tensor<2x3x1xf32>, tensor<2xi32>, tensor<2x1xi32>
}

// CHECK-LABEL: func.func @reduce_no_axes
func.func @reduce_no_axes(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  // CHECK: %[[R0:.*]] = aig.reduce_sum %{{.*}} axes = [] : tensor<2x3xf32>
  %0 = aig.reduce_sum %x axes = [] : tensor<2x3xf32>
  // CHECK: %[[R1:.*]] = aig.reduce_max %{{.*}} axes = [] keepdims : tensor<2x3xf32>
  %1 = aig.reduce_max %x axes = [] keepdims : tensor<2x3xf32>
  // CHECK: return %[[R0]], %[[R1]] : tensor<2x3xf32>, tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @reshape
func.func @reshape(%x: tensor<4x3xf32>, %s: tensor<i32>)
    -> (tensor<2x6xf32>, tensor<12xf32>, tensor<3x1x4xf32>, tensor<1x1xi32>, tensor<i32>) {
  // CHECK: %[[R0:.*]] = aig.reshape %{{.*}}, [2, -1] : tensor<4x3xf32>
  %0 = aig.reshape %x, [2, -1] : tensor<4x3xf32>
  // CHECK: %[[R1:.*]] = aig.reshape %{{.*}}, [-1] : tensor<4x3xf32>
  %1 = aig.reshape %x, [-1] : tensor<4x3xf32>
  // CHECK: %[[R2:.*]] = aig.reshape %{{.*}}, [3, 1, 4] : tensor<4x3xf32>
  %2 = aig.reshape %x, [3, 1, 4] : tensor<4x3xf32>
  // CHECK: %[[R3:.*]] = aig.reshape %{{.*}}, [1, -1] : tensor<i32>
  %3 = aig.reshape %s, [1, -1] : tensor<i32>
  // CHECK: %[[R4:.*]] = aig.reshape %[[R3]], [] : tensor<1x1xi32>
  %4 = aig.reshape %3, [] : tensor<1x1xi32>
  // CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]] : tensor<2x6xf32>, tensor<12xf32>, tensor<3x1x4xf32>, tensor<1x1xi32>, tensor<i32>
  return %0, %1, %2, %3, %4 : tensor<2x6xf32>, tensor<12xf32>, tensor<3x1x4xf32>, tensor<1x1xi32>, tensor<i32>
}

// CHECK-LABEL: func.func @transpose
func.func @transpose(%x: tensor<4x3xf32>, %y: tensor<2x3x5xi1>) -> (tensor<3x4xf32>, tensor<5x2x3xi1>) {
  // CHECK: %[[T0:.*]] = aig.transpose %{{.*}}, [1, 0] : tensor<4x3xf32>
  %0 = aig.transpose %x, [1, 0] : tensor<4x3xf32>
  // CHECK: %[[T1:.*]] = aig.transpose %{{.*}}, [2, 0, 1] : tensor<2x3x5xi1>
  %1 = aig.transpose %y, [2, 0, 1] : tensor<2x3x5xi1>
  // CHECK: return %[[T0]], %[[T1]] : tensor<3x4xf32>, tensor<5x2x3xi1>
  return %0, %1 : tensor<3x4xf32>, tensor<5x2x3xi1>
}

// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x5xf32>, %[[C:.*]]: tensor<4x3xf32>)
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>, %c: tensor<4x3xf32>)
    -> (tensor<2x8xf32>, tensor<8x3xf32>, tensor<2x11xf32>) {
  // CHECK: %[[C0:.*]] = aig.concat %[[A]], %[[B]] axis = 1 : tensor<2x3xf32>, tensor<2x5xf32>
  %0 = aig.concat %a, %b axis = 1 : tensor<2x3xf32>, tensor<2x5xf32>
  // CHECK: %[[C1:.*]] = aig.concat %[[A]], %[[C]], %[[A]] axis = 0 : tensor<2x3xf32>, tensor<4x3xf32>, tensor<2x3xf32>
  %1 = aig.concat %a, %c, %a axis = 0 : tensor<2x3xf32>, tensor<4x3xf32>, tensor<2x3xf32>
  // CHECK: %[[C2:.*]] = aig.concat %[[B]], %[[A]], %[[A]] axis = -1 : tensor<2x5xf32>, tensor<2x3xf32>, tensor<2x3xf32>
  %2 = aig.concat %b, %a, %a axis = -1 : tensor<2x5xf32>, tensor<2x3xf32>, tensor<2x3xf32>
  // CHECK: return %[[C0]], %[[C1]], %[[C2]] : tensor<2x8xf32>, tensor<8x3xf32>, tensor<2x11xf32>
  return %0, %1, %2 : tensor<2x8xf32>, tensor<8x3xf32>, tensor<2x11xf32>
}

// CHECK-LABEL: func.func @slice
func.func @slice(%x: tensor<4x6xf32>) -> (tensor<4x2xf32>, tensor<2x3xf32>, tensor<0x6xf32>) {
  // CHECK: %[[S0:.*]] = aig.slice %{{.*}} offsets = [0, 1] sizes = [4, 2] strides = [1, 1] : tensor<4x6xf32>
  %0 = aig.slice %x offsets = [0, 1] sizes = [4, 2] strides = [1, 1] : tensor<4x6xf32>
  // CHECK: %[[S1:.*]] = aig.slice %{{.*}} offsets = [1, 0] sizes = [2, 3] strides = [2, 2] : tensor<4x6xf32>
  %1 = aig.slice %x offsets = [1, 0] sizes = [2, 3] strides = [2, 2] : tensor<4x6xf32>
  // CHECK: %[[S2:.*]] = aig.slice %{{.*}} offsets = [2, 0] sizes = [0, 6] strides = [1, 1] : tensor<4x6xf32>
  %2 = aig.slice %x offsets = [2, 0] sizes = [0, 6] strides = [1, 1] : tensor<4x6xf32>
  // CHECK: return %[[S0]], %[[S1]], %[[S2]] : tensor<4x2xf32>, tensor<2x3xf32>, tensor<0x6xf32>
  return %0, %1, %2 : tensor<4x2xf32>, tensor<2x3xf32>, tensor<0x6xf32>
}

// CHECK-LABEL: func.func @softmax
func.func @softmax(%x: tensor<128x10xf32>) -> (tensor<128x10xf32>, tensor<128x10xf32>, tensor<128x10xf32>, tensor<128x10xf32>) {
  // CHECK: %[[S0:.*]] = aig.softmax %{{.*}} axis = 1 : tensor<128x10xf32>
  %0 = aig.softmax %x axis = 1 : tensor<128x10xf32>
  // CHECK: %[[S1:.*]] = aig.softmax %{{.*}} axis = -2 : tensor<128x10xf32>
  %1 = aig.softmax %x axis = -2 : tensor<128x10xf32>
  // CHECK: %[[L0:.*]] = aig.log_softmax %{{.*}} axis = 1 : tensor<128x10xf32>
  %2 = aig.log_softmax %x axis = 1 : tensor<128x10xf32>
  // CHECK: %[[L1:.*]] = aig.log_softmax %{{.*}} axis = -1 : tensor<128x10xf32>
  %3 = aig.log_softmax %x axis = -1 : tensor<128x10xf32>
  // CHECK: return %[[S0]], %[[S1]], %[[L0]], %[[L1]] :
  return %0, %1, %2, %3 : tensor<128x10xf32>, tensor<128x10xf32>, tensor<128x10xf32>, tensor<128x10xf32>
}

// CHECK-LABEL: func.func @cast
func.func @cast(%l: tensor<128xi64>, %f: tensor<2x2xf32>, %m: tensor<3xi1>)
    -> (tensor<128xf32>, tensor<2x2xi32>, tensor<2x2xf16>, tensor<3xf32>, tensor<2x2xi1>, tensor<128xi8>) {
  // CHECK: %[[C0:.*]] = aig.cast %{{.*}} : tensor<128xi64> to f32
  %0 = aig.cast %l : tensor<128xi64> to f32
  // CHECK: %[[C1:.*]] = aig.cast %{{.*}} : tensor<2x2xf32> to i32
  %1 = aig.cast %f : tensor<2x2xf32> to i32
  // CHECK: %[[C2:.*]] = aig.cast %{{.*}} : tensor<2x2xf32> to f16
  %2 = aig.cast %f : tensor<2x2xf32> to f16
  // CHECK: %[[C3:.*]] = aig.cast %{{.*}} : tensor<3xi1> to f32
  %3 = aig.cast %m : tensor<3xi1> to f32
  // CHECK: %[[C4:.*]] = aig.cast %{{.*}} : tensor<2x2xf32> to i1
  %4 = aig.cast %f : tensor<2x2xf32> to i1
  // CHECK: %[[C5:.*]] = aig.cast %{{.*}} : tensor<128xi64> to i8
  %5 = aig.cast %l : tensor<128xi64> to i8
  // CHECK: return %[[C0]], %[[C1]], %[[C2]], %[[C3]], %[[C4]], %[[C5]] :
  // CHECK-SAME: tensor<128xf32>, tensor<2x2xi32>, tensor<2x2xf16>, tensor<3xf32>, tensor<2x2xi1>, tensor<128xi8>
  return %0, %1, %2, %3, %4, %5 : tensor<128xf32>, tensor<2x2xi32>, tensor<2x2xf16>, tensor<3xf32>, tensor<2x2xi1>, tensor<128xi8>
}

// CHECK-LABEL: func.func @compare
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>, %[[Z:.*]]: tensor<f32>, %[[I:.*]]: tensor<3xi32>, %[[J:.*]]: tensor<2x1xi32>)
func.func @compare(%x: tensor<4x3xf32>, %z: tensor<f32>, %i: tensor<3xi32>, %j: tensor<2x1xi32>)
    -> (tensor<4x3xi1>, tensor<4x3xi1>, tensor<4x3xi1>, tensor<4x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>) {
  // CHECK: %[[EQ:.*]] = aig.compare eq, %[[X]], %[[Z]] : tensor<4x3xf32>, tensor<f32>
  %0 = aig.compare eq, %x, %z : tensor<4x3xf32>, tensor<f32>
  // CHECK: %[[NE:.*]] = aig.compare ne, %[[Z]], %[[X]] : tensor<f32>, tensor<4x3xf32>
  %1 = aig.compare ne, %z, %x : tensor<f32>, tensor<4x3xf32>
  // CHECK: %[[LT:.*]] = aig.compare lt, %[[X]], %[[X]] : tensor<4x3xf32>, tensor<4x3xf32>
  %2 = aig.compare lt, %x, %x : tensor<4x3xf32>, tensor<4x3xf32>
  // CHECK: %[[LE:.*]] = aig.compare le, %[[X]], %[[Z]] : tensor<4x3xf32>, tensor<f32>
  %3 = aig.compare le, %x, %z : tensor<4x3xf32>, tensor<f32>
  // CHECK: %[[GT:.*]] = aig.compare gt, %[[I]], %[[J]] : tensor<3xi32>, tensor<2x1xi32>
  %4 = aig.compare gt, %i, %j : tensor<3xi32>, tensor<2x1xi32>
  // CHECK: %[[GE:.*]] = aig.compare ge, %[[J]], %[[I]] : tensor<2x1xi32>, tensor<3xi32>
  %5 = aig.compare ge, %j, %i : tensor<2x1xi32>, tensor<3xi32>
  // CHECK: return %[[EQ]], %[[NE]], %[[LT]], %[[LE]], %[[GT]], %[[GE]] :
  // CHECK-SAME: tensor<4x3xi1>, tensor<4x3xi1>, tensor<4x3xi1>, tensor<4x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>
  return %0, %1, %2, %3, %4, %5 : tensor<4x3xi1>, tensor<4x3xi1>, tensor<4x3xi1>, tensor<4x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>
}

// CHECK-LABEL: func.func @select
// CHECK-SAME: (%[[M:.*]]: tensor<4x3xi1>, %[[X:.*]]: tensor<4x3xf32>, %[[Z:.*]]: tensor<f32>, %[[C:.*]]: tensor<2x1x1xi1>, %[[R:.*]]: tensor<3xf32>)
func.func @select(%m: tensor<4x3xi1>, %x: tensor<4x3xf32>, %z: tensor<f32>, %c: tensor<2x1x1xi1>, %r: tensor<3xf32>)
    -> (tensor<4x3xf32>, tensor<2x1x3xf32>) {
  // CHECK: %[[S0:.*]] = aig.select %[[M]], %[[X]], %[[Z]] : tensor<4x3xi1>, tensor<4x3xf32>, tensor<f32>
  %0 = aig.select %m, %x, %z : tensor<4x3xi1>, tensor<4x3xf32>, tensor<f32>
  // The condition also broadcasts against the values.
  // CHECK: %[[S1:.*]] = aig.select %[[C]], %[[R]], %[[Z]] : tensor<2x1x1xi1>, tensor<3xf32>, tensor<f32>
  %1 = aig.select %c, %r, %z : tensor<2x1x1xi1>, tensor<3xf32>, tensor<f32>
  // CHECK: return %[[S0]], %[[S1]] : tensor<4x3xf32>, tensor<2x1x3xf32>
  return %0, %1 : tensor<4x3xf32>, tensor<2x1x3xf32>
}

// CHECK-LABEL: func.func @gather
func.func @gather(%t: tensor<113x64xf32>, %ids: tensor<32x16xi64>, %m: tensor<2x5x3xf32>, %i: tensor<i32>)
    -> (tensor<32x16x64xf32>, tensor<2x3xf32>) {
  // CHECK: aig.gather %{{.*}}[%{{.*}}] axis = 0 : tensor<113x64xf32>, tensor<32x16xi64>
  %0 = aig.gather %t[%ids] axis = 0 : tensor<113x64xf32>, tensor<32x16xi64>
  // A rank-0 index drops the axis.
  // CHECK: aig.gather %{{.*}}[%{{.*}}] axis = 1 : tensor<2x5x3xf32>, tensor<i32>
  %1 = aig.gather %m[%i] axis = 1 : tensor<2x5x3xf32>, tensor<i32>
  return %0, %1 : tensor<32x16x64xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @scatter_add
func.func @scatter_add(%g: tensor<2048x64xf32>, %ids: tensor<2048xi64>) -> tensor<113x64xf32> {
  // CHECK: aig.scatter_add %{{.*}}[%{{.*}}] rows = 113 : tensor<2048x64xf32>, tensor<2048xi64>
  %0 = aig.scatter_add %g[%ids] rows = 113 : tensor<2048x64xf32>, tensor<2048xi64>
  return %0 : tensor<113x64xf32>
}
