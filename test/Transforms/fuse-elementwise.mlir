// RUN: aicc-opt %s --aicc-fuse-elementwise --split-input-file | FileCheck %s
// The whole Adam step of a real model: the new m and v are computed once,
// in the loop nest that updates the parameter, and land in place (no copy).
// RUN: aicc compile %aicc_src/examples/train-mlir/softmax_regression.mlir \
// RUN:   --train=adam --emit=bufferized | FileCheck %s --check-prefix=ADAM

#map = affine_map<(d0, d1) -> (d0, d1)>

// A producer with two users (the consumer and the return, as the new
// momentum of SGD) is merged into the consumer, which yields it too.
// CHECK-LABEL: func.func @momentum_and_update(
// CHECK-SAME: %[[M:[^:]*]]: tensor<4x8xf32>, %[[G:[^:]*]]: tensor<4x8xf32>, %[[P:[^:]*]]: tensor<4x8xf32>
// CHECK: %[[FUSED:.*]]:2 = linalg.generic
// CHECK-SAME: ins(%[[P]], %[[M]], %[[G]] :
// CHECK: %[[NEW_M:.*]] = arith.addf
// CHECK: %[[NEW_P:.*]] = arith.subf %{{.*}}, %[[NEW_M]]
// CHECK: linalg.yield %[[NEW_M]], %[[NEW_P]]
// CHECK-NOT: linalg.generic
// CHECK: return %[[FUSED]]#1, %[[FUSED]]#0
func.func @momentum_and_update(%m: tensor<4x8xf32>, %g: tensor<4x8xf32>, %p: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %e = tensor.empty() : tensor<4x8xf32>
  %newM = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel"]} ins(%m, %g : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %0 = arith.addf %a, %b : f32
    linalg.yield %0 : f32
  } -> tensor<4x8xf32>
  %newP = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel"]} ins(%p, %newM : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %0 = arith.subf %a, %b : f32
    linalg.yield %0 : f32
  } -> tensor<4x8xf32>
  return %newP, %newM : tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

#map = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// Not merged: another user of the producer comes before the consumer (the
// merged op would be defined after that use).
// CHECK-LABEL: func.func @user_before_consumer(
// CHECK: %[[Z:.*]] = linalg.generic
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[Z]] :
// CHECK: linalg.generic {{.*}} ins(%[[Z]] :
func.func @user_before_consumer(%x: tensor<4x8xf32>, %s: tensor<4xf32>) -> (tensor<4x8xf32>, tensor<4xf32>) {
  %e = tensor.empty() : tensor<4x8xf32>
  %z = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %0 = math.exp %a : f32
    linalg.yield %0 : f32
  } -> tensor<4x8xf32>
  %r = linalg.generic {indexing_maps = [#map, #row], iterator_types = ["parallel", "reduction"]} ins(%z : tensor<4x8xf32>) outs(%s : tensor<4xf32>) {
  ^bb0(%a: f32, %o: f32):
    %0 = arith.addf %a, %o : f32
    linalg.yield %0 : f32
  } -> tensor<4xf32>
  %y = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%z : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %0 = arith.mulf %a, %a : f32
    linalg.yield %0 : f32
  } -> tensor<4x8xf32>
  return %y, %r : tensor<4x8xf32>, tensor<4xf32>
}

// -----

#map = affine_map<(d0, d1) -> (d0, d1)>
#bcast = affine_map<(d0, d1) -> (d1)>

// Not merged: the consumer broadcasts the producer's result, so a merged
// loop nest would compute it once per row.
// CHECK-LABEL: func.func @broadcasting_consumer(
// CHECK: %[[V:.*]] = linalg.generic
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[V]] :
// CHECK: return
func.func @broadcasting_consumer(%v: tensor<8xf32>, %x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<8xf32>) {
  %e1 = tensor.empty() : tensor<8xf32>
  %sq = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%v : tensor<8xf32>) outs(%e1 : tensor<8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %0 = math.sqrt %a : f32
    linalg.yield %0 : f32
  } -> tensor<8xf32>
  %e = tensor.empty() : tensor<4x8xf32>
  %y = linalg.generic {indexing_maps = [#map, #bcast, #map], iterator_types = ["parallel", "parallel"]} ins(%x, %sq : tensor<4x8xf32>, tensor<8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %0 = arith.divf %a, %b : f32
    linalg.yield %0 : f32
  } -> tensor<4x8xf32>
  return %y, %sq : tensor<4x8xf32>, tensor<8xf32>
}

// -----

#map = affine_map<(d0) -> (d0)>

// Not merged: the consumer reads two results of one producer. Merging
// through one of them leaves the other operand pointing at the producer,
// whose results are then redirected to the merged op: the op would read its
// own result (SGD with Nesterov and weight decay crashed this way; the
// whole step is checked in train-step.mlir).
// CHECK-LABEL: func.func @consumer_reads_two_results(
// CHECK: %[[P:.*]]:2 = linalg.generic
// CHECK: linalg.generic {{.*}} ins(%[[P]]#0, %[[P]]#1 :
// CHECK: return
func.func @consumer_reads_two_results(%a: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %e = tensor.empty() : tensor<8xf32>
  %p:2 = linalg.generic {indexing_maps = [#map, #map, #map, #map], iterator_types = ["parallel"]} ins(%a, %b : tensor<8xf32>, tensor<8xf32>) outs(%e, %e : tensor<8xf32>, tensor<8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32, %o2: f32):
    %0 = arith.addf %x, %y : f32
    %1 = arith.mulf %x, %y : f32
    linalg.yield %0, %1 : f32, f32
  } -> (tensor<8xf32>, tensor<8xf32>)
  %d = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel"]} ins(%p#0, %p#1 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %0 = arith.subf %x, %y : f32
    linalg.yield %0 : f32
  } -> tensor<8xf32>
  return %d, %p#0 : tensor<8xf32>, tensor<8xf32>
}

// ADAM-LABEL: func.func @train_step(
// ADAM-NOT: memref.copy
// ADAM-NOT: linalg.copy
// ADAM: linalg.generic {{.*}} outs(%{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}} : memref<784x10xf32>, memref<784x10xf32>, memref<784x10xf32>)
// ADAM-NOT: memref.copy
// ADAM-NOT: linalg.copy
// ADAM: return
