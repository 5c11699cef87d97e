func.func @loss(%w: tensor<2xf32> {aicc.param}) -> tensor<f32> {
  %s = aig.reduce_sum %w axes = [0] : tensor<2xf32>
  return %s : tensor<f32>
}
