func.func @mul_one_broadcasting_not_folded(%x: tensor<f32>) -> tensor<2xf32> {
  %one = aig.constant dense<1.0> : tensor<2xf32>
  %0 = aig.mul %one, %x : tensor<2xf32>, tensor<f32>
  return %0 : tensor<2xf32>
}
