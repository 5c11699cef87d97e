func.func @convnet(%x: tensor<4x1x28x28xf32>, %w1: tensor<6x1x5x5xf32>, %b1: tensor<6xf32>, %w2: tensor<16x6x5x5xf32>, %b2: tensor<16xf32>) -> tensor<4x16x5x5xf32> {
  %0 = aig.conv2d %x, %w1, %b1 stride = [1, 1] padding = [2, 2, 2, 2] dilation = [1, 1] groups = 1 : tensor<4x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>
  %1 = aig.relu %0 : tensor<4x6x28x28xf32>
  %2 = aig.max_pool2d %1 kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0] : tensor<4x6x28x28xf32>
  %3 = aig.conv2d %2, %w2, %b2 stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<4x6x14x14xf32>, tensor<16x6x5x5xf32>, tensor<16xf32>
  %4 = aig.relu %3 : tensor<4x16x10x10xf32>
  %5 = aig.avg_pool2d %4 kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0] count_include_pad : tensor<4x16x10x10xf32>
  return %5 : tensor<4x16x5x5xf32>
}
