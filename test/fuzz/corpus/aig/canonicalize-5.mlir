func.func @add_non_splat_not_folded(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c = aig.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %0 = aig.add %x, %c : tensor<2xf32>, tensor<2xf32>
  return %0 : tensor<2xf32>
}
