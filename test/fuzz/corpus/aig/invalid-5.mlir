func.func @minimum_element_type(%a: tensor<2xi1>, %b: tensor<2xi8>) {
  %0 = aig.minimum %a, %b : tensor<2xi1>, tensor<2xi8>
  return
}
