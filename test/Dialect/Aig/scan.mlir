// RUN: aicc-opt %s | aicc-opt | FileCheck %s
// RUN: aicc-opt %s --canonicalize | FileCheck %s --check-prefix=CANON

// aig.scan round-trips: carried values, sequences, reverse, and a scan with
// no sequence at all (a sampling loop that only carries state).

// CHECK-LABEL: func.func @rnn
// CHECK: %{{.*}}:2 = aig.scan length = 6 axis = 1 carry(%{{.*}} : tensor<2x4xf32>) over(%{{.*}} : tensor<2x6x3xf32>) {
// CHECK: ^bb0(%{{.*}}: tensor<i64>, %{{.*}}: tensor<2x4xf32>, %{{.*}}: tensor<2x3xf32>):
// CHECK: aig.yield %{{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<2x4xf32>
// CHECK: } -> (tensor<2x4xf32>, tensor<2x6x4xf32>)
func.func @rnn(%x: tensor<2x6x3xf32>, %w: tensor<3x4xf32>, %u: tensor<4x4xf32>, %h0: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x6x4xf32>) {
  %h, %hs = aig.scan length = 6 axis = 1 carry(%h0 : tensor<2x4xf32>) over(%x : tensor<2x6x3xf32>) {
  ^bb0(%t: tensor<i64>, %hp: tensor<2x4xf32>, %xt: tensor<2x3xf32>):
    %a = aig.matmul %xt, %w : tensor<2x3xf32>, tensor<3x4xf32>
    %b = aig.matmul %hp, %u : tensor<2x4xf32>, tensor<4x4xf32>
    %s = aig.add %a, %b : tensor<2x4xf32>, tensor<2x4xf32>
    %hn = aig.tanh %s : tensor<2x4xf32>
    aig.yield %hn, %hn : tensor<2x4xf32>, tensor<2x4xf32>
  } -> (tensor<2x4xf32>, tensor<2x6x4xf32>)
  return %h, %hs : tensor<2x4xf32>, tensor<2x6x4xf32>
}

// CHECK-LABEL: func.func @counter
// CHECK: aig.scan length = 10 axis = 0 reverse carry(%{{.*}} : tensor<i64>) {
func.func @counter(%c0: tensor<i64>) -> (tensor<i64>, tensor<10xi64>) {
  %c, %cs = aig.scan length = 10 axis = 0 reverse carry(%c0 : tensor<i64>) {
  ^bb0(%t: tensor<i64>, %c: tensor<i64>):
    %n = aig.add %c, %t : tensor<i64>, tensor<i64>
    aig.yield %n, %t : tensor<i64>, tensor<i64>
  } -> (tensor<i64>, tensor<10xi64>)
  return %c, %cs : tensor<i64>, tensor<10xi64>
}

// A stacked output nobody uses is dropped, and with it the body's work.
// CANON-LABEL: func.func @unused_output
// CANON: aig.scan length = 3 axis = 0 carry(%{{.*}} : tensor<4xf32>) over(%{{.*}} : tensor<3x4xf32>) {
// CANON-NOT: aig.exp
// CANON: aig.yield %{{.*}} : tensor<4xf32>
// CANON: } -> (tensor<4xf32>)
func.func @unused_output(%s0: tensor<4xf32>, %x: tensor<3x4xf32>) -> tensor<4xf32> {
  %s, %es = aig.scan length = 3 axis = 0 carry(%s0 : tensor<4xf32>) over(%x : tensor<3x4xf32>) {
  ^bb0(%t: tensor<i64>, %sp: tensor<4xf32>, %xt: tensor<4xf32>):
    %n = aig.add %sp, %xt : tensor<4xf32>, tensor<4xf32>
    %e = aig.exp %xt : tensor<4xf32>
    aig.yield %n, %e : tensor<4xf32>, tensor<4xf32>
  } -> (tensor<4xf32>, tensor<3x4xf32>)
  return %s : tensor<4xf32>
}

// A carried value every step yields unchanged is its initial value; an op
// that reads only values from outside the body moves out of it.
// CANON-LABEL: func.func @invariants
// CANON: %[[T:.*]] = aig.transpose %{{.*}}, [1, 0] : tensor<4x4xf32>
// CANON: %[[R:.*]]:2 = aig.scan length = 3 axis = 0 carry(%{{.*}} : tensor<4x4xf32>) {
// CANON-NOT: aig.transpose
// CANON: aig.add %{{.*}}, %[[T]]
// CANON: } -> (tensor<4x4xf32>, tensor<3x4x4xf32>)
// CANON: return %[[R]]#0, %arg1, %[[R]]#1
func.func @invariants(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %w: tensor<4x4xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>, tensor<3x4x4xf32>) {
  %x, %y, %ys = aig.scan length = 3 axis = 0 carry(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>) {
  ^bb0(%t: tensor<i64>, %p: tensor<4x4xf32>, %q: tensor<4x4xf32>):
    %wt = aig.transpose %w, [1, 0] : tensor<4x4xf32>
    %n = aig.add %p, %wt : tensor<4x4xf32>, tensor<4x4xf32>
    aig.yield %n, %q, %n : tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>
  } -> (tensor<4x4xf32>, tensor<4x4xf32>, tensor<3x4x4xf32>)
  return %x, %y, %ys : tensor<4x4xf32>, tensor<4x4xf32>, tensor<3x4x4xf32>
}
