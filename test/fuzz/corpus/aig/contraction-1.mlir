func.func @matmul_2d_int(%a: tensor<4x5xi32>, %b: tensor<5x6xi32>) -> tensor<4x6xi32> {
  %0 = aig.matmul %a, %b : tensor<4x5xi32>, tensor<5x6xi32>
  return %0 : tensor<4x6xi32>
}
