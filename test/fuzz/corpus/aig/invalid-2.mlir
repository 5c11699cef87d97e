func.func @mul_element_type(%a: tensor<2xi64>, %b: tensor<2xi32>) {
  %0 = aig.mul %a, %b : tensor<2xi64>, tensor<2xi32>
  return
}
