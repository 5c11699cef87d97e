// RUN: aicc-opt %s --aig-to-linalg | FileCheck %s

// conv2d is lowered per image (scf.for over the batch): an im2col copy of the
// (padded) image into a (C*KH*KW) x (OH*OW) tensor, and one linalg.matmul of
// the O x (C*KH*KW) filter with it, accumulating into the bias (or zero).
// max_pool2d is one reduction over the window, from -inf. max_pool2d_grad
// with windows that tile the input (kernel = stride, no padding) is one
// elementwise pass over a N x C x OH x KH x OW x KW view of the input
// gradient: each element gets the result gradient when it is the window's
// first maximum (strict >, NaN wins), else 0. Rows of tiling windows that fit
// in a vector (OW * KW <= 64, LeNet's) are pooled a vector per row instead
// (the last two functions).

// CHECK-DAG: #[[IM2COL_IN:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 + d3, d2 + d4)>
// CHECK-DAG: #[[ID5:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
// CHECK-DAG: #[[BIAS_IN:map[0-9]*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[POOL_IN:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d3, d5 * 2 + d4)>
// CHECK-DAG: #[[POOL_WIN:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4)>
// CHECK-DAG: #[[POOL_OUT:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-DAG: #[[WIN00:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2, d4 * 2)>
// CHECK-DAG: #[[WIN01:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2, d4 * 2 + 1)>
// CHECK-DAG: #[[WIN10:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + 1, d4 * 2)>
// CHECK-DAG: #[[WIN11:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + 1, d4 * 2 + 1)>
// CHECK-DAG: #[[DYMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d4)>
// CHECK-DAG: #[[ID6:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>

// LeNet's first convolution: 5x5, pad 2, bias.
// CHECK-LABEL: func.func @conv2d_bias_padded
// CHECK-SAME: (%[[X:.*]]: tensor<8x1x28x28xf32>, %[[W:.*]]: tensor<6x1x5x5xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK: %[[XP:.*]] = tensor.pad %[[X]] low[0, 0, 2, 2] high[0, 0, 2, 2]
// CHECK: } : tensor<8x1x28x28xf32> to tensor<8x1x32x32xf32>
// CHECK: %[[W2:.*]] = tensor.collapse_shape %[[W]] {{\[}}[0], [1, 2, 3]] : tensor<6x1x5x5xf32> into tensor<6x25xf32>
// CHECK: %[[OUT:.*]] = tensor.empty() : tensor<8x6x784xf32>
// CHECK: %[[LOOP:.*]] = scf.for %[[N:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[OUT]]) -> (tensor<8x6x784xf32>) {
// CHECK:   %[[IMG:.*]] = tensor.extract_slice %[[XP]][%[[N]], 0, 0, 0] [1, 1, 32, 32] [1, 1, 1, 1] : tensor<8x1x32x32xf32> to tensor<1x32x32xf32>
// CHECK:   %[[COLS:.*]] = linalg.generic {indexing_maps = [#[[IM2COL_IN]], #[[ID5]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[IMG]] : tensor<1x32x32xf32>) outs(%{{.*}} : tensor<1x5x5x28x28xf32>)
// CHECK-NEXT:   ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:     linalg.yield %[[IN]] : f32
// CHECK:   %[[COLS2:.*]] = tensor.collapse_shape %[[COLS]] {{\[}}[0, 1, 2], [3, 4]] : tensor<1x5x5x28x28xf32> into tensor<25x784xf32>
// CHECK:   %[[SLOT:.*]] = tensor.extract_slice %[[ACC]][%[[N]], 0, 0] [1, 6, 784] [1, 1, 1] : tensor<8x6x784xf32> to tensor<6x784xf32>
// CHECK:   %[[BIASED:.*]] = linalg.generic {indexing_maps = [#[[BIAS_IN]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[B]] : tensor<6xf32>) outs(%[[SLOT]] : tensor<6x784xf32>)
// CHECK:   %[[MM:.*]] = linalg.matmul ins(%[[W2]], %[[COLS2]] : tensor<6x25xf32>, tensor<25x784xf32>) outs(%[[BIASED]] : tensor<6x784xf32>) -> tensor<6x784xf32>
// CHECK:   %[[INS:.*]] = tensor.insert_slice %[[MM]] into %[[ACC]][%[[N]], 0, 0] [1, 6, 784] [1, 1, 1] : tensor<6x784xf32> into tensor<8x6x784xf32>
// CHECK:   scf.yield %[[INS]] : tensor<8x6x784xf32>
// CHECK: }
// CHECK: %[[Y:.*]] = tensor.expand_shape %[[LOOP]] {{\[}}[0], [1], [2, 3]] output_shape [8, 6, 28, 28] : tensor<8x6x784xf32> into tensor<8x6x28x28xf32>
// CHECK: return %[[Y]] : tensor<8x6x28x28xf32>
func.func @conv2d_bias_padded(%x: tensor<8x1x28x28xf32>, %w: tensor<6x1x5x5xf32>, %b: tensor<6xf32>) -> tensor<8x6x28x28xf32> {
  %y = aig.conv2d %x, %w, %b stride = [1, 1] padding = [2, 2, 2, 2]
         dilation = [1, 1] groups = 1
         : tensor<8x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>
  return %y : tensor<8x6x28x28xf32>
}

// LeNet's second convolution: no padding (no tensor.pad), no bias (the
// accumulator is zero-filled).
// CHECK-LABEL: func.func @conv2d_no_bias
// CHECK-SAME: (%[[X:.*]]: tensor<4x6x14x14xf32>, %[[W:.*]]: tensor<16x6x5x5xf32>)
// CHECK-NOT: tensor.pad
// CHECK: %[[W2:.*]] = tensor.collapse_shape %[[W]] {{\[}}[0], [1, 2, 3]] : tensor<16x6x5x5xf32> into tensor<16x150xf32>
// CHECK: scf.for %[[N:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<4x16x100xf32>) {
// CHECK:   %[[IMG:.*]] = tensor.extract_slice %[[X]][%[[N]], 0, 0, 0] [1, 6, 14, 14] [1, 1, 1, 1] : tensor<4x6x14x14xf32> to tensor<6x14x14xf32>
// CHECK:   %[[COLS:.*]] = linalg.generic {indexing_maps = [#[[IM2COL_IN]], #[[ID5]]], {{.*}} ins(%[[IMG]] : tensor<6x14x14xf32>) outs(%{{.*}} : tensor<6x5x5x10x10xf32>)
// CHECK:   %[[COLS2:.*]] = tensor.collapse_shape %[[COLS]] {{.*}} : tensor<6x5x5x10x10xf32> into tensor<150x100xf32>
// CHECK:   %[[SLOT:.*]] = tensor.extract_slice %[[ACC]]
// CHECK:   %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[SLOT]] : tensor<16x100xf32>)
// CHECK:   linalg.matmul ins(%[[W2]], %[[COLS2]] : tensor<16x150xf32>, tensor<150x100xf32>) outs(%[[ZERO]] : tensor<16x100xf32>)
// CHECK: tensor.expand_shape {{.*}} : tensor<4x16x100xf32> into tensor<4x16x10x10xf32>
func.func @conv2d_no_bias(%x: tensor<4x6x14x14xf32>, %w: tensor<16x6x5x5xf32>) -> tensor<4x16x10x10xf32> {
  %y = aig.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0]
         dilation = [1, 1] groups = 1
         : tensor<4x6x14x14xf32>, tensor<16x6x5x5xf32>
  return %y : tensor<4x16x10x10xf32>
}

// CHECK-LABEL: func.func @max_pool2d
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4x140xf32>)
// CHECK-DAG: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK-DAG: %[[INIT:.*]] = tensor.empty() : tensor<2x3x2x70xf32>
// CHECK: %[[FILLED:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%[[INIT]] : tensor<2x3x2x70xf32>)
// CHECK: %[[WIN:.*]] = tensor.empty() : tensor<2x2xf32>
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[POOL_IN]], #[[POOL_WIN]], #[[POOL_OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%[[X]], %[[WIN]] : tensor<2x3x4x140xf32>, tensor<2x2xf32>) outs(%[[FILLED]] : tensor<2x3x2x70xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32, %[[OUTV:.*]]: f32):
// CHECK-NEXT:   %[[M:.*]] = arith.maximumf %[[IN]], %[[OUTV]] : f32
// CHECK-NEXT:   linalg.yield %[[M]] : f32
// CHECK: return %[[Y]] : tensor<2x3x2x70xf32>
func.func @max_pool2d(%x: tensor<2x3x4x140xf32>) -> tensor<2x3x2x70xf32> {
  %y = aig.max_pool2d %x kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0]
         : tensor<2x3x4x140xf32>
  return %y : tensor<2x3x2x70xf32>
}

// CHECK-LABEL: func.func @max_pool2d_grad
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4x140xf32>, %[[DY:.*]]: tensor<2x3x2x70xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x3x2x2x70x2xf32>
// CHECK: %[[G:.*]] = linalg.generic {indexing_maps = [#[[WIN00]], #[[WIN01]], #[[WIN10]], #[[WIN11]], #[[DYMAP]], #[[ID6]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[X]], %[[X]], %[[X]], %[[X]], %[[DY]] : {{.*}}) outs(%[[INIT]] : tensor<2x3x2x2x70x2xf32>)
// CHECK-NEXT: ^bb0(%[[A:[^:]*]]: f32, %[[B:[^:]*]]: f32, %[[C:[^:]*]]: f32, %[[D:[^:]*]]: f32, %[[G_IN:[^:]*]]: f32, %{{.*}}: f32):
// Ties keep the earlier element (strict >); NaN takes over.
// CHECK-NOT: oge
// CHECK: arith.cmpf ogt, %[[A]]
// CHECK: arith.cmpf uno, %[[A]], %[[A]]
// CHECK: arith.cmpf ogt, %[[B]]
// CHECK: arith.cmpf uno, %[[B]], %[[B]]
// CHECK: arith.cmpf ogt, %[[C]]
// CHECK: arith.cmpf uno, %[[C]], %[[C]]
// CHECK: arith.cmpf ogt, %[[D]]
// CHECK: arith.cmpf uno, %[[D]], %[[D]]
// CHECK: %[[ARGMAX:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : index
// The position of this element in its window, i * 2 + j.
// CHECK-DAG: %[[I:.*]] = linalg.index 3 : index
// CHECK-DAG: %[[J:.*]] = linalg.index 5 : index
// CHECK: %[[I2:.*]] = arith.muli %[[I]], %{{.*}} : index
// CHECK: %[[POS:.*]] = arith.addi %[[I2]], %[[J]] : index
// CHECK: %[[HIT:.*]] = arith.cmpi eq, %[[POS]], %[[ARGMAX]] : index
// CHECK: %[[R:.*]] = arith.select %[[HIT]], %[[G_IN]], %{{.*}} : f32
// CHECK: linalg.yield %[[R]] : f32
// CHECK: %[[DX:.*]] = tensor.collapse_shape %[[G]] {{\[}}[0], [1], [2, 3], [4, 5]] : tensor<2x3x2x2x70x2xf32> into tensor<2x3x4x140xf32>
// CHECK: return %[[DX]] : tensor<2x3x4x140xf32>
func.func @max_pool2d_grad(%x: tensor<2x3x4x140xf32>, %dy: tensor<2x3x2x70xf32>) -> tensor<2x3x4x140xf32> {
  %dx = aig.max_pool2d_grad %x, %dy kernel = [2, 2] stride = [2, 2]
          padding = [0, 0, 0, 0]
          : tensor<2x3x4x140xf32>, tensor<2x3x2x70xf32>
  return %dx : tensor<2x3x4x140xf32>
}

// CHECK-LABEL: func.func @max_pool2d_rows
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2], [3]] : tensor<8x6x28x28xf32> into tensor<48x28x28xf32>
// CHECK: scf.for
// CHECK: scf.for
// CHECK-COUNT-2: vector.transfer_read {{.*}} : tensor<48x28x28xf32>, vector<28xf32>
// CHECK: vector.shuffle {{.*}} [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26] : vector<28xf32>, vector<28xf32>
// CHECK: arith.maximumf {{.*}} : vector<14xf32>
// CHECK: vector.transfer_write {{.*}} : vector<14xf32>, tensor<48x14x14xf32>
// CHECK: tensor.expand_shape {{.*}} : tensor<48x14x14xf32> into tensor<8x6x14x14xf32>
func.func @max_pool2d_rows(%x: tensor<8x6x28x28xf32>) -> tensor<8x6x14x14xf32> {
  %y = aig.max_pool2d %x kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0]
         : tensor<8x6x28x28xf32>
  return %y : tensor<8x6x14x14xf32>
}

// CHECK-LABEL: func.func @max_pool2d_grad_rows
// CHECK: scf.for
// CHECK: scf.for
// Ties keep the earlier element (strict >); NaN takes over.
// CHECK-COUNT-4: arith.cmpf ogt
// CHECK: vector.transfer_read {{.*}} : tensor<48x14x14xf32>, vector<14xf32>
// Each input row gets the result gradient where it holds the window's maximum.
// CHECK: arith.cmpi eq, {{.*}} : vector<14xi32>
// CHECK: vector.shuffle {{.*}} [0, 14, 1, 15, 2, 16, 3, 17, 4, 18, 5, 19, 6, 20, 7, 21, 8, 22, 9, 23, 10, 24, 11, 25, 12, 26, 13, 27] : vector<28xf32>, vector<28xf32>
// CHECK: vector.transfer_write {{.*}} : vector<28xf32>, tensor<48x28x28xf32>
func.func @max_pool2d_grad_rows(%x: tensor<8x6x28x28xf32>, %dy: tensor<8x6x14x14xf32>) -> tensor<8x6x28x28xf32> {
  %dx = aig.max_pool2d_grad %x, %dy kernel = [2, 2] stride = [2, 2]
          padding = [0, 0, 0, 0]
          : tensor<8x6x28x28xf32>, tensor<8x6x14x14xf32>
  return %dx : tensor<8x6x28x28xf32>
}

// avg_pool2d over tiling windows: the same vector per output row, summed
// and scaled by 1 / (KH * KW); its gradient spreads each output row's
// scaled gradient over the KW columns of its windows and writes it to the
// KH input rows.
// CHECK-LABEL: func.func @avg_pool2d_rows
// CHECK: scf.for
// CHECK: scf.for
// CHECK-COUNT-2: vector.transfer_read {{.*}} : tensor<48x28x28xf32>, vector<28xf32>
// CHECK: vector.shuffle {{.*}} [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26] : vector<28xf32>, vector<28xf32>
// CHECK: arith.addf {{.*}} : vector<14xf32>
// CHECK: arith.mulf {{.*}} : vector<14xf32>
// CHECK: vector.transfer_write {{.*}} : vector<14xf32>, tensor<48x14x14xf32>
func.func @avg_pool2d_rows(%x: tensor<8x6x28x28xf32>) -> tensor<8x6x14x14xf32> {
  %y = aig.avg_pool2d %x kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0]
         : tensor<8x6x28x28xf32>
  return %y : tensor<8x6x14x14xf32>
}

// CHECK-LABEL: func.func @avg_pool2d_grad_rows
// CHECK: scf.for
// CHECK: scf.for
// CHECK: vector.transfer_read {{.*}} : tensor<48x14x14xf32>, vector<14xf32>
// CHECK: arith.mulf {{.*}} : vector<14xf32>
// CHECK: vector.shuffle {{.*}} [0, 14, 1, 15, 2, 16, 3, 17, 4, 18, 5, 19, 6, 20, 7, 21, 8, 22, 9, 23, 10, 24, 11, 25, 12, 26, 13, 27] : vector<28xf32>, vector<28xf32>
// CHECK-COUNT-2: vector.transfer_write {{.*}} : vector<28xf32>, tensor<48x28x28xf32>
func.func @avg_pool2d_grad_rows(%dy: tensor<8x6x14x14xf32>) -> tensor<8x6x28x28xf32> {
  %dx = aig.avg_pool2d_grad %dy input_shape = [8, 6, 28, 28] kernel = [2, 2]
          stride = [2, 2] padding = [0, 0, 0, 0] count_include_pad
          : tensor<8x6x14x14xf32>
  return %dx : tensor<8x6x28x28xf32>
}

// batch_norm: per-channel scale and shift (a pass over C values), then one
// pass y = x * scale + shift.
// CHECK-LABEL: func.func @batch_norm
// CHECK: %[[COEF:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel"]} ins({{.*}} : tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>)
// CHECK: math.rsqrt
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%{{.*}}, %[[COEF]]#0, %[[COEF]]#1 : tensor<8x6x28x28xf32>, tensor<6xf32>, tensor<6xf32>)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: arith.mulf
// CHECK-NEXT: arith.addf
func.func @batch_norm(%x: tensor<8x6x28x28xf32>, %m: tensor<6xf32>, %v: tensor<6xf32>, %w: tensor<6xf32>, %b: tensor<6xf32>) -> tensor<8x6x28x28xf32> {
  %y = aig.batch_norm %x, %m, %v, %w, %b epsilon = 1.0e-05 : tensor<8x6x28x28xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>
  return %y : tensor<8x6x28x28xf32>
}

// moments: one pass over x sums x - k and (x - k)^2 per channel (k: the
// channel's first element), then a pass over C values gives the mean and
// the variance.
// CHECK-LABEL: func.func @moments
// CHECK: %[[K:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 6, 1, 1] [1, 1, 1, 1] : tensor<8x6x28x28xf32> to tensor<6xf32>
// CHECK: %[[S:.*]]:2 = linalg.generic {{.*}} iterator_types = ["reduction", "parallel", "reduction", "reduction"]} ins(%{{.*}}, %[[K]] : tensor<8x6x28x28xf32>, tensor<6xf32>)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: arith.subf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: math.fma
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel"]} ins(%[[S]]#0, %[[S]]#1, %[[K]] : tensor<6xf32>, tensor<6xf32>, tensor<6xf32>)
func.func @moments(%x: tensor<8x6x28x28xf32>) -> (tensor<6xf32>, tensor<6xf32>) {
  %m, %v = aig.moments %x axes = [0, 2, 3] : tensor<8x6x28x28xf32>
  return %m, %v : tensor<6xf32>, tensor<6xf32>
}
