func.func @reduce_max_bf16(%a: tensor<2x3xbf16>) -> tensor<2xbf16> {
  %0 = aig.reduce_max %a axes = [1] : tensor<2x3xbf16>
  return %0 : tensor<2xbf16>
}
