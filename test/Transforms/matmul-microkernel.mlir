// RUN: aicc-opt %s --aicc-matmul-microkernel --split-input-file | FileCheck %s

// 8x16: two blocks of 4 rows, one 16-wide vector column block; the four
// accumulators are loop-carried through the k loop.
// CHECK-LABEL: func.func @blocks
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK-COUNT-4: vector.load %{{.*}} : memref<8x16xf32>, vector<16xf32>
// CHECK: scf.for %{{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: vector.load %{{.*}} : memref<32x16xf32>, vector<16xf32>
// CHECK-COUNT-4: vector.fma
// CHECK: scf.yield
// CHECK-COUNT-4: vector.store %{{.*}} : memref<8x16xf32>, vector<16xf32>
// CHECK-NOT: linalg.matmul
func.func @blocks(%a: memref<8x32xf32>, %b: memref<32x16xf32>, %c: memref<8x16xf32>) {
  linalg.matmul ins(%a, %b : memref<8x32xf32>, memref<32x16xf32>) outs(%c : memref<8x16xf32>)
  return
}

// -----

// 7 rows: a block of 4 rows and a block of the remaining 3; N = 8 is one
// 8-wide column block.
// CHECK-LABEL: func.func @remainder_rows
// CHECK-COUNT-4: vector.fma {{.*}} : vector<8xf32>
// CHECK: scf.yield
// CHECK-COUNT-3: vector.fma {{.*}} : vector<8xf32>
func.func @remainder_rows(%a: memref<7x5xf32>, %b: memref<5x8xf32>, %c: memref<7x8xf32>) {
  linalg.matmul ins(%a, %b : memref<7x5xf32>, memref<5x8xf32>) outs(%c : memref<7x8xf32>)
  return
}

// -----

// N = 10 is narrower than a vector: one 10-wide column block (LLVM splits
// the vector into legal parts). N = 20: a 16-wide block and a 4-wide one.
// CHECK-LABEL: func.func @main_and_tail_columns
// CHECK-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.yield
// CHECK-COUNT-4: vector.fma {{.*}} : vector<4xf32>
// CHECK-LABEL: func.func @ragged_columns
// CHECK-COUNT-4: vector.fma {{.*}} : vector<10xf32>
// CHECK-NOT: linalg.matmul
func.func @main_and_tail_columns(%a: memref<4x3xf32>, %b: memref<3x20xf32>, %c: memref<4x20xf32>) {
  linalg.matmul ins(%a, %b : memref<4x3xf32>, memref<3x20xf32>) outs(%c : memref<4x20xf32>)
  return
}
func.func @ragged_columns(%a: memref<4x3xf32>, %b: memref<3x10xf32>, %c: memref<4x10xf32>) {
  linalg.matmul ins(%a, %b : memref<4x3xf32>, memref<3x10xf32>) outs(%c : memref<4x10xf32>)
  return
}

// -----

// Batched: one loop over the batch around the blocked kernel.
// CHECK-LABEL: func.func @batched
// CHECK: scf.for
// CHECK: vector.fma
// CHECK-NOT: linalg.batch_matmul
func.func @batched(%a: memref<2x4x3xf32>, %b: memref<2x3x16xf32>, %c: memref<2x4x16xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<2x4x3xf32>, memref<2x3x16xf32>) outs(%c : memref<2x4x16xf32>)
  return
}

// -----

// Tensors (before bufferization) and f64 are not touched.
// CHECK-LABEL: func.func @tensor_and_f64
// CHECK: linalg.matmul
// CHECK: linalg.matmul
func.func @tensor_and_f64(%a: tensor<4x4xf32>, %b: tensor<4x16xf32>, %c: tensor<4x16xf32>,
                          %d: memref<4x4xf64>, %e: memref<4x16xf64>, %f: memref<4x16xf64>) -> tensor<4x16xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x4xf32>, tensor<4x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  linalg.matmul ins(%d, %e : memref<4x4xf64>, memref<4x16xf64>) outs(%f : memref<4x16xf64>)
  return %0 : tensor<4x16xf32>
}

// -----

// C zero-filled right before the matmul: the accumulators start at zero, C
// is not loaded, and the fill is gone. A fill of another value, or of
// another buffer, stays and C is loaded.
// CHECK-LABEL: func.func @zero_filled
// CHECK-NOT: linalg.fill
// CHECK: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<16xf32>
// CHECK-NOT: vector.load %{{.*}} : memref<8x16xf32>
// CHECK: scf.for %{{.*}} iter_args(%{{.*}} = %[[ZERO]], %{{.*}} = %[[ZERO]], %{{.*}} = %[[ZERO]], %{{.*}} = %[[ZERO]])
// CHECK-LABEL: func.func @one_filled
// CHECK: linalg.fill
// CHECK-COUNT-4: vector.load %{{.*}} : memref<8x16xf32>, vector<16xf32>
func.func @zero_filled(%a: memref<8x32xf32>, %b: memref<32x16xf32>, %c: memref<8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<8x16xf32>)
  linalg.matmul ins(%a, %b : memref<8x32xf32>, memref<32x16xf32>) outs(%c : memref<8x16xf32>)
  return
}
func.func @one_filled(%a: memref<8x32xf32>, %b: memref<32x16xf32>, %c: memref<8x16xf32>) {
  %one = arith.constant 1.0 : f32
  linalg.fill ins(%one : f32) outs(%c : memref<8x16xf32>)
  linalg.matmul ins(%a, %b : memref<8x32xf32>, memref<32x16xf32>) outs(%c : memref<8x16xf32>)
  return
}

// -----

// A = x^T materialized only for this matmul: the kernel reads x[k, i]
// (memref<4x8xf32>, indices swapped) and the transpose and its buffer go.
// CHECK-LABEL: func.func @transposed_lhs(
// CHECK-SAME: %[[X:[^:]*]]: memref<4x8xf32>
// CHECK-NOT: linalg.transpose
// CHECK-NOT: memref.alloc
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for %[[K:[^ ]*]] = 
// CHECK: memref.load %[[X]][%[[K]], %{{.*}}] : memref<4x8xf32>
// CHECK-NOT: memref.dealloc
func.func @transposed_lhs(%x: memref<4x8xf32>, %b: memref<4x16xf32>, %c: memref<8x16xf32>) {
  %t = memref.alloc() : memref<8x4xf32>
  linalg.transpose ins(%x : memref<4x8xf32>) outs(%t : memref<8x4xf32>) permutation = [1, 0]
  linalg.matmul ins(%t, %b : memref<8x4xf32>, memref<4x16xf32>) outs(%c : memref<8x16xf32>)
  memref.dealloc %t : memref<8x4xf32>
  return
}

// Kept: x is overwritten between the transpose and the matmul, so the
// transpose holds the old values.
// CHECK-LABEL: func.func @source_written_in_between(
// CHECK: linalg.transpose
// CHECK: linalg.fill
// CHECK: memref.load %{{.*}} : memref<8x4xf32>
func.func @source_written_in_between(%x: memref<4x8xf32>, %b: memref<4x16xf32>, %c: memref<8x16xf32>) {
  %t = memref.alloc() : memref<8x4xf32>
  linalg.transpose ins(%x : memref<4x8xf32>) outs(%t : memref<8x4xf32>) permutation = [1, 0]
  %one = arith.constant 1.0 : f32
  linalg.fill ins(%one : f32) outs(%x : memref<4x8xf32>)
  linalg.matmul ins(%t, %b : memref<8x4xf32>, memref<4x16xf32>) outs(%c : memref<8x16xf32>)
  memref.dealloc %t : memref<8x4xf32>
  return
}

// -----

// Kept: the zero-filled C is also the A operand, so the fill is a value the
// matmul reads.
// CHECK-LABEL: func.func @filled_output_is_an_input
// CHECK: linalg.fill
// CHECK: vector.fma
func.func @filled_output_is_an_input(%b: memref<16x16xf32>, %c: memref<8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<8x16xf32>)
  linalg.matmul ins(%c, %b : memref<8x16xf32>, memref<16x16xf32>) outs(%c : memref<8x16xf32>)
  return
}

// -----

// One row (a matrix-vector product): 4x wider column blocks keep four
// accumulators in flight (one vector<64xf32>, split by LLVM), then a block
// of one 16-wide vector, then the 4 columns left.
// CHECK-LABEL: func.func @one_row
// CHECK: vector.fma {{.*}} : vector<64xf32>
// CHECK: vector.fma {{.*}} : vector<16xf32>
// CHECK: vector.fma {{.*}} : vector<4xf32>
func.func @one_row(%a: memref<1x8xf32>, %b: memref<8x212xf32>, %c: memref<1x212xf32>) {
  linalg.matmul ins(%a, %b : memref<1x8xf32>, memref<8x212xf32>) outs(%c : memref<1x212xf32>)
  return
}
