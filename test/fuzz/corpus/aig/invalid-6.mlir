func.func @add_element_type_generic(%a: tensor<2xf32>, %b: tensor<2xi32>) {
  %0 = "aig.add"(%a, %b) : (tensor<2xf32>, tensor<2xi32>) -> tensor<2xf32>
  return
}
