func.func @stats(%x: tensor<128x6x28x28xf32>) -> (tensor<6xf32>, tensor<6xf32>) {
  %m = aig.reduce_mean %x axes = [0, 2, 3] : tensor<128x6x28x28xf32>
  %s = aig.reduce_sum %x axes = [0, 2, 3] : tensor<128x6x28x28xf32>
  return %m, %s : tensor<6xf32>, tensor<6xf32>
}
