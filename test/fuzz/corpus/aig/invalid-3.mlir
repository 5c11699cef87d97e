func.func @div_element_type(%a: tensor<2xbf16>, %b: tensor<2xf16>) {
  %0 = aig.div %a, %b : tensor<2xbf16>, tensor<2xf16>
  return
}
