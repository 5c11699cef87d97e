func.func @maximum_element_type(%a: tensor<2xf32>, %b: tensor<f64>) {
  %0 = aig.maximum %a, %b : tensor<2xf32>, tensor<f64>
  return
}
