// RUN: aicc-opt %s --aig-autodiff --canonicalize --cse --split-input-file | FileCheck %s
// RUN: aicc-opt %s --aig-autodiff --canonicalize --cse --split-input-file | FileCheck %s --check-prefix=MATMULS
// RUN: aicc-opt %s --aig-autodiff --canonicalize --cse --split-input-file | FileCheck %s --check-prefix=LOGSM
// RUN: aicc-opt %s --aig-autodiff --canonicalize --cse --split-input-file | FileCheck %s --check-prefix=NODX

// aig-autodiff adds <f>_grad next to every loss function f (public, first
// result a rank-0 float), returning the loss followed by the gradients with
// respect to the {aig.param} arguments (every float argument if none is
// marked). The forward ops are computed once and shared with the backward
// ops; only gradients on a path from a parameter to the loss are built.

// A 2-layer MLP with softmax cross-entropy. x and the labels are not
// parameters, so no gradient flows to x: there are exactly 5 matmuls (2
// forward; dW2, dh1 and dW1 backward, and no dx = dz1 @ W1^T) and one
// log_softmax (the backward reuses exp(log_softmax) as the softmax). The op
// list is exact (CHECK-NEXT), so nothing is recomputed and nothing is dead;
// the other prefixes count the matmuls and log_softmaxes and check that W1^T
// (only needed for dx) is never formed.

// MATMULS-LABEL: func.func @mlp_grad(
// MATMULS-COUNT-5: aig.matmul
// MATMULS-NOT: aig.matmul
// MATMULS: return

// LOGSM-LABEL: func.func @mlp_grad(
// LOGSM: aig.log_softmax
// LOGSM-NOT: aig.log_softmax
// LOGSM: return

// NODX-LABEL: func.func @mlp_grad(
// NODX-SAME: %[[X:[^:]*]]: tensor<8x20xf32>, %{{[^:]*}}: tensor<8xi64>, %[[W1:[^:]*]]: tensor<20x16xf32>
// NODX-NOT: aig.transpose %[[W1]]
// NODX: return

// CHECK-LABEL: func.func @mlp(
// CHECK-NOT: aig.transpose
// CHECK: return

// CHECK-LABEL: func.func @mlp_grad(
// CHECK-SAME: %[[X:[^:]*]]: tensor<8x20xf32>, %[[L:[^:]*]]: tensor<8xi64>,
// CHECK-SAME: %[[W1:[^:]*]]: tensor<20x16xf32> {aig.param}, %[[B1:[^:]*]]: tensor<16xf32> {aig.param},
// CHECK-SAME: %[[W2:[^:]*]]: tensor<16x10xf32> {aig.param}, %[[B2:[^:]*]]: tensor<10xf32> {aig.param})
// CHECK-SAME: -> (tensor<f32>, tensor<20x16xf32>, tensor<16xf32>, tensor<16x10xf32>, tensor<10xf32>)
// CHECK-DAG: %[[MINV8:.*]] = aig.constant dense<-1.250000e-01> : tensor<8x10xf32>
// CHECK-DAG: %[[ZERO:.*]] = aig.constant dense<0.000000e+00> : tensor<f32>
// CHECK-DAG: %[[M8:.*]] = aig.constant dense<-8.000000e+00> : tensor<f32>
//     Forward, once.
// CHECK: %[[MM1:.*]] = aig.matmul %[[X]], %[[W1]]
// CHECK-NEXT: %[[Z1:.*]] = aig.add %[[MM1]], %[[B1]]
// CHECK-NEXT: %[[H1:.*]] = aig.relu %[[Z1]]
// CHECK-NEXT: %[[MM2:.*]] = aig.matmul %[[H1]], %[[W2]]
// CHECK-NEXT: %[[Z2:.*]] = aig.add %[[MM2]], %[[B2]]
// CHECK-NEXT: %[[LOGP:.*]] = aig.log_softmax %[[Z2]] axis = 1
// CHECK-NEXT: %[[T:.*]] = aig.one_hot %[[L]] num_classes = 10
// CHECK-NEXT: %[[PROD:.*]] = aig.mul %[[LOGP]], %[[T]]
// CHECK-NEXT: %[[SUM:.*]] = aig.reduce_sum %[[PROD]] axes = [0, 1]
// CHECK-NEXT: %[[LOSS:.*]] = aig.div %[[SUM]], %[[M8]]
//     Backward: dlogp = -t/8; dz2 = dlogp - exp(logp) * sum(dlogp).
// CHECK-NEXT: %[[DLOGP:.*]] = aig.mul %[[T]], %[[MINV8]]
// CHECK-NEXT: %[[DSUM:.*]] = aig.reduce_sum %[[DLOGP]] axes = [1] keepdims
// CHECK-NEXT: %[[P:.*]] = aig.exp %[[LOGP]]
// CHECK-NEXT: %[[PD:.*]] = aig.mul %[[P]], %[[DSUM]]
// CHECK-NEXT: %[[DZ2:.*]] = aig.sub %[[DLOGP]], %[[PD]]
//     db2 sums the broadcast bias's gradient over the batch.
// CHECK-NEXT: %[[DB2:.*]] = aig.reduce_sum %[[DZ2]] axes = [0] : tensor<8x10xf32>
// CHECK-NEXT: %[[W2T:.*]] = aig.transpose %[[W2]], [1, 0]
// CHECK-NEXT: %[[DH1:.*]] = aig.matmul %[[DZ2]], %[[W2T]]
// CHECK-NEXT: %[[H1T:.*]] = aig.transpose %[[H1]], [1, 0]
// CHECK-NEXT: %[[DW2:.*]] = aig.matmul %[[H1T]], %[[DZ2]]
//     relu: the gradient where the pre-activation is positive.
// CHECK-NEXT: %[[POS:.*]] = aig.compare gt, %[[Z1]], %[[ZERO]]
// CHECK-NEXT: %[[DZ1:.*]] = aig.select %[[POS]], %[[DH1]], %[[ZERO]]
// CHECK-NEXT: %[[DB1:.*]] = aig.reduce_sum %[[DZ1]] axes = [0] : tensor<8x16xf32>
// CHECK-NEXT: %[[XT:.*]] = aig.transpose %[[X]], [1, 0]
// CHECK-NEXT: %[[DW1:.*]] = aig.matmul %[[XT]], %[[DZ1]]
// CHECK-NEXT: return %[[LOSS]], %[[DW1]], %[[DB1]], %[[DW2]], %[[DB2]] :
func.func @mlp(%x: tensor<8x20xf32>, %labels: tensor<8xi64>,
               %w1: tensor<20x16xf32> {aig.param},
               %b1: tensor<16xf32> {aig.param},
               %w2: tensor<16x10xf32> {aig.param},
               %b2: tensor<10xf32> {aig.param}) -> tensor<f32> {
  %0 = aig.matmul %x, %w1 : tensor<8x20xf32>, tensor<20x16xf32>
  %1 = aig.add %0, %b1 : tensor<8x16xf32>, tensor<16xf32>
  %2 = aig.relu %1 : tensor<8x16xf32>
  %3 = aig.matmul %2, %w2 : tensor<8x16xf32>, tensor<16x10xf32>
  %4 = aig.add %3, %b2 : tensor<8x10xf32>, tensor<10xf32>
  %5 = aig.log_softmax %4 axis = 1 : tensor<8x10xf32>
  %6 = aig.one_hot %labels num_classes = 10 : tensor<8xi64> to f32
  %7 = aig.mul %5, %6 : tensor<8x10xf32>, tensor<8x10xf32>
  %8 = aig.reduce_sum %7 axes = [0, 1] : tensor<8x10xf32>
  %9 = aig.constant dense<-8.0> : tensor<f32>
  %10 = aig.div %8, %9 : tensor<f32>, tensor<f32>
  return %10 : tensor<f32>
}

// -----

// Adjoint accumulation: x is used by the exp and by the mul, so its
// gradient is the sum of both contributions, exp(x) (through mul's lhs) and
// x * exp(x) (through exp; CSE shares it with the forward product).

// CHECK-LABEL: func.func @used_twice_grad(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4xf32> {aig.param}
// CHECK-NEXT: %[[E:.*]] = aig.exp %[[X]]
// CHECK-NEXT: %[[XE:.*]] = aig.mul %[[X]], %[[E]]
// CHECK-NEXT: %[[LOSS:.*]] = aig.reduce_sum %[[XE]] axes = [0]
// CHECK-NEXT: %[[DX:.*]] = aig.add %[[E]], %[[XE]] : tensor<4xf32>, tensor<4xf32>
// CHECK-NEXT: return %[[LOSS]], %[[DX]] : tensor<f32>, tensor<4xf32>
func.func @used_twice(%x: tensor<4xf32> {aig.param}) -> tensor<f32> {
  %0 = aig.exp %x : tensor<4xf32>
  %1 = aig.mul %x, %0 : tensor<4xf32>, tensor<4xf32>
  %2 = aig.reduce_sum %1 axes = [0] : tensor<4xf32>
  return %2 : tensor<f32>
}

// -----

// A weight shared by two layers: dW is the sum of the two matmuls' weight
// gradients (h^T @ g for the second use, x^T @ dz for the first).

// CHECK-LABEL: func.func @shared_weight_grad(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x6xf32>, %[[W:[^:]*]]: tensor<6x6xf32> {aig.param}
// CHECK: %[[Z:.*]] = aig.matmul %[[X]], %[[W]]
// CHECK-NEXT: %[[H:.*]] = aig.tanh %[[Z]]
// CHECK-NEXT: %[[Y:.*]] = aig.matmul %[[H]], %[[W]]
// CHECK-NEXT: %[[LOSS:.*]] = aig.reduce_sum %[[Y]]
// CHECK: %[[HT:.*]] = aig.transpose %[[H]], [1, 0]
// CHECK-NEXT: %[[DW_SECOND:.*]] = aig.matmul %[[HT]], %{{.*}} : tensor<6x4xf32>, tensor<4x6xf32>
// CHECK: %[[XT:.*]] = aig.transpose %[[X]], [1, 0]
// CHECK-NEXT: %[[DW_FIRST:.*]] = aig.matmul %[[XT]], %{{.*}} : tensor<6x4xf32>, tensor<4x6xf32>
// CHECK-NEXT: %[[DW:.*]] = aig.add %[[DW_SECOND]], %[[DW_FIRST]] : tensor<6x6xf32>, tensor<6x6xf32>
// CHECK-NEXT: return %[[LOSS]], %[[DW]]
func.func @shared_weight(%x: tensor<4x6xf32>, %w: tensor<6x6xf32> {aig.param}) -> tensor<f32> {
  %0 = aig.matmul %x, %w : tensor<4x6xf32>, tensor<6x6xf32>
  %1 = aig.tanh %0 : tensor<4x6xf32>
  %2 = aig.matmul %1, %w : tensor<4x6xf32>, tensor<6x6xf32>
  %3 = aig.reduce_sum %2 axes = [0, 1] : tensor<4x6xf32>
  return %3 : tensor<f32>
}

// -----

// Broadcast operands: the gradient is summed over the broadcast dimensions
// with aig.reduce_sum and reshaped to the operand's shape (the reshape folds
// away when the sum already has it). r is not a parameter.

// 4x3 * 3: db = sum over rows of r * a, already of shape 3.
// CHECK-LABEL: func.func @trailing_grad(
// CHECK-SAME: %[[A:[^:]*]]: tensor<4x3xf32> {aig.param}, %[[B:[^:]*]]: tensor<3xf32> {aig.param}, %[[R:[^:]*]]: tensor<4x3xf32>)
// CHECK-SAME: -> (tensor<f32>, tensor<4x3xf32>, tensor<3xf32>)
// CHECK: %[[LOSS:.*]] = aig.reduce_sum %{{.*}} axes = [0, 1]
// CHECK-NEXT: %[[DA:.*]] = aig.mul %[[R]], %[[B]] : tensor<4x3xf32>, tensor<3xf32>
// CHECK-NEXT: %[[RA:.*]] = aig.mul %[[R]], %[[A]] : tensor<4x3xf32>, tensor<4x3xf32>
// CHECK-NEXT: %[[DB:.*]] = aig.reduce_sum %[[RA]] axes = [0] : tensor<4x3xf32>
// CHECK-NEXT: return %[[LOSS]], %[[DA]], %[[DB]] : tensor<f32>, tensor<4x3xf32>, tensor<3xf32>
func.func @trailing(%a: tensor<4x3xf32> {aig.param}, %b: tensor<3xf32> {aig.param}, %r: tensor<4x3xf32>) -> tensor<f32> {
  %0 = aig.mul %a, %b : tensor<4x3xf32>, tensor<3xf32>
  %1 = aig.mul %0, %r : tensor<4x3xf32>, tensor<4x3xf32>
  %2 = aig.reduce_sum %1 axes = [0, 1] : tensor<4x3xf32>
  return %2 : tensor<f32>
}

// 4x1 - 1x3: each operand is broadcast along its size-1 dimension; the sums
// are reshaped back to 4x1 and 1x3 (with the negation for the subtrahend).
// CHECK-LABEL: func.func @both_grad(
// CHECK-SAME: %[[A:[^:]*]]: tensor<4x1xf32> {aig.param}, %[[B:[^:]*]]: tensor<1x3xf32> {aig.param}, %[[R:[^:]*]]: tensor<4x3xf32>)
// CHECK: %[[LOSS:.*]] = aig.reduce_sum %{{.*}} axes = [0, 1]
// CHECK-NEXT: %[[SA:.*]] = aig.reduce_sum %[[R]] axes = [1] : tensor<4x3xf32>
// CHECK-NEXT: %[[DA:.*]] = aig.reshape %[[SA]], [4, 1] : tensor<4xf32>
// CHECK-NEXT: %[[NR:.*]] = aig.neg %[[R]] : tensor<4x3xf32>
// CHECK-NEXT: %[[SB:.*]] = aig.reduce_sum %[[NR]] axes = [0] : tensor<4x3xf32>
// CHECK-NEXT: %[[DB:.*]] = aig.reshape %[[SB]], [1, 3] : tensor<3xf32>
// CHECK-NEXT: return %[[LOSS]], %[[DA]], %[[DB]] : tensor<f32>, tensor<4x1xf32>, tensor<1x3xf32>
func.func @both(%a: tensor<4x1xf32> {aig.param}, %b: tensor<1x3xf32> {aig.param}, %r: tensor<4x3xf32>) -> tensor<f32> {
  %0 = aig.sub %a, %b : tensor<4x1xf32>, tensor<1x3xf32>
  %1 = aig.mul %0, %r : tensor<4x3xf32>, tensor<4x3xf32>
  %2 = aig.reduce_sum %1 axes = [0, 1] : tensor<4x3xf32>
  return %2 : tensor<f32>
}

// 5x1x3 + 4x1 -> 5x4x3: b's gradient sums the leading dimension it lacks and
// the dimension it broadcasts (axes 0 and 2).
// CHECK-LABEL: func.func @rank_diff_grad(
// CHECK-SAME: %[[A:[^:]*]]: tensor<5x1x3xf32> {aig.param}, %[[B:[^:]*]]: tensor<4x1xf32> {aig.param}, %[[R:[^:]*]]: tensor<5x4x3xf32>)
// CHECK: %[[LOSS:.*]] = aig.reduce_sum %{{.*}} axes = [0, 1, 2]
// CHECK-NEXT: %[[SA:.*]] = aig.reduce_sum %[[R]] axes = [1] : tensor<5x4x3xf32>
// CHECK-NEXT: %[[DA:.*]] = aig.reshape %[[SA]], [5, 1, 3] : tensor<5x3xf32>
// CHECK-NEXT: %[[SB:.*]] = aig.reduce_sum %[[R]] axes = [0, 2] : tensor<5x4x3xf32>
// CHECK-NEXT: %[[DB:.*]] = aig.reshape %[[SB]], [4, 1] : tensor<4xf32>
// CHECK-NEXT: return %[[LOSS]], %[[DA]], %[[DB]] : tensor<f32>, tensor<5x1x3xf32>, tensor<4x1xf32>
func.func @rank_diff(%a: tensor<5x1x3xf32> {aig.param}, %b: tensor<4x1xf32> {aig.param}, %r: tensor<5x4x3xf32>) -> tensor<f32> {
  %0 = aig.add %a, %b : tensor<5x1x3xf32>, tensor<4x1xf32>
  %1 = aig.mul %0, %r : tensor<5x4x3xf32>, tensor<5x4x3xf32>
  %2 = aig.reduce_sum %1 axes = [0, 1, 2] : tensor<5x4x3xf32>
  return %2 : tensor<f32>
}

// A rank-0 operand: its gradient is the sum over every dimension.
// CHECK-LABEL: func.func @scalar_grad(
// CHECK-SAME: %[[A:[^:]*]]: tensor<2x3xf32> {aig.param}, %[[S:[^:]*]]: tensor<f32> {aig.param}, %[[R:[^:]*]]: tensor<2x3xf32>)
// CHECK: %[[LOSS:.*]] = aig.reduce_sum %{{.*}} axes = [0, 1]
// CHECK-NEXT: %[[DS:.*]] = aig.reduce_sum %[[R]] axes = [0, 1] : tensor<2x3xf32>
// CHECK-NEXT: return %[[LOSS]], %[[R]], %[[DS]] : tensor<f32>, tensor<2x3xf32>, tensor<f32>
func.func @scalar(%a: tensor<2x3xf32> {aig.param}, %s: tensor<f32> {aig.param}, %r: tensor<2x3xf32>) -> tensor<f32> {
  %0 = aig.add %a, %s : tensor<2x3xf32>, tensor<f32>
  %1 = aig.mul %0, %r : tensor<2x3xf32>, tensor<2x3xf32>
  %2 = aig.reduce_sum %1 axes = [0, 1] : tensor<2x3xf32>
  return %2 : tensor<f32>
}

// -----

// 3-D @ 2-D: the shared right operand's gradient folds the batch into the
// rows, reshape(x, [-1, 5])^T @ reshape(g, [-1, 3]).

// CHECK-LABEL: func.func @matmul_3d_2d_grad(
// CHECK-SAME: %[[X:[^:]*]]: tensor<2x4x5xf32> {aig.param}, %[[W:[^:]*]]: tensor<5x3xf32> {aig.param})
// CHECK: %[[WT:.*]] = aig.transpose %[[W]], [1, 0] : tensor<5x3xf32>
// CHECK-NEXT: %[[DX:.*]] = aig.matmul %[[G:.*]], %[[WT]] : tensor<2x4x3xf32>, tensor<3x5xf32>
// CHECK-NEXT: %[[X2:.*]] = aig.reshape %[[X]], [-1, 5] : tensor<2x4x5xf32>
// CHECK-NEXT: %[[G2:.*]] = aig.reshape %[[G]], [-1, 3] : tensor<2x4x3xf32>
// CHECK-NEXT: %[[X2T:.*]] = aig.transpose %[[X2]], [1, 0] : tensor<8x5xf32>
// CHECK-NEXT: %[[DW:.*]] = aig.matmul %[[X2T]], %[[G2]] : tensor<5x8xf32>, tensor<8x3xf32>
// CHECK-NEXT: return %{{.*}}, %[[DX]], %[[DW]] : tensor<f32>, tensor<2x4x5xf32>, tensor<5x3xf32>
func.func @matmul_3d_2d(%x: tensor<2x4x5xf32> {aig.param}, %w: tensor<5x3xf32> {aig.param}) -> tensor<f32> {
  %0 = aig.matmul %x, %w : tensor<2x4x5xf32>, tensor<5x3xf32>
  %1 = aig.tanh %0 : tensor<2x4x3xf32>
  %2 = aig.reduce_sum %1 axes = [0, 1, 2] : tensor<2x4x3xf32>
  return %2 : tensor<f32>
}

// -----

// Which functions get a gradient, and with respect to what:
// * no {aig.param}: every float argument (not the integer one); results
//   after the loss are dropped from the gradient function;
// * a parameter the loss does not depend on gets a zero gradient;
// * private functions and functions whose first result is not a rank-0
//   float are left alone.

// CHECK-LABEL: func.func @unmarked_grad(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4xf32>, %[[Y:[^:]*]]: tensor<4xf32>, %{{[^:]*}}: tensor<4xi32>)
// CHECK-SAME: -> (tensor<f32>, tensor<4xf32>, tensor<4xf32>)
// CHECK: return %{{.*}}, %[[Y]], %[[X]] : tensor<f32>, tensor<4xf32>, tensor<4xf32>
func.func @unmarked(%x: tensor<4xf32>, %y: tensor<4xf32>, %i: tensor<4xi32>) -> (tensor<f32>, tensor<4xf32>) {
  %0 = aig.mul %x, %y : tensor<4xf32>, tensor<4xf32>
  %1 = aig.reduce_sum %0 axes = [0] : tensor<4xf32>
  return %1, %0 : tensor<f32>, tensor<4xf32>
}

// CHECK-LABEL: func.func @unused_grad(
// CHECK-DAG: %[[ZERO:.*]] = aig.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK-DAG: %[[E:.*]] = aig.exp
// CHECK: return %{{.*}}, %[[E]], %[[ZERO]] : tensor<f32>, tensor<4xf32>, tensor<3xf32>
func.func @unused(%x: tensor<4xf32> {aig.param}, %y: tensor<3xf32> {aig.param}) -> tensor<f32> {
  %0 = aig.exp %x : tensor<4xf32>
  %1 = aig.reduce_sum %0 axes = [0] : tensor<4xf32>
  return %1 : tensor<f32>
}

// A hand-written ReLU: the condition x > 0 depends on the parameter but
// carries no gradient (zero almost everywhere); the gradient goes through
// the selected value only, and nothing is reported.
// CHECK-LABEL: func.func @select_relu_grad(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4xf32> {aig.param}, %[[W:[^:]*]]: tensor<4xf32>
// CHECK: %[[ZERO:.*]] = aig.constant dense<0.000000e+00> : tensor<f32>
// CHECK: %[[POS:.*]] = aig.compare gt, %[[X]], %[[ZERO]]
// CHECK: %[[DX:.*]] = aig.select %[[POS]], %[[W]], %[[ZERO]]
// CHECK: return %{{.*}}, %[[DX]] : tensor<f32>, tensor<4xf32>
func.func @select_relu(%x: tensor<4xf32> {aig.param}, %w: tensor<4xf32>) -> tensor<f32> {
  %zero = aig.constant dense<0.0> : tensor<f32>
  %c = aig.compare gt, %x, %zero : tensor<4xf32>, tensor<f32>
  %r = aig.select %c, %x, %zero : tensor<4xi1>, tensor<4xf32>, tensor<f32>
  %p = aig.mul %r, %w : tensor<4xf32>, tensor<4xf32>
  %l = aig.reduce_sum %p axes = [0] : tensor<4xf32>
  return %l : tensor<f32>
}

// CHECK-NOT: func.func @private_loss_grad
// CHECK-NOT: func.func @not_a_loss_grad
func.func private @private_loss(%x: tensor<4xf32>) -> tensor<f32> {
  %0 = aig.reduce_sum %x axes = [0] : tensor<4xf32>
  return %0 : tensor<f32>
}
func.func @not_a_loss(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
