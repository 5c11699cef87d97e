func.func @sub_zero(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %zero = aig.constant dense<0.0> : tensor<4x3xf32>
  %0 = aig.sub %x, %zero : tensor<4x3xf32>, tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
