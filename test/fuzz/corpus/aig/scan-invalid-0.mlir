func.func @zero_length(%h0: tensor<4xf32>) -> tensor<4xf32> {
  %h = aig.scan length = 0 axis = 0 carry(%h0 : tensor<4xf32>) {
  ^bb0(%t: tensor<i64>, %h: tensor<4xf32>):
    aig.yield %h : tensor<4xf32>
  } -> (tensor<4xf32>)
  return %h : tensor<4xf32>
}
