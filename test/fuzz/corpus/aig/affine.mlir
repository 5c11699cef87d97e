// y = relu(x @ w + b): the driver tests' small model.
func.func @affine(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>, %b: tensor<4xf32>)
    -> tensor<2x4xf32> {
  %0 = aig.matmul %x, %w : tensor<2x3xf32>, tensor<3x4xf32>
  %1 = aig.add %0, %b : tensor<2x4xf32>, tensor<4xf32>
  %2 = aig.relu %1 : tensor<2x4xf32>
  return %2 : tensor<2x4xf32>
}

func.func @two_results(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<f32>) {
  %0 = aig.exp %x : tensor<3xf32>
  %1 = aig.reduce_sum %0 axes = [0] : tensor<3xf32>
  return %0, %1 : tensor<3xf32>, tensor<f32>
}
