func.func @lookup(%table: tensor<5x3xf32>, %ids: tensor<4xi64>) -> tensor<4x3xf32> {
  %e = aig.gather %table[%ids] axis = 0 : tensor<5x3xf32>, tensor<4xi64>
  return %e : tensor<4x3xf32>
}
