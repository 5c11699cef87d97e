// A 2-layer MLP forward pass in the aig dialect: 784 -> 256 -> 10 with ReLU
// and softmax, on a batch of 8 Fashion-MNIST images.
func.func @mlp(%x: tensor<8x784xf32>,
               %w1: tensor<784x256xf32>, %b1: tensor<256xf32>,
               %w2: tensor<256x10xf32>, %b2: tensor<10xf32>)
    -> tensor<8x10xf32> {
  %0 = aig.matmul %x, %w1 : tensor<8x784xf32>, tensor<784x256xf32>
  %1 = aig.add %0, %b1 : tensor<8x256xf32>, tensor<256xf32>
  %2 = aig.relu %1 : tensor<8x256xf32>
  %3 = aig.matmul %2, %w2 : tensor<8x256xf32>, tensor<256x10xf32>
  %4 = aig.add %3, %b2 : tensor<8x10xf32>, tensor<10xf32>
  %5 = aig.softmax %4 axis = 1 : tensor<8x10xf32>
  return %5 : tensor<8x10xf32>
}
