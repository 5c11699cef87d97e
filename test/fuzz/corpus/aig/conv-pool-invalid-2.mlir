func.func @conv2d_filter_rank5(%x: tensor<8x1x28x28xf32>, %w: tensor<6x1x5x5x1xf32>) {
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<8x1x28x28xf32>, tensor<6x1x5x5x1xf32>
  return
}
