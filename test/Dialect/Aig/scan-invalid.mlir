// RUN: aicc-opt %s --split-input-file --verify-diagnostics

// Every error of aig.scan's verifier (lib/Dialect/Aig/IR/AigLoopOps.cpp).

func.func @zero_length(%h0: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{length must be positive, got 0}}
  %h = aig.scan length = 0 axis = 0 carry(%h0 : tensor<4xf32>) {
  ^bb0(%t: tensor<i64>, %h: tensor<4xf32>):
    aig.yield %h : tensor<4xf32>
  } -> (tensor<4xf32>)
  return %h : tensor<4xf32>
}

// -----

func.func @negative_axis(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{axis must not be negative, got -1}}
  %y = aig.scan length = 3 axis = -1 over(%x : tensor<3x4xf32>) {
  ^bb0(%t: tensor<i64>, %xt: tensor<4xf32>):
    aig.yield %xt : tensor<4xf32>
  } -> (tensor<3x4xf32>)
  return %y : tensor<3x4xf32>
}

// -----

func.func @sequence_without_axis(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{sequence #0 ('tensor<3xf32>') has no axis 1}}
  %y = aig.scan length = 3 axis = 1 over(%x : tensor<3xf32>) {
  ^bb0(%t: tensor<i64>, %xt: tensor<3xf32>):
    aig.yield %xt : tensor<3xf32>
  } -> (tensor<3xf32>)
  return %y : tensor<3xf32>
}

// -----

func.func @sequence_length(%x: tensor<5x4xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{sequence #0 ('tensor<5x4xf32>') has 5 steps along axis 0, but the scan has length 3}}
  %y = aig.scan length = 3 axis = 0 over(%x : tensor<5x4xf32>) {
  ^bb0(%t: tensor<i64>, %xt: tensor<4xf32>):
    aig.yield %xt : tensor<4xf32>
  } -> (tensor<3x4xf32>)
  return %y : tensor<3x4xf32>
}

// -----

func.func @too_few_results(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{has 1 results, fewer than its 2 carried values}}
  %h = aig.scan length = 2 axis = 0 carry(%a, %b : tensor<4xf32>, tensor<4xf32>) {
  ^bb0(%t: tensor<i64>, %x: tensor<4xf32>, %y: tensor<4xf32>):
    aig.yield %x : tensor<4xf32>
  } -> (tensor<4xf32>)
  return %h : tensor<4xf32>
}

// -----

func.func @final_type(%h0: tensor<4xf32>) -> tensor<4xf64> {
  // expected-error @+1 {{result #0 ('tensor<4xf64>') must have the type of carried value #0 ('tensor<4xf32>')}}
  %h = aig.scan length = 2 axis = 0 carry(%h0 : tensor<4xf32>) {
  ^bb0(%t: tensor<i64>, %h: tensor<4xf32>):
    aig.yield %h : tensor<4xf32>
  } -> (tensor<4xf64>)
  return %h : tensor<4xf64>
}

// -----

func.func @stacked_length(%h0: tensor<4xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{stacked result #0 ('tensor<3x4xf32>') has 3 steps along axis 0, but the scan has length 2}}
  %h, %hs = aig.scan length = 2 axis = 0 carry(%h0 : tensor<4xf32>) {
  ^bb0(%t: tensor<i64>, %h: tensor<4xf32>):
    aig.yield %h, %h : tensor<4xf32>, tensor<4xf32>
  } -> (tensor<4xf32>, tensor<3x4xf32>)
  return %hs : tensor<3x4xf32>
}

// -----

func.func @argument_count(%h0: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{body must take 2 arguments (the step, 1 carried, 0 slices), got 1}}
  %h = aig.scan length = 2 axis = 0 carry(%h0 : tensor<4xf32>) {
  ^bb0(%h: tensor<4xf32>):
    aig.yield %h : tensor<4xf32>
  } -> (tensor<4xf32>)
  return %h : tensor<4xf32>
}

// -----

func.func @step_type(%h0: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{body argument #0 (the step) must be tensor<i64>, got 'tensor<i32>'}}
  %h = aig.scan length = 2 axis = 0 carry(%h0 : tensor<4xf32>) {
  ^bb0(%t: tensor<i32>, %h: tensor<4xf32>):
    aig.yield %h : tensor<4xf32>
  } -> (tensor<4xf32>)
  return %h : tensor<4xf32>
}

// -----

func.func @carry_argument_type(%h0: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{body argument #1 ('tensor<5xf32>') must have the type of carried value #0 ('tensor<4xf32>')}}
  %h = aig.scan length = 2 axis = 0 carry(%h0 : tensor<4xf32>) {
  ^bb0(%t: tensor<i64>, %h: tensor<5xf32>):
    aig.yield %h0 : tensor<4xf32>
  } -> (tensor<4xf32>)
  return %h : tensor<4xf32>
}

// -----

func.func @slice_argument_type(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{body argument #1 ('tensor<3xf32>') must be a step of sequence #0: 'tensor<4xf32>'}}
  %y = aig.scan length = 3 axis = 0 over(%x : tensor<3x4xf32>) {
  ^bb0(%t: tensor<i64>, %xt: tensor<3xf32>):
    %z = aig.constant dense<0.0> : tensor<4xf32>
    aig.yield %z : tensor<4xf32>
  } -> (tensor<3x4xf32>)
  return %y : tensor<3x4xf32>
}

// -----

func.func @yield_count(%h0: tensor<4xf32>) -> tensor<4xf32> {
  %h = aig.scan length = 2 axis = 0 carry(%h0 : tensor<4xf32>) {
  ^bb0(%t: tensor<i64>, %h: tensor<4xf32>):
    // expected-error @+1 {{yields 2 values, but the scan has 1 results (1 carried, 0 stacked)}}
    aig.yield %h, %h : tensor<4xf32>, tensor<4xf32>
  } -> (tensor<4xf32>)
  return %h : tensor<4xf32>
}

// -----

func.func @yield_carry_type(%h0: tensor<4xf32>) -> tensor<4xf32> {
  %h = aig.scan length = 2 axis = 0 carry(%h0 : tensor<4xf32>) {
  ^bb0(%t: tensor<i64>, %h: tensor<4xf32>):
    %c = aig.constant dense<0.0> : tensor<2xf32>
    // expected-error @+1 {{value #0 ('tensor<2xf32>') must have the type of carried value #0 ('tensor<4xf32>')}}
    aig.yield %c : tensor<2xf32>
  } -> (tensor<4xf32>)
  return %h : tensor<4xf32>
}

// -----

func.func @yield_output_type(%h0: tensor<4xf32>) -> tensor<2x4xf32> {
  %h, %hs = aig.scan length = 2 axis = 0 carry(%h0 : tensor<4xf32>) {
  ^bb0(%t: tensor<i64>, %h: tensor<4xf32>):
    %c = aig.constant dense<0.0> : tensor<3xf32>
    // expected-error @+1 {{value #1 ('tensor<3xf32>') must be one step of result #1 ('tensor<2x4xf32>'): 'tensor<4xf32>'}}
    aig.yield %h, %c : tensor<4xf32>, tensor<3xf32>
  } -> (tensor<4xf32>, tensor<2x4xf32>)
  return %hs : tensor<2x4xf32>
}

// -----

func.func @yield_outside_scan(%h0: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expects parent op 'aig.scan'}}
  aig.yield %h0 : tensor<4xf32>
}
