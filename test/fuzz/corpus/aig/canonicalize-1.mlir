func.func @add_zero_lhs(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %zero = aig.constant dense<0.0> : tensor<f32>
  %0 = aig.add %zero, %x : tensor<f32>, tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
