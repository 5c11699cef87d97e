// Integer division: aicc bench feeds zeros to integer inputs.
func.func @f(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = aig.div %a, %b : tensor<4xi32>, tensor<4xi32>
  return %0 : tensor<4xi32>
}
