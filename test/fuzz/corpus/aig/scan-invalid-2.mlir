func.func @sequence_without_axis(%x: tensor<3xf32>) -> tensor<3xf32> {
  %y = aig.scan length = 3 axis = 1 over(%x : tensor<3xf32>) {
  ^bb0(%t: tensor<i64>, %xt: tensor<3xf32>):
    aig.yield %xt : tensor<3xf32>
  } -> (tensor<3xf32>)
  return %y : tensor<3xf32>
}
