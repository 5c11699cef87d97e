// A character bigram model on sequences: logits for the next character from
// the current one (one-hot @ W, an embedding of the previous character),
// trainable with
//   aicc train examples/train-mlir/char_bigram.mlir --data npy:DIR
// where x_{train,test}.npy are N x 16 character ids (i64, 96 printable
// characters) and y_{train,test}.npy the next character at each position.
// @metrics gives the per-character test loss and accuracy.
func.func @loss(%x: tensor<64x16xi64> {aig.name = "x"},
                %y: tensor<64x16xi64> {aig.name = "y"},
                %w: tensor<96x96xf32> {aig.name = "w", aig.param = {init = "normal", std = 0.01}}) -> tensor<f32> {
  %h = aig.one_hot %x num_classes = 96 : tensor<64x16xi64> to f32
  %logits = aig.matmul %h, %w : tensor<64x16x96xf32>, tensor<96x96xf32>
  %lp = aig.log_softmax %logits axis = 2 : tensor<64x16x96xf32>
  %t = aig.one_hot %y num_classes = 96 : tensor<64x16xi64> to f32
  %p = aig.mul %lp, %t : tensor<64x16x96xf32>, tensor<64x16x96xf32>
  %s = aig.reduce_sum %p axes = [0, 1, 2] : tensor<64x16x96xf32>
  %n = aig.constant dense<-1024.0> : tensor<f32>
  %l = aig.div %s, %n : tensor<f32>, tensor<f32>
  return %l : tensor<f32>
}

func.func @metrics(%x: tensor<64x16xi64> {aig.name = "x"},
                   %y: tensor<64x16xi64> {aig.name = "y"},
                   %mask: tensor<64xf32> {aig.name = "mask", aig.mask},
                   %w: tensor<96x96xf32> {aig.name = "w"})
    -> (tensor<f32> {aig.name = "loss"}, tensor<f32> {aig.name = "acc"}) {
  %h = aig.one_hot %x num_classes = 96 : tensor<64x16xi64> to f32
  %logits = aig.matmul %h, %w : tensor<64x16x96xf32>, tensor<96x96xf32>
  %lp = aig.log_softmax %logits axis = 2 : tensor<64x16x96xf32>
  %t = aig.one_hot %y num_classes = 96 : tensor<64x16xi64> to f32
  %p = aig.mul %lp, %t : tensor<64x16x96xf32>, tensor<64x16x96xf32>
  // Per sequence: the mean over its 16 positions.
  %row = aig.reduce_mean %p axes = [1, 2] : tensor<64x16x96xf32>
  %scale = aig.constant dense<-96.0> : tensor<f32>
  %ce = aig.mul %row, %scale : tensor<64xf32>, tensor<f32>
  %cem = aig.mul %ce, %mask : tensor<64xf32>, tensor<64xf32>
  %loss = aig.reduce_sum %cem axes = [0] : tensor<64xf32>
  // Accuracy per position: the label's logit is the largest.
  %tl = aig.mul %logits, %t : tensor<64x16x96xf32>, tensor<64x16x96xf32>
  %picked = aig.reduce_sum %tl axes = [2] : tensor<64x16x96xf32>
  %best = aig.reduce_max %logits axes = [2] : tensor<64x16x96xf32>
  %hit = aig.compare ge, %picked, %best : tensor<64x16xf32>, tensor<64x16xf32>
  %hf = aig.cast %hit : tensor<64x16xi1> to f32
  %racc = aig.reduce_mean %hf axes = [1] : tensor<64x16xf32>
  %ram = aig.mul %racc, %mask : tensor<64xf32>, tensor<64xf32>
  %acc = aig.reduce_sum %ram axes = [0] : tensor<64xf32>
  return %loss, %acc : tensor<f32>, tensor<f32>
}
