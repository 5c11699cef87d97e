func.func @add_zero_int(%x: tensor<5xi32>) -> tensor<5xi32> {
  %zero = aig.constant dense<0> : tensor<5xi32>
  %0 = aig.add %x, %zero : tensor<5xi32>, tensor<5xi32>
  return %0 : tensor<5xi32>
}
