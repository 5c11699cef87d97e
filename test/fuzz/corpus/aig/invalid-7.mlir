func.func @add_not_broadcastable(%a: tensor<2xf32>, %b: tensor<3xf32>) {
  %0 = aig.add %a, %b : tensor<2xf32>, tensor<3xf32>
  return
}
