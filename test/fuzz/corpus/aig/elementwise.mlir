func.func @rsqrt_scale(%x: tensor<64x256xf32>, %s: tensor<f32>) -> tensor<64x256xf32> {
  %0 = aig.sqrt %x : tensor<64x256xf32>
  %1 = aig.div %s, %0 : tensor<f32>, tensor<64x256xf32>
  return %1 : tensor<64x256xf32>
}
