func.func @mul_one_rhs(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %one = aig.constant dense<1.0> : tensor<1x3xf32>
  %0 = aig.mul %x, %one : tensor<4x3xf32>, tensor<1x3xf32>
  return %0 : tensor<4x3xf32>
}
