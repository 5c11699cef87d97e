func.func @conv2d_input_grad_rank2(%dy: tensor<8x6xf32>, %w: tensor<6x1x5x5xf32>) {
  %0 = aig.conv2d_input_grad %dy, %w input_shape = [8, 1, 28, 28] stride = [1, 1] padding = [2, 2, 2, 2] dilation = [1, 1] groups = 1 : tensor<8x6xf32>, tensor<6x1x5x5xf32>
  return
}
