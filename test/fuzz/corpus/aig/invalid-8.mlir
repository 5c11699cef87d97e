func.func @sub_not_broadcastable(%a: tensor<4x3xf32>, %b: tensor<4xf32>) {
  %0 = aig.sub %a, %b : tensor<4x3xf32>, tensor<4xf32>
  return
}
