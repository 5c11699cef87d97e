// 4e15 bytes: fits in 64 bits, but no machine has that much address space.
func.func @f(%x: tensor<f32>) -> tensor<1000000x1000000x1000xf32> {
  %0 = aig.broadcast_to %x, [1000000, 1000000, 1000] : tensor<f32>
  return %0 : tensor<1000000x1000000x1000xf32>
}
