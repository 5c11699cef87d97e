func.func @add_zero_lhs_broadcasting_not_folded(%x: tensor<4x1xf32>) -> tensor<4x3xf32> {
  %zero = aig.constant dense<0.0> : tensor<1x3xf32>
  %0 = aig.add %zero, %x : tensor<1x3xf32>, tensor<4x1xf32>
  return %0 : tensor<4x3xf32>
}
