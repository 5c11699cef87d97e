// A result of 12 TB: compiles, but the runtime cannot allocate it.
func.func @f(%v: tensor<3xf32>) -> tensor<1000000x1000000x3xf32> {
  %0 = aig.broadcast_to %v, [1000000, 1000000, 3] : tensor<3xf32>
  return %0 : tensor<1000000x1000000x3xf32>
}
