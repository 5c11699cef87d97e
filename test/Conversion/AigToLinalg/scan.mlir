// RUN: aicc-opt %s --aig-to-linalg | FileCheck %s

// aig.scan -> one scf.for over the steps (reverse: t = length - 1 - i); the
// step's slice of each sequence by tensor.extract_slice, each stacked output
// by tensor.insert_slice into a loop-carried tensor; the body's aig ops are
// lowered in place by the other patterns.

// CHECK-LABEL: func.func @rnn
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<2x6x3xf32>
// CHECK: %[[R:.*]]:2 = scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[H:.*]] = %{{.*}}, %[[HS:.*]] = %[[EMPTY]]) -> (tensor<2x3xf32>, tensor<2x6x3xf32>) {
// CHECK:   %[[T:.*]] = arith.subi %{{.*}}, %[[I]] : index
// CHECK:   %[[X:.*]] = tensor.extract_slice %{{.*}}[0, %[[T]], 0] [2, 1, 3] [1, 1, 1] : tensor<2x6x3xf32> to tensor<2x3xf32>
// CHECK:   %[[M:.*]] = linalg.matmul ins(%[[H]], %{{.*}} : tensor<2x3xf32>, tensor<3x3xf32>)
// CHECK:   %[[S:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[M]] : tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK:   %[[INS:.*]] = tensor.insert_slice %[[S]] into %[[HS]][0, %[[T]], 0] [2, 1, 3] [1, 1, 1] : tensor<2x3xf32> into tensor<2x6x3xf32>
// CHECK:   scf.yield %[[S]], %[[INS]] : tensor<2x3xf32>, tensor<2x6x3xf32>
// CHECK: return %[[R]]#0, %[[R]]#1
func.func @rnn(%x: tensor<2x6x3xf32>, %u: tensor<3x3xf32>, %h0: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x6x3xf32>) {
  %h, %hs = aig.scan length = 6 axis = 1 reverse carry(%h0 : tensor<2x3xf32>) over(%x : tensor<2x6x3xf32>) {
  ^bb0(%t: tensor<i64>, %hp: tensor<2x3xf32>, %xt: tensor<2x3xf32>):
    %b = aig.matmul %hp, %u : tensor<2x3xf32>, tensor<3x3xf32>
    %s = aig.add %xt, %b : tensor<2x3xf32>, tensor<2x3xf32>
    aig.yield %s, %s : tensor<2x3xf32>, tensor<2x3xf32>
  } -> (tensor<2x3xf32>, tensor<2x6x3xf32>)
  return %h, %hs : tensor<2x3xf32>, tensor<2x6x3xf32>
}
