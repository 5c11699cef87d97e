func.func @mul_not_broadcastable(%a: tensor<2x1x3xi32>, %b: tensor<5x4xi32>) {
  %0 = aig.mul %a, %b : tensor<2x1x3xi32>, tensor<5x4xi32>
  return
}
