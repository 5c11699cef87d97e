// RUN: aicc-opt %s --aig-autodiff="functions=f" --split-input-file --verify-diagnostics

// With `functions`, each named function must be a loss: its first result a
// rank-0 float tensor.

// expected-error @+1 {{'f' cannot be differentiated: its first result must be a rank-0 float loss}}
func.func @f(%x: tensor<4xf32> {aig.param}) -> tensor<4xf32> {
  %0 = aig.exp %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A rank-0 integer result is not a loss either.
// expected-error @+1 {{'f' cannot be differentiated: its first result must be a rank-0 float loss}}
func.func @f(%x: tensor<4xi32>) -> tensor<i32> {
  %0 = aig.reduce_sum %x axes = [0] : tensor<4xi32>
  return %0 : tensor<i32>
}

// -----

// Nor a function without results.
// expected-error @+1 {{'f' cannot be differentiated: its first result must be a rank-0 float loss}}
func.func @f(%x: tensor<4xf32>) {
  return
}

// -----

// A name that is not a function of the module: an error at the module.
// expected-error @+1 {{aig-autodiff: no function named 'f'}}
module {
  func.func @g(%x: tensor<4xf32> {aig.param}) -> tensor<f32> {
    %0 = aig.reduce_sum %x axes = [0] : tensor<4xf32>
    return %0 : tensor<f32>
  }
}
