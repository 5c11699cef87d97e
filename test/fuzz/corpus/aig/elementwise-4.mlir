func.func @div_unit_dims(%a: tensor<1x3xf32>, %b: tensor<1x1xf32>) -> tensor<1x3xf32> {
  %0 = aig.div %a, %b : tensor<1x3xf32>, tensor<1x1xf32>
  return %0 : tensor<1x3xf32>
}
