func.func @add_zero_broadcasting_not_folded(%x: tensor<3xf32>) -> tensor<4x3xf32> {
  %zero = aig.constant dense<0.0> : tensor<4x3xf32>
  %0 = aig.add %x, %zero : tensor<3xf32>, tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
