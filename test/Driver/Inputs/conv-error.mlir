func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<2x4x6x6xf32> {
  %y = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<2x3x8x8xf32>, tensor<4x2x3x3xf32>
  return %y : tensor<2x4x6x6xf32>
}
