// Two loss functions, neither named @loss: --train needs --loss.
func.func @mse(%w: tensor<2xf32> {aig.param}) -> tensor<f32> {
  %s = aig.reduce_sum %w axes = [0] : tensor<2xf32>
  return %s : tensor<f32>
}
func.func @mae(%w: tensor<2xf32> {aig.param}) -> tensor<f32> {
  %s = aig.reduce_mean %w axes = [0] : tensor<2xf32>
  return %s : tensor<f32>
}
