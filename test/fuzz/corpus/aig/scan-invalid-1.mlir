func.func @negative_axis(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %y = aig.scan length = 3 axis = -1 over(%x : tensor<3x4xf32>) {
  ^bb0(%t: tensor<i64>, %xt: tensor<4xf32>):
    aig.yield %xt : tensor<4xf32>
  } -> (tensor<3x4xf32>)
  return %y : tensor<3x4xf32>
}
