// RUN: aicc-opt %s --aig-autodiff --split-input-file --verify-diagnostics

// A parameter that reaches the loss only through an op whose derivative is
// zero almost everywhere (a compare, a select's condition, an integer cast)
// gets a zero gradient and a warning at that op; a loss with no gradient for
// any parameter is an error at the loss, and a path through an op with no
// VJP at all (one_hot) is an error at that op.

// x > 0 decides which value a select takes: the loss depends on x only
// through the select's condition, which carries no gradient.
func.func @through_compare(%x: tensor<4xf32> {aig.param}, %y: tensor<4xf32>) -> tensor<f32> {
  %zero = aig.constant dense<0.0> : tensor<f32>
  %c = aig.compare gt, %x, %zero : tensor<4xf32>, tensor<f32>
  // expected-warning @+1 {{the gradient of parameter #0 is zero: the loss depends on it only through operand #0 of this op, which carries no gradient}}
  %s = aig.select %c, %y, %zero : tensor<4xi1>, tensor<4xf32>, tensor<f32>
  // expected-error @+1 {{the loss has no gradient with respect to any parameter}}
  %l = aig.reduce_sum %s axes = [0] : tensor<4xf32>
  return %l : tensor<f32>
}

// -----

// A round trip through an integer type: the cast back to f32 cannot pass a
// gradient to its integer operand.
func.func @integer_cast(%x: tensor<4xf32> {aig.param}) -> tensor<f32> {
  %i = aig.cast %x : tensor<4xf32> to i32
  // expected-warning @+1 {{the gradient of parameter #0 is zero}}
  %f = aig.cast %i : tensor<4xi32> to f32
  // expected-error @+1 {{the loss has no gradient with respect to any parameter}}
  %l = aig.reduce_sum %f axes = [0] : tensor<4xf32>
  return %l : tensor<f32>
}

// -----

// A boolean cast to float, from a compare of the parameter.
func.func @bool_cast(%x: tensor<4xf32> {aig.param}) -> tensor<f32> {
  %zero = aig.constant dense<0.0> : tensor<f32>
  %c = aig.compare lt, %x, %zero : tensor<4xf32>, tensor<f32>
  // expected-warning @+1 {{the gradient of parameter #0 is zero}}
  %f = aig.cast %c : tensor<4xi1> to f32
  // expected-error @+1 {{the loss has no gradient with respect to any parameter}}
  %l = aig.reduce_sum %f axes = [0] : tensor<4xf32>
  return %l : tensor<f32>
}

// -----

// one_hot of labels computed from a parameter.
func.func @one_hot(%x: tensor<4xf32> {aig.param}) -> tensor<f32> {
  %i = aig.cast %x : tensor<4xf32> to i64
  // expected-error @+1 {{'aig.one_hot' op is not differentiable, but the gradient of the loss with respect to a parameter must flow through it}}
  %o = aig.one_hot %i num_classes = 3 : tensor<4xi64> to f32
  %l = aig.reduce_sum %o axes = [0, 1] : tensor<4x3xf32>
  return %l : tensor<f32>
}

// -----

// A strided slice of a non-parameter is fine (no gradient flows through it);
// no diagnostic.
func.func @strided_slice_of_data(%x: tensor<6xf32>, %w: tensor<3xf32> {aig.param}) -> tensor<f32> {
  %s = aig.slice %x offsets = [0] sizes = [3] strides = [2] : tensor<6xf32>
  %p = aig.mul %s, %w : tensor<3xf32>, tensor<3xf32>
  %l = aig.reduce_sum %p axes = [0] : tensor<3xf32>
  return %l : tensor<f32>
}

// -----

// Checked per parameter: the loss has a gradient path from %w, but %v
// reaches it only through a select's condition: a warning naming %v, and
// its gradient is zero (autodiff-zero-gradient.mlir checks the values).
func.func @one_param_only_through_condition(%w: tensor<4xf32> {aig.param}, %v: tensor<4xf32> {aig.param, aig.name = "v"}, %y: tensor<4xf32>) -> tensor<f32> {
  %zero = aig.constant dense<0.0> : tensor<f32>
  %c = aig.compare gt, %v, %zero : tensor<4xf32>, tensor<f32>
  // expected-warning @+1 {{the gradient of parameter 'v' is zero: the loss depends on it only through operand #0 of this op, which carries no gradient}}
  %s = aig.select %c, %w, %y : tensor<4xi1>, tensor<4xf32>, tensor<4xf32>
  %l = aig.reduce_sum %s axes = [0] : tensor<4xf32>
  return %l : tensor<f32>
}

// -----

// A parameter used inside a region the pass cannot differentiate (an
// scf.for body) is an error at that op, never a silent zero gradient.
func.func @captured_by_scf_for(%w: tensor<4xf32> {aig.param}, %x: tensor<4xf32>) -> tensor<f32> {
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{'scf.for' op is not differentiable, but the gradient of the loss with respect to a parameter must flow through it}}
  %r = scf.for %i = %c0 to %c3 step %c1 iter_args(%acc = %x) -> (tensor<4xf32>) {
    %n = aig.mul %acc, %w : tensor<4xf32>, tensor<4xf32>
    scf.yield %n : tensor<4xf32>
  }
  %l = aig.reduce_sum %r axes = [0] : tensor<4xf32>
  return %l : tensor<f32>
}
