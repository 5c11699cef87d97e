func.func @reduce_sum_keepdims_int(%a: tensor<2x3x4xi32>) -> tensor<1x3x1xi32> {
  %0 = aig.reduce_sum %a axes = [-1, 0] keepdims : tensor<2x3x4xi32>
  return %0 : tensor<1x3x1xi32>
}
