func.func @reduce_sum(%a: tensor<2x3x4xf32>) -> tensor<2x4xf32> {
  %0 = aig.reduce_sum %a axes = [1] : tensor<2x3x4xf32>
  return %0 : tensor<2x4xf32>
}
