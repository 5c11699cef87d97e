func.func @add_same_shape(%a: tensor<4x3xf32>, %b: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = aig.add %a, %b : tensor<4x3xf32>, tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
