// RUN: aicc-opt %s --aig-autodiff --canonicalize | FileCheck %s
// The gradient of a scan is one reversed scan, whatever the length: the IR
// of the gradient has as many lines for 8 steps as for 512.
// RUN: sed 's/tensor<8x/tensor<512x/g; s/length = 8/length = 512/' %s | aicc-opt --aig-autodiff | wc -l > %t.512
// RUN: aicc-opt %s --aig-autodiff | wc -l > %t.8
// RUN: diff %t.8 %t.512

// The forward scan also stacks what the backward body reads: the state
// each step starts from and its matmul results, which the backward body
// does not recompute (it redoes only the elementwise ops around them). The
// backward scan runs the other way, carries the adjoint of h and the sums
// of the weights' gradients, and stacks nothing for %x, which needs no
// gradient; the weight's transpose is computed once, outside the loop.
// CHECK-LABEL: func.func @rnn_grad
// CHECK: %[[F:.*]]:5 = aig.scan length = 8 axis = 0 carry(%{{.*}} : tensor<2x4xf32>) over(%{{.*}} : tensor<8x2x3xf32>) {
// CHECK: %[[XW:.*]] = aig.matmul
// CHECK: %[[HU:.*]] = aig.matmul
// CHECK: aig.yield %[[H:.*]], %[[H]], %{{.*}}, %[[XW]], %[[HU]] :
// CHECK: } -> (tensor<2x4xf32>, tensor<8x2x4xf32>, tensor<8x2x4xf32>, tensor<8x2x4xf32>, tensor<8x2x4xf32>)
// CHECK: %[[UT:.*]] = aig.transpose %{{.*}}, [1, 0] : tensor<4x4xf32>
// CHECK: %[[B:.*]]:3 = aig.scan length = 8 axis = 0 reverse carry(%{{.*}}, %{{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<3x4xf32>, tensor<4x4xf32>) over(%{{.*}}, %[[F]]#2, %[[F]]#3, %[[F]]#4, %{{.*}} : tensor<8x2x3xf32>, tensor<8x2x4xf32>, tensor<8x2x4xf32>, tensor<8x2x4xf32>, tensor<8x2x4xf32>) {
// CHECK-NEXT: ^bb0(%{{.*}}: tensor<i64>, %{{.*}}: tensor<2x4xf32>, %{{.*}}: tensor<3x4xf32>, %{{.*}}: tensor<4x4xf32>, %{{.*}}: tensor<2x3xf32>, %{{.*}}: tensor<2x4xf32>, %[[XWT:.*]]: tensor<2x4xf32>, %[[HUT:.*]]: tensor<2x4xf32>, %{{.*}}: tensor<2x4xf32>):
// CHECK-NEXT: aig.add %[[XWT]], %[[HUT]]
// CHECK-NEXT: aig.tanh
// CHECK-NOT: aig.matmul %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3x4xf32>
// CHECK: aig.matmul %{{.*}}, %[[UT]] : tensor<2x4xf32>, tensor<4x4xf32>
// CHECK: aig.yield
// CHECK: } -> (tensor<2x4xf32>, tensor<3x4xf32>, tensor<4x4xf32>)
// CHECK: return %{{.*}}, %[[B]]#1, %[[B]]#2 : tensor<f32>, tensor<3x4xf32>, tensor<4x4xf32>
func.func @rnn(%x: tensor<8x2x3xf32>, %w: tensor<3x4xf32> {aig.param}, %u: tensor<4x4xf32> {aig.param}, %h0: tensor<2x4xf32>) -> tensor<f32> {
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
