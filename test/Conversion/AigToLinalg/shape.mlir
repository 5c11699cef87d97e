// RUN: aicc-opt %s --aig-to-linalg --split-input-file | FileCheck %s

// Shape ops: transpose -> linalg.transpose, concat -> a chain of
// tensor.insert_slice into a tensor.empty, slice -> tensor.extract_slice,
// reshape -> tensor.collapse_shape to 1-D then tensor.expand_shape.

// CHECK-LABEL: func.func @transpose_2d
// CHECK-SAME: (%[[A:.*]]: tensor<4x3xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<3x4xf32>
// CHECK: %[[R:.*]] = linalg.transpose ins(%[[A]] : tensor<4x3xf32>) outs(%[[INIT]] : tensor<3x4xf32>) permutation = [1, 0]
// CHECK: return %[[R]] : tensor<3x4xf32>
func.func @transpose_2d(%a: tensor<4x3xf32>) -> tensor<3x4xf32> {
  %0 = aig.transpose %a, [1, 0] : tensor<4x3xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_3d
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4xi32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<4x2x3xi32>
// CHECK: %[[R:.*]] = linalg.transpose ins(%[[A]] : tensor<2x3x4xi32>) outs(%[[INIT]] : tensor<4x2x3xi32>) permutation = [2, 0, 1]
// CHECK: return %[[R]] : tensor<4x2x3xi32>
func.func @transpose_3d(%a: tensor<2x3x4xi32>) -> tensor<4x2x3xi32> {
  %0 = aig.transpose %a, [2, 0, 1] : tensor<2x3x4xi32>
  return %0 : tensor<4x2x3xi32>
}

// -----

// CHECK-LABEL: func.func @concat_axis0
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<4x3xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<6x3xf32>
// CHECK: %[[I0:.*]] = tensor.insert_slice %[[A]] into %[[INIT]][0, 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<6x3xf32>
// CHECK: %[[I1:.*]] = tensor.insert_slice %[[B]] into %[[I0]][2, 0] [4, 3] [1, 1] : tensor<4x3xf32> into tensor<6x3xf32>
// CHECK: return %[[I1]] : tensor<6x3xf32>
func.func @concat_axis0(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) -> tensor<6x3xf32> {
  %0 = aig.concat %a, %b axis = 0 : tensor<2x3xf32>, tensor<4x3xf32>
  return %0 : tensor<6x3xf32>
}

// -----

// Three inputs along a negative axis: offsets 0, 3, 3+5.
// CHECK-LABEL: func.func @concat_three_negative_axis
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x5xf32>, %[[C:.*]]: tensor<2x1xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x9xf32>
// CHECK: %[[I0:.*]] = tensor.insert_slice %[[A]] into %[[INIT]][0, 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<2x9xf32>
// CHECK: %[[I1:.*]] = tensor.insert_slice %[[B]] into %[[I0]][0, 3] [2, 5] [1, 1] : tensor<2x5xf32> into tensor<2x9xf32>
// CHECK: %[[I2:.*]] = tensor.insert_slice %[[C]] into %[[I1]][0, 8] [2, 1] [1, 1] : tensor<2x1xf32> into tensor<2x9xf32>
// CHECK: return %[[I2]] : tensor<2x9xf32>
func.func @concat_three_negative_axis(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>, %c: tensor<2x1xf32>) -> tensor<2x9xf32> {
  %0 = aig.concat %a, %b, %c axis = -1 : tensor<2x3xf32>, tensor<2x5xf32>, tensor<2x1xf32>
  return %0 : tensor<2x9xf32>
}

// -----

// The same value may be concatenated with itself.
// CHECK-LABEL: func.func @concat_self
// CHECK-SAME: (%[[A:.*]]: tensor<3xi64>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<6xi64>
// CHECK: %[[I0:.*]] = tensor.insert_slice %[[A]] into %[[INIT]][0] [3] [1] : tensor<3xi64> into tensor<6xi64>
// CHECK: %[[I1:.*]] = tensor.insert_slice %[[A]] into %[[I0]][3] [3] [1] : tensor<3xi64> into tensor<6xi64>
// CHECK: return %[[I1]] : tensor<6xi64>
func.func @concat_self(%a: tensor<3xi64>) -> tensor<6xi64> {
  %0 = aig.concat %a, %a axis = 0 : tensor<3xi64>, tensor<3xi64>
  return %0 : tensor<6xi64>
}

// -----

// CHECK-LABEL: func.func @slice
// CHECK-SAME: (%[[A:.*]]: tensor<4x3xf32>)
// CHECK: %[[R:.*]] = tensor.extract_slice %[[A]][0, 1] [4, 2] [1, 1] : tensor<4x3xf32> to tensor<4x2xf32>
// CHECK: return %[[R]] : tensor<4x2xf32>
func.func @slice(%a: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %0 = aig.slice %a offsets = [0, 1] sizes = [4, 2] strides = [1, 1] : tensor<4x3xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// CHECK-LABEL: func.func @slice_strided
// CHECK-SAME: (%[[A:.*]]: tensor<4x6xf32>)
// CHECK: %[[R:.*]] = tensor.extract_slice %[[A]][1, 0] [2, 3] [2, 2] : tensor<4x6xf32> to tensor<2x3xf32>
// CHECK: return %[[R]] : tensor<2x3xf32>
func.func @slice_strided(%a: tensor<4x6xf32>) -> tensor<2x3xf32> {
  %0 = aig.slice %a offsets = [1, 0] sizes = [2, 3] strides = [2, 2] : tensor<4x6xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A negative stride: extract upwards from the lowest index read (4 - 3 = 1),
// then reverse that dimension.
// CHECK-DAG: #[[REV:.*]] = affine_map<(d0, d1) -> (-d0 + 1, d1)>
// CHECK-LABEL: func.func @slice_negative_stride
// CHECK-SAME: (%[[A:.*]]: tensor<5x6xf32>)
// CHECK: %[[S:.*]] = tensor.extract_slice %[[A]][1, 1] [2, 3] [3, 2] : tensor<5x6xf32> to tensor<2x3xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[REV]], #{{.*}}], iterator_types = ["parallel", "parallel"]} ins(%[[S]] : tensor<2x3xf32>)
// CHECK: return %[[R]] : tensor<2x3xf32>
func.func @slice_negative_stride(%a: tensor<5x6xf32>) -> tensor<2x3xf32> {
  %0 = aig.slice %a offsets = [4, 1] sizes = [2, 3] strides = [-3, 2] : tensor<5x6xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A full slice folds away during the conversion.
// CHECK-LABEL: func.func @slice_full
// CHECK-SAME: (%[[A:.*]]: tensor<4x3xf32>)
// CHECK-NOT: tensor.extract_slice
// CHECK: return %[[A]] : tensor<4x3xf32>
func.func @slice_full(%a: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = aig.slice %a offsets = [0, 0] sizes = [4, 3] strides = [1, 1] : tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// To 1-D: a single collapse.
// CHECK-LABEL: func.func @reshape_flatten
// CHECK-SAME: (%[[A:.*]]: tensor<4x3xf32>)
// CHECK: %[[R:.*]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1]] : tensor<4x3xf32> into tensor<12xf32>
// CHECK-NOT: tensor.expand_shape
// CHECK: return %[[R]] : tensor<12xf32>
func.func @reshape_flatten(%a: tensor<4x3xf32>) -> tensor<12xf32> {
  %0 = aig.reshape %a, [-1] : tensor<4x3xf32>
  return %0 : tensor<12xf32>
}

// -----

// From 1-D: a single expand.
// CHECK-LABEL: func.func @reshape_unflatten
// CHECK-SAME: (%[[A:.*]]: tensor<12xf32>)
// CHECK-NOT: tensor.collapse_shape
// CHECK: %[[R:.*]] = tensor.expand_shape %[[A]] {{\[}}[0, 1, 2]] output_shape [2, 3, 2] : tensor<12xf32> into tensor<2x3x2xf32>
// CHECK: return %[[R]] : tensor<2x3x2xf32>
func.func @reshape_unflatten(%a: tensor<12xf32>) -> tensor<2x3x2xf32> {
  %0 = aig.reshape %a, [2, 3, -1] : tensor<12xf32>
  return %0 : tensor<2x3x2xf32>
}

// -----

// N-D to M-D: collapse to 1-D, then expand.
// CHECK-LABEL: func.func @reshape_nd
// CHECK-SAME: (%[[A:.*]]: tensor<4x3xi32>)
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1]] : tensor<4x3xi32> into tensor<12xi32>
// CHECK: %[[R:.*]] = tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [2, 6] : tensor<12xi32> into tensor<2x6xi32>
// CHECK: return %[[R]] : tensor<2x6xi32>
func.func @reshape_nd(%a: tensor<4x3xi32>) -> tensor<2x6xi32> {
  %0 = aig.reshape %a, [2, 6] : tensor<4x3xi32>
  return %0 : tensor<2x6xi32>
}

// -----

// Rank 0 <-> all-ones shapes use an empty reassociation.
// CHECK-LABEL: func.func @reshape_scalar
// CHECK-SAME: (%[[A:.*]]: tensor<1x1xf32>, %[[S:.*]]: tensor<f32>)
// CHECK-DAG: %[[C:.*]] = tensor.collapse_shape %[[A]] [] : tensor<1x1xf32> into tensor<f32>
// CHECK-DAG: %[[E:.*]] = tensor.expand_shape %[[S]] [] output_shape [1, 1, 1] : tensor<f32> into tensor<1x1x1xf32>
// CHECK: return %[[C]], %[[E]] : tensor<f32>, tensor<1x1x1xf32>
func.func @reshape_scalar(%a: tensor<1x1xf32>, %s: tensor<f32>) -> (tensor<f32>, tensor<1x1x1xf32>) {
  %0 = aig.reshape %a, [] : tensor<1x1xf32>
  %1 = aig.reshape %s, [1, 1, 1] : tensor<f32>
  return %0, %1 : tensor<f32>, tensor<1x1x1xf32>
}
