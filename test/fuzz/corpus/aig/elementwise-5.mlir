func.func @maximum_rank3(%a: tensor<2x1x5xf32>, %b: tensor<3x1xf32>) -> tensor<2x3x5xf32> {
  %0 = aig.maximum %a, %b : tensor<2x1x5xf32>, tensor<3x1xf32>
  return %0 : tensor<2x3x5xf32>
}
