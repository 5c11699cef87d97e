func.func @zero_sub_not_folded(%x: tensor<3xf32>) -> tensor<3xf32> {
  %zero = aig.constant dense<0.0> : tensor<3xf32>
  %0 = aig.sub %zero, %x : tensor<3xf32>, tensor<3xf32>
  return %0 : tensor<3xf32>
}
