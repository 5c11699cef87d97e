// RUN: aicc-opt %s --aig-train-step="optimizer=adam" --canonicalize --cse | FileCheck %s
// RUN: aicc-opt %s --aig-train-step="optimizer=sgd" --canonicalize --cse | FileCheck %s --check-prefix=SGD
// RUN: aicc-opt %s --aig-train-step="optimizer=sgd momentum=0" --canonicalize --cse | FileCheck %s --check-prefix=SGD0
// RUN: aicc-opt %s --aig-train-step="optimizer=adamw weight-decay=0.01" --canonicalize --cse | FileCheck %s --check-prefix=ADAMW
// RUN: aicc-opt %s --aig-train-step="optimizer=adam" --canonicalize --cse --aicc-phase-linalg --aicc-phase-bufferized | FileCheck %s --check-prefix=BUF
// RUN: aicc-opt %s --aig-train-step="optimizer=sgd" --canonicalize --cse --aicc-phase-linalg --aicc-phase-bufferized | FileCheck %s --check-prefix=BUFSGD
// Nesterov with weight decay: g + wd * w feeds both the momentum and the step
// (this once made aicc-fuse-elementwise merge an op into itself).
// RUN: aicc-opt %s --aig-train-step="optimizer=sgd nesterov=true weight-decay=0.01" --canonicalize --cse --aicc-phase-linalg --aicc-phase-bufferized | FileCheck %s --check-prefix=BUFNWD

// aig-train-step builds
//
//   train_step(params..., state..., batch..., lr, step)
//       -> (loss, params'..., state'...)
//
// from the loss function: its forward, its backward (aig-autodiff) and the
// optimizer's update. State arguments are named <param>.<state> and marked
// aig.state; each updated value is marked aig.update_of = <argument>, and
// bufferization writes it into that argument's buffer in place.

func.func @loss(%w: tensor<4x3xf32> {aig.param, aig.name = "w"},
                %b: tensor<3xf32> {aig.param, aig.name = "b"},
                %x: tensor<2x4xf32> {aig.name = "x"},
                %y: tensor<2x3xf32> {aig.name = "y"}) -> tensor<f32> {
  %0 = aig.matmul %x, %w : tensor<2x4xf32>, tensor<4x3xf32>
  %1 = aig.add %0, %b : tensor<2x3xf32>, tensor<3xf32>
  %2 = aig.sub %1, %y : tensor<2x3xf32>, tensor<2x3xf32>
  %3 = aig.mul %2, %2 : tensor<2x3xf32>, tensor<2x3xf32>
  %4 = aig.reduce_mean %3 axes = [0, 1] : tensor<2x3xf32>
  return %4 : tensor<f32>
}

// The loss function itself is kept.
// CHECK-LABEL: func.func @loss(
// SGD-LABEL: func.func @loss(
// ADAMW-LABEL: func.func @loss(

//===----------------------------------------------------------------------===//
// Adam: m and v per parameter; bias corrections 1 - beta^t computed as
// 1 - exp(t * log(beta)) from the runtime step; lr is a runtime scalar.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @train_step(
// CHECK-SAME: %[[W:[^:]*]]: tensor<4x3xf32> {aig.name = "w", aig.param},
// CHECK-SAME: %[[B:[^:]*]]: tensor<3xf32> {aig.name = "b", aig.param},
// CHECK-SAME: %[[WM:[^:]*]]: tensor<4x3xf32> {aig.name = "w.m", aig.state},
// CHECK-SAME: %[[WV:[^:]*]]: tensor<4x3xf32> {aig.name = "w.v", aig.state},
// CHECK-SAME: %[[BM:[^:]*]]: tensor<3xf32> {aig.name = "b.m", aig.state},
// CHECK-SAME: %[[BV:[^:]*]]: tensor<3xf32> {aig.name = "b.v", aig.state},
// CHECK-SAME: %[[X:[^:]*]]: tensor<2x4xf32> {aig.name = "x"},
// CHECK-SAME: %[[Y:[^:]*]]: tensor<2x3xf32> {aig.name = "y"},
// CHECK-SAME: %[[LR:[^:]*]]: tensor<f32> {aig.name = "lr"},
// CHECK-SAME: %[[STEP:[^:]*]]: tensor<f32> {aig.name = "step"})
// CHECK-SAME: -> (tensor<f32> {aig.name = "loss"},
// CHECK-SAME: tensor<4x3xf32> {aig.update_of = 0 : i64}, tensor<3xf32> {aig.update_of = 1 : i64},
// CHECK-SAME: tensor<4x3xf32> {aig.update_of = 2 : i64}, tensor<4x3xf32> {aig.update_of = 3 : i64},
// CHECK-SAME: tensor<3xf32> {aig.update_of = 4 : i64}, tensor<3xf32> {aig.update_of = 5 : i64})
// CHECK-DAG: %[[EPS:.*]] = aig.constant dense<9.99999993E-9> : tensor<f32>
// CHECK-DAG: %[[BETA2:.*]] = aig.constant dense<9.990000e-01> : tensor<f32>
// CHECK-DAG: %[[ONE_MINUS_BETA2:.*]] = aig.constant dense<1.000000e-03> : tensor<f32>
// CHECK-DAG: %[[BETA1:.*]] = aig.constant dense<0.899999976> : tensor<f32>
// CHECK-DAG: %[[ONE_MINUS_BETA1:.*]] = aig.constant dense<1.000000e-01> : tensor<f32>
// CHECK-DAG: %[[LOG_BETA2:.*]] = aig.constant dense<-0.00100050028> : tensor<f32>
// CHECK-DAG: %[[LOG_BETA1:.*]] = aig.constant dense<-0.105360515> : tensor<f32>
// CHECK-DAG: %[[ONE:.*]] = aig.constant dense<1.000000e+00> : tensor<f32>
//     Forward and backward.
// CHECK: aig.matmul %[[X]], %[[W]]
// CHECK: %[[LOSS:.*]] = aig.reduce_mean
// CHECK: %[[GB:.*]] = aig.reduce_sum %{{.*}} axes = [0] : tensor<2x3xf32>
// CHECK: %[[XT:.*]] = aig.transpose %[[X]], [1, 0]
// CHECK-NEXT: %[[GW:.*]] = aig.matmul %[[XT]], %{{.*}} : tensor<4x2xf32>, tensor<2x3xf32>
//     Bias corrections.
// CHECK: %[[T1:.*]] = aig.mul %[[STEP]], %[[LOG_BETA1]]
// CHECK-NEXT: %[[POW1:.*]] = aig.exp %[[T1]]
// CHECK-NEXT: %[[BC1:.*]] = aig.sub %[[ONE]], %[[POW1]]
// CHECK-NEXT: %[[T2:.*]] = aig.mul %[[STEP]], %[[LOG_BETA2]]
// CHECK-NEXT: %[[POW2:.*]] = aig.exp %[[T2]]
// CHECK-NEXT: %[[BC2:.*]] = aig.sub %[[ONE]], %[[POW2]]
//     w: m' = beta1 m + (1 - beta1) g, v' = beta2 v + (1 - beta2) g^2,
//     w' = w - lr / bc1 * m' / (sqrt(v') / sqrt(bc2) + eps).
// CHECK: %[[GW1:.*]] = aig.mul %[[GW]], %[[ONE_MINUS_BETA1]]
// CHECK-NEXT: %[[WM1:.*]] = aig.mul %[[WM]], %[[BETA1]]
// CHECK-NEXT: %[[NEW_WM:.*]] = aig.add %[[WM1]], %[[GW1]]
// CHECK-NEXT: %[[GW2:.*]] = aig.mul %[[GW]], %[[GW]]
// CHECK-NEXT: %[[GW2S:.*]] = aig.mul %[[GW2]], %[[ONE_MINUS_BETA2]]
// CHECK-NEXT: %[[WV1:.*]] = aig.mul %[[WV]], %[[BETA2]]
// CHECK-NEXT: %[[NEW_WV:.*]] = aig.add %[[WV1]], %[[GW2S]]
// CHECK-NEXT: %[[SQRT_BC2:.*]] = aig.sqrt %[[BC2]] : tensor<f32>
// CHECK-NEXT: %[[SQRT_WV:.*]] = aig.sqrt %[[NEW_WV]] : tensor<4x3xf32>
// CHECK-NEXT: %[[VHAT:.*]] = aig.div %[[SQRT_WV]], %[[SQRT_BC2]]
// CHECK-NEXT: %[[DENOM:.*]] = aig.add %[[VHAT]], %[[EPS]]
// CHECK-NEXT: %[[STEP_SIZE:.*]] = aig.div %[[LR]], %[[BC1]]
// CHECK-NEXT: %[[RATIO:.*]] = aig.div %[[NEW_WM]], %[[DENOM]]
// CHECK-NEXT: %[[DELTA:.*]] = aig.mul %[[STEP_SIZE]], %[[RATIO]]
// CHECK-NEXT: %[[NEW_W:.*]] = aig.sub %[[W]], %[[DELTA]]
//     b: the same, sharing the bias corrections and the step size.
// CHECK: aig.mul %[[GB]], %[[ONE_MINUS_BETA1]]
// CHECK: %[[NEW_BM:.*]] = aig.add
// CHECK: aig.mul %[[BV]], %[[BETA2]]
// CHECK: %[[NEW_BV:.*]] = aig.add
// CHECK: aig.sqrt %[[NEW_BV]]
// CHECK: aig.div %{{.*}}, %[[SQRT_BC2]]
// CHECK: aig.div %[[NEW_BM]],
// CHECK: aig.mul %[[STEP_SIZE]],
// CHECK: %[[NEW_B:.*]] = aig.sub %[[B]],
// CHECK-NEXT: return %[[LOSS]], %[[NEW_W]], %[[NEW_B]], %[[NEW_WM]], %[[NEW_WV]], %[[NEW_BM]], %[[NEW_BV]] :

//===----------------------------------------------------------------------===//
// SGD with momentum (PyTorch's: buf' = momentum * buf + g, p' = p - lr buf').
//===----------------------------------------------------------------------===//

// SGD-LABEL: func.func @train_step(
// SGD-SAME: %[[W:[^:]*]]: tensor<4x3xf32> {aig.name = "w", aig.param},
// SGD-SAME: %[[B:[^:]*]]: tensor<3xf32> {aig.name = "b", aig.param},
// SGD-SAME: %[[WMOM:[^:]*]]: tensor<4x3xf32> {aig.name = "w.momentum", aig.state},
// SGD-SAME: %[[BMOM:[^:]*]]: tensor<3xf32> {aig.name = "b.momentum", aig.state},
// SGD-SAME: %[[X:[^:]*]]: tensor<2x4xf32> {aig.name = "x"},
// SGD-SAME: %[[Y:[^:]*]]: tensor<2x3xf32> {aig.name = "y"},
// SGD-SAME: %[[LR:[^:]*]]: tensor<f32> {aig.name = "lr"},
// SGD-SAME: %[[STEP:[^:]*]]: tensor<f32> {aig.name = "step"})
// SGD-SAME: -> (tensor<f32> {aig.name = "loss"},
// SGD-SAME: tensor<4x3xf32> {aig.update_of = 0 : i64}, tensor<3xf32> {aig.update_of = 1 : i64},
// SGD-SAME: tensor<4x3xf32> {aig.update_of = 2 : i64}, tensor<3xf32> {aig.update_of = 3 : i64})
// SGD-DAG: %[[MU:.*]] = aig.constant dense<0.899999976> : tensor<f32>
// SGD: %[[LOSS:.*]] = aig.reduce_mean
// SGD: %[[GB:.*]] = aig.reduce_sum %{{.*}} axes = [0] : tensor<2x3xf32>
// SGD: %[[GW:.*]] = aig.matmul %{{.*}}, %{{.*}} : tensor<4x2xf32>, tensor<2x3xf32>
// SGD-NEXT: %[[WM1:.*]] = aig.mul %[[WMOM]], %[[MU]]
// SGD-NEXT: %[[NEW_WMOM:.*]] = aig.add %[[WM1]], %[[GW]]
// SGD-NEXT: %[[WD:.*]] = aig.mul %[[LR]], %[[NEW_WMOM]]
// SGD-NEXT: %[[NEW_W:.*]] = aig.sub %[[W]], %[[WD]]
// SGD-NEXT: %[[BM1:.*]] = aig.mul %[[BMOM]], %[[MU]]
// SGD-NEXT: %[[NEW_BMOM:.*]] = aig.add %[[BM1]], %[[GB]]
// SGD-NEXT: %[[BD:.*]] = aig.mul %[[LR]], %[[NEW_BMOM]]
// SGD-NEXT: %[[NEW_B:.*]] = aig.sub %[[B]], %[[BD]]
// SGD-NEXT: return %[[LOSS]], %[[NEW_W]], %[[NEW_B]], %[[NEW_WMOM]], %[[NEW_BMOM]] :
// SGD-NOT: aig.sqrt

// Plain SGD (momentum=0) has no state: p' = p - lr g.
// SGD0-LABEL: func.func @train_step(
// SGD0-SAME: %[[W:[^:]*]]: tensor<4x3xf32> {aig.name = "w", aig.param},
// SGD0-SAME: %[[B:[^:]*]]: tensor<3xf32> {aig.name = "b", aig.param},
// SGD0-SAME: %{{[^:]*}}: tensor<2x4xf32> {aig.name = "x"}, %{{[^:]*}}: tensor<2x3xf32> {aig.name = "y"},
// SGD0-SAME: %[[LR:[^:]*]]: tensor<f32> {aig.name = "lr"}, %{{[^:]*}}: tensor<f32> {aig.name = "step"})
// SGD0-SAME: -> (tensor<f32> {aig.name = "loss"}, tensor<4x3xf32> {aig.update_of = 0 : i64}, tensor<3xf32> {aig.update_of = 1 : i64})
// SGD0: %[[GW:.*]] = aig.matmul %{{.*}}, %{{.*}} : tensor<4x2xf32>, tensor<2x3xf32>
// SGD0-NEXT: %[[WD:.*]] = aig.mul %[[LR]], %[[GW]]
// SGD0-NEXT: %[[NEW_W:.*]] = aig.sub %[[W]], %[[WD]]
// SGD0: %[[NEW_B:.*]] = aig.sub %[[B]],
// SGD0-NEXT: return %{{.*}}, %[[NEW_W]], %[[NEW_B]] : tensor<f32>, tensor<4x3xf32>, tensor<3xf32>

//===----------------------------------------------------------------------===//
// AdamW: Adam's state and update, with decoupled weight decay
// w' = w * (1 - lr * wd) - ...; the gradient itself is not decayed.
//===----------------------------------------------------------------------===//

// ADAMW-LABEL: func.func @train_step(
// ADAMW-SAME: %[[W:[^:]*]]: tensor<4x3xf32> {aig.name = "w", aig.param},
// ADAMW-SAME: %[[B:[^:]*]]: tensor<3xf32> {aig.name = "b", aig.param},
// ADAMW-SAME: %[[WM:[^:]*]]: tensor<4x3xf32> {aig.name = "w.m", aig.state},
// ADAMW-SAME: %[[WV:[^:]*]]: tensor<4x3xf32> {aig.name = "w.v", aig.state},
// ADAMW-SAME: %[[BM:[^:]*]]: tensor<3xf32> {aig.name = "b.m", aig.state},
// ADAMW-SAME: %[[BV:[^:]*]]: tensor<3xf32> {aig.name = "b.v", aig.state},
// ADAMW-SAME: %[[LR:[^:]*]]: tensor<f32> {aig.name = "lr"},
// ADAMW-SAME: %[[STEP:[^:]*]]: tensor<f32> {aig.name = "step"})
// ADAMW-SAME: -> (tensor<f32> {aig.name = "loss"},
// ADAMW-SAME: {aig.update_of = 5 : i64})
// ADAMW-DAG: %[[WDECAY:.*]] = aig.constant dense<0.00999999977> : tensor<f32>
// ADAMW-DAG: %[[ONE_MINUS_BETA1:.*]] = aig.constant dense<1.000000e-01> : tensor<f32>
// ADAMW-DAG: %[[ONE:.*]] = aig.constant dense<1.000000e+00> : tensor<f32>
// ADAMW: %[[GW:.*]] = aig.matmul %{{.*}}, %{{.*}} : tensor<4x2xf32>, tensor<2x3xf32>
// ADAMW: aig.mul %[[GW]], %[[ONE_MINUS_BETA1]]
// ADAMW: aig.sqrt
// ADAMW: %[[STEP_SIZE:.*]] = aig.div %[[LR]],
// ADAMW-NEXT: %[[LRWD:.*]] = aig.mul %[[LR]], %[[WDECAY]]
// ADAMW-NEXT: %[[KEEP:.*]] = aig.sub %[[ONE]], %[[LRWD]]
// ADAMW-NEXT: %[[SHRUNK:.*]] = aig.mul %[[W]], %[[KEEP]]
// ADAMW-NEXT: %[[RATIO:.*]] = aig.div
// ADAMW-NEXT: %[[DELTA:.*]] = aig.mul %[[STEP_SIZE]], %[[RATIO]]
// ADAMW-NEXT: %[[NEW_W:.*]] = aig.sub %[[SHRUNK]], %[[DELTA]]
// ADAMW: aig.mul %[[B]], %[[KEEP]]
// ADAMW: return %{{.*}}, %[[NEW_W]],

//===----------------------------------------------------------------------===//
// Bufferized: parameters and state are updated in place. The only result
// left is the loss, as an out-parameter; there is no copy; the last
// linalg.generic of each update writes straight into its argument.
//===----------------------------------------------------------------------===//

// BUF-LABEL: func.func @train_step(
// BUF-SAME: %[[W:[^:]*]]: memref<4x3xf32> {aig.name = "w", aig.param},
// BUF-SAME: %[[B:[^:]*]]: memref<3xf32> {aig.name = "b", aig.param},
// BUF-SAME: %[[WM:[^:]*]]: memref<4x3xf32> {aig.name = "w.m", aig.state},
// BUF-SAME: %[[WV:[^:]*]]: memref<4x3xf32> {aig.name = "w.v", aig.state},
// BUF-SAME: %[[BM:[^:]*]]: memref<3xf32> {aig.name = "b.m", aig.state},
// BUF-SAME: %[[BV:[^:]*]]: memref<3xf32> {aig.name = "b.v", aig.state},
// BUF-SAME: %[[X:[^:]*]]: memref<2x4xf32> {aig.name = "x"},
// BUF-SAME: %[[Y:[^:]*]]: memref<2x3xf32> {aig.name = "y"},
// BUF-SAME: %[[LR:[^:]*]]: memref<f32> {aig.name = "lr"},
// BUF-SAME: %[[STEP:[^:]*]]: memref<f32> {aig.name = "step"},
// BUF-SAME: %[[LOSS:[^:]*]]: memref<f32> {aig.name = "loss"}) {
// BUF-NOT: memref.copy
// BUF-NOT: linalg.copy
// BUF: linalg.generic {{.*}} outs(%[[LOSS]] : memref<f32>)
// BUF-NOT: memref.copy
// One loop nest per parameter computes the new m, v and parameter and writes
// each straight into its argument (aicc-fuse-elementwise merges the m and v
// producers into the update instead of recomputing them from the old state,
// which would force a copy).
// BUF: linalg.generic {{.*}} ins(%[[W]], %{{.*}}, %[[WM]], %{{.*}}, %[[WV]], %{{.*}} : {{.*}}) outs(%[[WV]], %[[WM]], %[[W]] : memref<4x3xf32>, memref<4x3xf32>, memref<4x3xf32>)
// BUF-NOT: memref.copy
// BUF: linalg.generic {{.*}} ins(%[[B]], %{{.*}}, %[[BM]], %{{.*}}, %[[BV]], %{{.*}} : {{.*}}) outs(%[[BV]], %[[BM]], %[[B]] : memref<3xf32>, memref<3xf32>, memref<3xf32>)
// BUF-NOT: memref.copy
// BUF-NOT: linalg.copy
// BUF: return{{$}}

// BUFSGD-LABEL: func.func @train_step(
// BUFSGD-SAME: %[[W:[^:]*]]: memref<4x3xf32> {aig.name = "w", aig.param},
// BUFSGD-SAME: %[[B:[^:]*]]: memref<3xf32> {aig.name = "b", aig.param},
// BUFSGD-SAME: %[[WMOM:[^:]*]]: memref<4x3xf32> {aig.name = "w.momentum", aig.state},
// BUFSGD-SAME: %[[BMOM:[^:]*]]: memref<3xf32> {aig.name = "b.momentum", aig.state},
// BUFSGD-SAME: %[[LOSS:[^:]*]]: memref<f32> {aig.name = "loss"}) {
// BUFSGD-NOT: memref.copy
// BUFSGD: outs(%[[LOSS]] : memref<f32>)
// BUFSGD-NOT: memref.copy
// BUFSGD: linalg.generic {{.*}} ins(%[[W]], %{{.*}}, %[[WMOM]], %{{.*}} : memref<4x3xf32>, memref<f32>, memref<4x3xf32>, memref<4x3xf32>) outs(%[[WMOM]], %[[W]] : memref<4x3xf32>, memref<4x3xf32>)
// BUFSGD-NOT: memref.copy
// BUFSGD: linalg.generic {{.*}} ins(%[[B]], %{{.*}}, %[[BMOM]], %{{.*}} : memref<3xf32>, memref<f32>, memref<3xf32>, memref<3xf32>) outs(%[[BMOM]], %[[B]] : memref<3xf32>, memref<3xf32>)
// BUFSGD-NOT: memref.copy
// BUFSGD: return{{$}}

// BUFNWD-LABEL: func.func @train_step(
// BUFNWD-SAME: %[[W:[^:]*]]: memref<4x3xf32> {aig.name = "w", aig.param},
// BUFNWD-SAME: %[[B:[^:]*]]: memref<3xf32> {aig.name = "b", aig.param},
// BUFNWD-SAME: %[[WMOM:[^:]*]]: memref<4x3xf32> {aig.name = "w.momentum", aig.state},
// BUFNWD-SAME: %[[BMOM:[^:]*]]: memref<3xf32> {aig.name = "b.momentum", aig.state},
// BUFNWD-NOT: memref.copy
// BUFNWD: linalg.generic {{.*}} outs(%{{.*}}, %[[WMOM]] : memref<4x3xf32>, memref<4x3xf32>)
// BUFNWD-NOT: memref.copy
// BUFNWD: linalg.generic {{.*}} ins(%[[W]], {{.*}}, %[[WMOM]] : {{.*}}) outs(%[[W]] : memref<4x3xf32>)
// BUFNWD-NOT: memref.copy
// BUFNWD: linalg.generic {{.*}} outs(%{{.*}}, %[[BMOM]] : memref<3xf32>, memref<3xf32>)
// BUFNWD: linalg.generic {{.*}} outs(%[[B]] : memref<3xf32>)
// BUFNWD-NOT: memref.copy
// BUFNWD-NOT: linalg.copy
// BUFNWD: return{{$}}
