func.func @sub_broadcast_lhs(%a: tensor<3xf32>, %b: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = aig.sub %a, %b : tensor<3xf32>, tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
