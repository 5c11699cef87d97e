func.func @sub_element_type(%a: tensor<2xf32>, %b: tensor<2xf16>) {
  %0 = aig.sub %a, %b : tensor<2xf32>, tensor<2xf16>
  return
}
