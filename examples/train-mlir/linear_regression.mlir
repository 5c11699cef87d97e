// Linear regression with value targets, trainable with
//   aicc train examples/train-mlir/linear_regression.mlir --data npy:DIR
// where DIR holds x_{train,test}.npy (N x 8 float) and y_{train,test}.npy
// (N x 2 float): float targets make a regression data set.
//
// @metrics (docs/training.md): the test metrics in compiled code, as sums
// over the rows of a batch whose mask is 1; `aicc train` prints their means
// as test_<name>.
func.func @loss(%x: tensor<100x8xf32> {aig.name = "x"},
                %y: tensor<100x2xf32> {aig.name = "y"},
                %w: tensor<8x2xf32> {aig.name = "w", aig.param = {init = "torch_linear", fan_in = 8}},
                %b: tensor<2xf32> {aig.name = "b", aig.param = {init = "zeros"}}) -> tensor<f32> {
  %p = aig.matmul %x, %w : tensor<100x8xf32>, tensor<8x2xf32>
  %q = aig.add %p, %b : tensor<100x2xf32>, tensor<2xf32>
  %d = aig.sub %q, %y : tensor<100x2xf32>, tensor<100x2xf32>
  %s = aig.mul %d, %d : tensor<100x2xf32>, tensor<100x2xf32>
  %l = aig.reduce_mean %s axes = [0, 1] : tensor<100x2xf32>
  return %l : tensor<f32>
}

func.func @metrics(%x: tensor<100x8xf32> {aig.name = "x"},
                   %y: tensor<100x2xf32> {aig.name = "y"},
                   %mask: tensor<100xf32> {aig.name = "mask", aig.mask},
                   %w: tensor<8x2xf32> {aig.name = "w"},
                   %b: tensor<2xf32> {aig.name = "b"})
    -> (tensor<f32> {aig.name = "mse"}, tensor<f32> {aig.name = "mae"}) {
  %p = aig.matmul %x, %w : tensor<100x8xf32>, tensor<8x2xf32>
  %q = aig.add %p, %b : tensor<100x2xf32>, tensor<2xf32>
  %d = aig.sub %q, %y : tensor<100x2xf32>, tensor<100x2xf32>
  %s = aig.mul %d, %d : tensor<100x2xf32>, tensor<100x2xf32>
  %rs = aig.reduce_mean %s axes = [1] : tensor<100x2xf32>
  %ms = aig.mul %rs, %mask : tensor<100xf32>, tensor<100xf32>
  %mse = aig.reduce_sum %ms axes = [0] : tensor<100xf32>
  %a = aig.abs %d : tensor<100x2xf32>
  %ra = aig.reduce_mean %a axes = [1] : tensor<100x2xf32>
  %ma = aig.mul %ra, %mask : tensor<100xf32>, tensor<100xf32>
  %mae = aig.reduce_sum %ma axes = [0] : tensor<100xf32>
  return %mse, %mae : tensor<f32>, tensor<f32>
}
