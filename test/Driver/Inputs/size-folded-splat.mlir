func.func @f(%x: tensor<f32>) -> tensor<1000000x1000xf32> {
  %c = aig.constant dense<1.0> : tensor<f32>
  %0 = aig.broadcast_to %c, [1000000, 1000] : tensor<f32>
  return %0 : tensor<1000000x1000xf32>
}
