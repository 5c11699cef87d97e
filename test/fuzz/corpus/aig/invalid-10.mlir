func.func @div_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) {
  %0 = aig.div %a, %b : tensor<2x3xf32>, tensor<3x3xf32>
  return
}
