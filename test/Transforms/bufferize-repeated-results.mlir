// RUN: aicc-opt %s --aicc-phase-linalg --aicc-phase-bufferized | FileCheck %s

// Every result becomes an out-param with a buffer of its own, even when a
// function returns the same tensor more than once (buffer-results-to-out-params
// used to crash on a repeated computed value). Autodiff makes such functions:
// the gradient of a rank-0 exp is the loss itself, and the two operands of an
// add of equal shapes get the same gradient.

// CHECK-LABEL: func.func @computed_twice(
// CHECK-SAME: %[[A:[^:]*]]: memref<3xf32>, %[[R0:[^:]*]]: memref<3xf32>, %[[R1:[^:]*]]: memref<3xf32>) {
// CHECK-NEXT: linalg.generic {{.*}} ins(%[[A]] : memref<3xf32>) outs(%[[R0]] : memref<3xf32>)
// CHECK: linalg.copy ins(%[[R0]] : memref<3xf32>) outs(%[[R1]] : memref<3xf32>)
// CHECK-NEXT: return
func.func @computed_twice(%a: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %0 = aig.exp %a : tensor<3xf32>
  return %0, %0 : tensor<3xf32>, tensor<3xf32>
}

// CHECK-LABEL: func.func @computed_three_times(
// CHECK-SAME: %[[A:[^:]*]]: memref<f32>, %[[R0:[^:]*]]: memref<f32>, %[[R1:[^:]*]]: memref<f32>, %[[R2:[^:]*]]: memref<f32>) {
// CHECK-NEXT: linalg.generic {{.*}} ins(%[[A]] : memref<f32>) outs(%[[R0]] : memref<f32>)
// CHECK-DAG: linalg.copy ins(%[[R0]] : memref<f32>) outs(%[[R1]] : memref<f32>)
// CHECK-DAG: linalg.copy ins(%[[R0]] : memref<f32>) outs(%[[R2]] : memref<f32>)
// CHECK: return
func.func @computed_three_times(%a: tensor<f32>) -> (tensor<f32>, tensor<f32>, tensor<f32>) {
  %0 = aig.exp %a : tensor<f32>
  return %0, %0, %0 : tensor<f32>, tensor<f32>, tensor<f32>
}

// CHECK-LABEL: func.func @argument_twice(
// CHECK-SAME: %[[A:[^:]*]]: memref<3xf32>, %[[R0:[^:]*]]: memref<3xf32>, %[[R1:[^:]*]]: memref<3xf32>) {
// CHECK-DAG: linalg.copy ins(%[[A]] : memref<3xf32>) outs(%[[R0]] : memref<3xf32>)
// CHECK-DAG: linalg.copy ins(%[[A]] : memref<3xf32>) outs(%[[R1]] : memref<3xf32>)
// CHECK: return
func.func @argument_twice(%a: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  return %a, %a : tensor<3xf32>, tensor<3xf32>
}

// CHECK-LABEL: func.func @constant_twice(
// CHECK-SAME: %{{[^:]*}}: memref<2xf32>, %[[R0:[^:]*]]: memref<2xf32>, %[[R1:[^:]*]]: memref<2xf32>) {
// CHECK: %[[C:.*]] = memref.get_global
// CHECK-DAG: linalg.copy ins(%[[C]] : memref<2xf32>) outs(%[[R0]] : memref<2xf32>)
// CHECK-DAG: linalg.copy ins(%[[C]] : memref<2xf32>) outs(%[[R1]] : memref<2xf32>)
// CHECK: return
func.func @constant_twice(%a: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %0 = aig.constant dense<0.0> : tensor<2xf32>
  return %0, %0 : tensor<2xf32>, tensor<2xf32>
}
