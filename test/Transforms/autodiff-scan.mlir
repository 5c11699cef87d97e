// RUN: aicc-opt %s --aig-autodiff --canonicalize | FileCheck %s
// The gradient of a scan is one reversed scan, whatever the length: the IR
// of the gradient has as many lines for 8 steps as for 512.
// RUN: sed 's/tensor<8x/tensor<512x/g; s/length = 8/length = 512/' %s | aicc-opt --aig-autodiff | wc -l > %t.512
// RUN: aicc-opt %s --aig-autodiff | wc -l > %t.8
// RUN: diff %t.8 %t.512

// The forward scan also stacks the state each step starts from (what the
// backward body recomputes the step from); the backward scan runs the other
// way, carries the adjoint of h and the sums of the weights' gradients, and
// stacks nothing for %x, which needs no gradient.
// CHECK-LABEL: func.func @rnn_grad
// CHECK: %[[F:.*]]:3 = aig.scan length = 8 axis = 0 carry(%{{.*}} : tensor<2x4xf32>) over(%{{.*}} : tensor<8x2x3xf32>) {
// CHECK: aig.yield %[[H:.*]], %[[H]], %[[HP:.*]] : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
// CHECK: } -> (tensor<2x4xf32>, tensor<8x2x4xf32>, tensor<8x2x4xf32>)
// CHECK: %[[B:.*]]:3 = aig.scan length = 8 axis = 0 reverse carry(%{{.*}}, %{{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<3x4xf32>, tensor<4x4xf32>) over(%{{.*}}, %[[F]]#2, %{{.*}} : tensor<8x2x3xf32>, tensor<8x2x4xf32>, tensor<8x2x4xf32>) {
// CHECK: aig.tanh
// CHECK: aig.yield
// CHECK: } -> (tensor<2x4xf32>, tensor<3x4xf32>, tensor<4x4xf32>)
// CHECK: return %{{.*}}, %[[B]]#1, %[[B]]#2 : tensor<f32>, tensor<3x4xf32>, tensor<4x4xf32>
func.func @rnn(%x: tensor<8x2x3xf32>, %w: tensor<3x4xf32> {aicc.param}, %u: tensor<4x4xf32> {aicc.param}, %h0: tensor<2x4xf32>) -> tensor<f32> {
  %h, %hs = aig.scan length = 8 axis = 0 carry(%h0 : tensor<2x4xf32>) over(%x : tensor<8x2x3xf32>) {
  ^bb0(%t: tensor<i64>, %hp: tensor<2x4xf32>, %xt: tensor<2x3xf32>):
    %a = aig.matmul %xt, %w : tensor<2x3xf32>, tensor<3x4xf32>
    %b = aig.matmul %hp, %u : tensor<2x4xf32>, tensor<4x4xf32>
    %s = aig.add %a, %b : tensor<2x4xf32>, tensor<2x4xf32>
    %hn = aig.tanh %s : tensor<2x4xf32>
    aig.yield %hn, %hn : tensor<2x4xf32>, tensor<2x4xf32>
  } -> (tensor<2x4xf32>, tensor<8x2x4xf32>)
  %sq = aig.mul %hs, %hs : tensor<8x2x4xf32>, tensor<8x2x4xf32>
  %l = aig.reduce_sum %sq axes = [0, 1, 2] : tensor<8x2x4xf32>
  return %l : tensor<f32>
}
