// Softmax regression on Fashion-MNIST, trainable with
//   aicc train examples/train-mlir/softmax_regression.mlir --epochs 1
//
// Convention (docs/training.md):
//  * @loss returns the scalar loss first; its arguments marked {aig.param}
//    are the parameters (with an optional initializer), the others are the
//    batch, in order: features [B, ...] f32, then labels [B] i64;
//  * @logits (optional) takes the input and the parameters, matched by
//    aig.name; `aicc train` uses it for test accuracy.
func.func @loss(%x: tensor<128x784xf32> {aig.name = "x"},
                %w: tensor<784x10xf32> {aig.name = "w",
                    aig.param = {init = "xavier_uniform", fan_in = 784, fan_out = 10}},
                %b: tensor<10xf32> {aig.name = "b", aig.param = {init = "zeros"}},
                %labels: tensor<128xi64> {aig.name = "labels"}) -> tensor<f32> {
  %0 = aig.matmul %x, %w : tensor<128x784xf32>, tensor<784x10xf32>
  %1 = aig.add %0, %b : tensor<128x10xf32>, tensor<10xf32>
  %2 = aig.log_softmax %1 axis = 1 : tensor<128x10xf32>
  %3 = aig.one_hot %labels num_classes = 10 : tensor<128xi64> to f32
  %4 = aig.mul %2, %3 : tensor<128x10xf32>, tensor<128x10xf32>
  %5 = aig.reduce_sum %4 axes = [0, 1] : tensor<128x10xf32>
  %n = aig.constant dense<-128.0> : tensor<f32>
  %6 = aig.div %5, %n : tensor<f32>, tensor<f32>
  return %6 : tensor<f32>
}

func.func @logits(%x: tensor<128x784xf32> {aig.name = "x"},
                  %w: tensor<784x10xf32> {aig.name = "w"},
                  %b: tensor<10xf32> {aig.name = "b"}) -> tensor<128x10xf32> {
  %0 = aig.matmul %x, %w : tensor<128x784xf32>, tensor<784x10xf32>
  %1 = aig.add %0, %b : tensor<128x10xf32>, tensor<10xf32>
  return %1 : tensor<128x10xf32>
}
