func.func @add_element_type(%a: tensor<2xf32>, %b: tensor<2xi32>) {
  %0 = aig.add %a, %b : tensor<2xf32>, tensor<2xi32>
  return
}
