func.func @matmul_2d(%a: tensor<4x5xf32>, %b: tensor<5x6xf32>) -> tensor<4x6xf32> {
  %0 = aig.matmul %a, %b : tensor<4x5xf32>, tensor<5x6xf32>
  return %0 : tensor<4x6xf32>
}
