// A 40 GB intermediate (exp of a broadcast, transposed into a matmul) for a
// 1x1 result: compiled code cannot allocate it under `ulimit -v`.
func.func @main(%x: tensor<1x100000xf32>, %w: tensor<100000x1xf32>) -> tensor<1x1xf32> {
  %b = aig.broadcast_to %x, [100000, 100000] : tensor<1x100000xf32>
  %e = aig.exp %b : tensor<100000x100000xf32>
  %t = aig.transpose %e, [1, 0] : tensor<100000x100000xf32>
  %m = aig.matmul %t, %w : tensor<100000x100000xf32>, tensor<100000x1xf32>
  %s = aig.reduce_sum %m axes = [0] keepdims : tensor<100000x1xf32>
  return %s : tensor<1x1xf32>
}
