func.func @conv2d_input_rank3(%x: tensor<1x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  %0 = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<1x28x28xf32>, tensor<6x1x5x5xf32>
  return
}
