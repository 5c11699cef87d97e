func.func @mul_one_lhs(%x: tensor<4x3xi64>) -> tensor<4x3xi64> {
  %one = aig.constant dense<1> : tensor<i64>
  %0 = aig.mul %one, %x : tensor<i64>, tensor<4x3xi64>
  return %0 : tensor<4x3xi64>
}
