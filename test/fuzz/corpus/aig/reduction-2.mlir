func.func @reduce_max(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  %0 = aig.reduce_max %a axes = [-1] : tensor<2x3xf32>
  return %0 : tensor<2xf32>
}
