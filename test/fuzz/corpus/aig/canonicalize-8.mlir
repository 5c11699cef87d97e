func.func @sub_zero_broadcasting_not_folded(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  %zero = aig.constant dense<0.0> : tensor<2x3xf32>
  %0 = aig.sub %x, %zero : tensor<3xf32>, tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
