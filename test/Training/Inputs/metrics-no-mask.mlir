func.func @loss(%x: tensor<100x8xf32> {aig.name = "x"},
                %w: tensor<8x8xf32> {aig.name = "w", aig.param}) -> tensor<f32> {
  %h = aig.matmul %x, %w : tensor<100x8xf32>, tensor<8x8xf32>
  %l = aig.reduce_mean %h axes = [0, 1] : tensor<100x8xf32>
  return %l : tensor<f32>
}
func.func @metrics(%x: tensor<100x8xf32> {aig.name = "x"},
                   %w: tensor<8x8xf32> {aig.name = "w"}) -> (tensor<f32> {aig.name = "m"}) {
  %h = aig.matmul %x, %w : tensor<100x8xf32>, tensor<8x8xf32>
  %l = aig.reduce_sum %h axes = [0, 1] : tensor<100x8xf32>
  return %l : tensor<f32>
}
