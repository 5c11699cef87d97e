func.func @maximum_not_broadcastable(%a: tensor<0xf32>, %b: tensor<2xf32>) {
  %0 = aig.maximum %a, %b : tensor<0xf32>, tensor<2xf32>
  return
}
