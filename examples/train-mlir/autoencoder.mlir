// A linear autoencoder (8 -> 3 -> 8): a data set without targets
// (npy:DIR with x_{train,test}.npy only), trainable with
//   aicc train examples/train-mlir/autoencoder.mlir --data npy:DIR
// Its only batch argument is the input; @metrics reports the reconstruction
// error per sample.
func.func @loss(%x: tensor<100x8xf32> {aig.name = "x"},
                %we: tensor<8x3xf32> {aig.name = "encoder", aig.param = {init = "torch_linear", fan_in = 8}},
                %wd: tensor<3x8xf32> {aig.name = "decoder", aig.param = {init = "torch_linear", fan_in = 3}}) -> tensor<f32> {
  %h = aig.matmul %x, %we : tensor<100x8xf32>, tensor<8x3xf32>
  %r = aig.matmul %h, %wd : tensor<100x3xf32>, tensor<3x8xf32>
  %d = aig.sub %r, %x : tensor<100x8xf32>, tensor<100x8xf32>
  %s = aig.mul %d, %d : tensor<100x8xf32>, tensor<100x8xf32>
  %l = aig.reduce_mean %s axes = [0, 1] : tensor<100x8xf32>
  return %l : tensor<f32>
}

func.func @metrics(%x: tensor<100x8xf32> {aig.name = "x"},
                   %mask: tensor<100xf32> {aig.name = "mask", aig.mask},
                   %we: tensor<8x3xf32> {aig.name = "encoder"},
                   %wd: tensor<3x8xf32> {aig.name = "decoder"})
    -> (tensor<f32> {aig.name = "reconstruction_mse"}) {
  %h = aig.matmul %x, %we : tensor<100x8xf32>, tensor<8x3xf32>
  %r = aig.matmul %h, %wd : tensor<100x3xf32>, tensor<3x8xf32>
  %d = aig.sub %r, %x : tensor<100x8xf32>, tensor<100x8xf32>
  %s = aig.mul %d, %d : tensor<100x8xf32>, tensor<100x8xf32>
  %rs = aig.reduce_mean %s axes = [1] : tensor<100x8xf32>
  %m = aig.mul %rs, %mask : tensor<100xf32>, tensor<100xf32>
  %e = aig.reduce_sum %m axes = [0] : tensor<100xf32>
  return %e : tensor<f32>
}
