// RUN: aicc-opt %s --split-input-file --verify-diagnostics

// Every aig op infers its result type. With the custom assembly the shape
// rule runs while parsing, so the error is reported at the op by the parser.
// With the generic form the parser does not infer; the verifier then reports
// the shape-rule error followed by "failed to infer returned types".

//===----------------------------------------------------------------------===//
// Broadcasting binary ops: element type mismatch
//===----------------------------------------------------------------------===//

func.func @add_element_type(%a: tensor<2xf32>, %b: tensor<2xi32>) {
  // expected-error @+1 {{operands have different element types: f32 and i32}}
  %0 = aig.add %a, %b : tensor<2xf32>, tensor<2xi32>
  return
}

// -----

func.func @sub_element_type(%a: tensor<2xf32>, %b: tensor<2xf16>) {
  // expected-error @+1 {{operands have different element types: f32 and f16}}
  %0 = aig.sub %a, %b : tensor<2xf32>, tensor<2xf16>
  return
}

// -----

func.func @mul_element_type(%a: tensor<2xi64>, %b: tensor<2xi32>) {
  // expected-error @+1 {{operands have different element types: i64 and i32}}
  %0 = aig.mul %a, %b : tensor<2xi64>, tensor<2xi32>
  return
}

// -----

func.func @div_element_type(%a: tensor<2xbf16>, %b: tensor<2xf16>) {
  // expected-error @+1 {{operands have different element types: bf16 and f16}}
  %0 = aig.div %a, %b : tensor<2xbf16>, tensor<2xf16>
  return
}

// -----

func.func @maximum_element_type(%a: tensor<2xf32>, %b: tensor<f64>) {
  // expected-error @+1 {{operands have different element types: f32 and f64}}
  %0 = aig.maximum %a, %b : tensor<2xf32>, tensor<f64>
  return
}

// -----

func.func @minimum_element_type(%a: tensor<2xi1>, %b: tensor<2xi8>) {
  // expected-error @+1 {{operands have different element types: i1 and i8}}
  %0 = aig.minimum %a, %b : tensor<2xi1>, tensor<2xi8>
  return
}

// -----

// Generic form: the verifier reports the same rule.
func.func @add_element_type_generic(%a: tensor<2xf32>, %b: tensor<2xi32>) {
  // expected-error @+2 {{operands have different element types: f32 and i32}}
  // expected-error @+1 {{'aig.add' op failed to infer returned types}}
  %0 = "aig.add"(%a, %b) : (tensor<2xf32>, tensor<2xi32>) -> tensor<2xf32>
  return
}

//===----------------------------------------------------------------------===//
// Broadcasting binary ops: incompatible shapes
//===----------------------------------------------------------------------===//

// -----

func.func @add_not_broadcastable(%a: tensor<2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{operand shapes 2 and 3 are not broadcast-compatible}}
  %0 = aig.add %a, %b : tensor<2xf32>, tensor<3xf32>
  return
}

// -----

func.func @sub_not_broadcastable(%a: tensor<4x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{operand shapes 4x3 and 4 are not broadcast-compatible}}
  %0 = aig.sub %a, %b : tensor<4x3xf32>, tensor<4xf32>
  return
}

// -----

func.func @mul_not_broadcastable(%a: tensor<2x1x3xi32>, %b: tensor<5x4xi32>) {
  // expected-error @+1 {{operand shapes 2x1x3 and 5x4 are not broadcast-compatible}}
  %0 = aig.mul %a, %b : tensor<2x1x3xi32>, tensor<5x4xi32>
  return
}

// -----

func.func @div_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) {
  // expected-error @+1 {{operand shapes 2x3 and 3x3 are not broadcast-compatible}}
  %0 = aig.div %a, %b : tensor<2x3xf32>, tensor<3x3xf32>
  return
}

// -----

func.func @maximum_not_broadcastable(%a: tensor<0xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{operand shapes 0 and 2 are not broadcast-compatible}}
  %0 = aig.maximum %a, %b : tensor<0xf32>, tensor<2xf32>
  return
}

// -----

func.func @minimum_not_broadcastable(%a: tensor<3x2xf32>, %b: tensor<2x3xf32>) {
  // expected-error @+1 {{operand shapes 3x2 and 2x3 are not broadcast-compatible}}
  %0 = aig.minimum %a, %b : tensor<3x2xf32>, tensor<2x3xf32>
  return
}

// -----

func.func @add_not_broadcastable_generic(%a: tensor<2xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{operand shapes 2 and 3 are not broadcast-compatible}}
  // expected-error @+1 {{'aig.add' op failed to infer returned types}}
  %0 = "aig.add"(%a, %b) : (tensor<2xf32>, tensor<3xf32>) -> tensor<2xf32>
  return
}

// -----

// Generic form with valid operands but a result type that is not the
// inferred one.
func.func @add_wrong_result_generic(%a: tensor<4x1xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{'aig.add' op inferred type(s) 'tensor<4x3xf32>' are incompatible with return type(s) of operation 'tensor<4x1xf32>'}}
  // expected-error @+1 {{'aig.add' op failed to infer returned types}}
  %0 = "aig.add"(%a, %b) : (tensor<4x1xf32>, tensor<3xf32>) -> tensor<4x1xf32>
  return
}

// -----

func.func @reduce_wrong_result_generic(%a: tensor<4x3xf32>) {
  // expected-error @+2 {{'aig.reduce_sum' op inferred type(s) 'tensor<4x1xf32>' are incompatible with return type(s) of operation 'tensor<4xf32>'}}
  // expected-error @+1 {{'aig.reduce_sum' op failed to infer returned types}}
  %0 = "aig.reduce_sum"(%a) <{axes = array<i64: 1>, keepdims}> : (tensor<4x3xf32>) -> tensor<4xf32>
  return
}

//===----------------------------------------------------------------------===//
// Operand type constraints (ODS)
//===----------------------------------------------------------------------===//

// -----

func.func @exp_int(%a: tensor<2xi32>) {
  // expected-error @+1 {{'aig.exp' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<2xi32>'}}
  %0 = aig.exp %a : tensor<2xi32>
  return
}

// -----

func.func @log_int(%a: tensor<2xi32>) {
  // expected-error @+1 {{'aig.log' op operand #0 must be statically shaped tensor of floating-point values}}
  %0 = aig.log %a : tensor<2xi32>
  return
}

// -----

func.func @tanh_int(%a: tensor<2xi8>) {
  // expected-error @+1 {{'aig.tanh' op operand #0 must be statically shaped tensor of floating-point values}}
  %0 = aig.tanh %a : tensor<2xi8>
  return
}

// -----

func.func @sigmoid_int(%a: tensor<2xi64>) {
  // expected-error @+1 {{'aig.sigmoid' op operand #0 must be statically shaped tensor of floating-point values}}
  %0 = aig.sigmoid %a : tensor<2xi64>
  return
}

// -----

func.func @relu_int(%a: tensor<2xi32>) {
  // expected-error @+1 {{'aig.relu' op operand #0 must be statically shaped tensor of floating-point values}}
  %0 = aig.relu %a : tensor<2xi32>
  return
}

// -----

func.func @sqrt_int(%a: tensor<2xi32>) {
  // expected-error @+1 {{'aig.sqrt' op operand #0 must be statically shaped tensor of floating-point values}}
  %0 = aig.sqrt %a : tensor<2xi32>
  return
}

// -----

func.func @rsqrt_int(%a: tensor<2xi32>) {
  // expected-error @+1 {{'aig.rsqrt' op operand #0 must be statically shaped tensor of floating-point values}}
  %0 = aig.rsqrt %a : tensor<2xi32>
  return
}

// -----

func.func @pow_int(%a: tensor<2xi32>) {
  // expected-error @+1 {{'aig.pow' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<2xi32>'}}
  %0 = aig.pow %a, 2.0 : tensor<2xi32>
  return
}

// -----

func.func @reduce_mean_int(%a: tensor<2x3xi32>) {
  // expected-error @+1 {{'aig.reduce_mean' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<2x3xi32>'}}
  %0 = aig.reduce_mean %a axes = [0] : tensor<2x3xi32>
  return
}

// -----

func.func @softmax_int(%a: tensor<2x3xi32>) {
  // expected-error @+1 {{'aig.softmax' op operand #0 must be statically shaped tensor of floating-point values}}
  %0 = aig.softmax %a axis = 1 : tensor<2x3xi32>
  return
}

// -----

func.func @log_softmax_int(%a: tensor<2x3xi32>) {
  // expected-error @+1 {{'aig.log_softmax' op operand #0 must be statically shaped tensor of floating-point values}}
  %0 = aig.log_softmax %a axis = 1 : tensor<2x3xi32>
  return
}

// -----

func.func @neg_dynamic(%a: tensor<?xf32>) {
  // expected-error @+1 {{'aig.neg' op operand #0 must be statically shaped tensor of floating-point or signless integer values, but got 'tensor<?xf32>'}}
  %0 = aig.neg %a : tensor<?xf32>
  return
}

// -----

func.func @add_dynamic(%a: tensor<?x3xf32>) {
  // Inference runs while parsing and rejects the dynamic shape first.
  // expected-error @+2 {{lhs must be a statically shaped tensor, got tensor<?x3xf32>}}
  // expected-error @+1 {{rhs must be a statically shaped tensor, got tensor<?x3xf32>}}
  %0 = aig.add %a, %a : tensor<?x3xf32>, tensor<?x3xf32>
  return
}

// -----

func.func @neg_unsigned(%a: tensor<2xui8>) {
  // expected-error @+1 {{'aig.neg' op operand #0 must be statically shaped tensor of floating-point or signless integer values, but got 'tensor<2xui8>'}}
  %0 = aig.neg %a : tensor<2xui8>
  return
}

// -----

func.func @neg_unranked(%a: tensor<*xf32>) {
  // expected-error @+1 {{custom op 'aig.neg' invalid kind of type specified: expected builtin.tensor, but found 'tensor<*xf32>'}}
  %0 = aig.neg %a : tensor<*xf32>
  return
}

// -----

// In the generic form the ODS operand constraint rejects an unranked operand
// before the shape rule runs.
func.func @add_unranked_generic(%a: tensor<*xf32>) {
  // expected-error @+1 {{'aig.add' op operand #0 must be statically shaped tensor of floating-point or signless integer values, but got 'tensor<*xf32>'}}
  %0 = "aig.add"(%a, %a) : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xf32>
  return
}

//===----------------------------------------------------------------------===//
// Constant
//===----------------------------------------------------------------------===//

// -----

func.func @constant_dynamic_shape() {
  // expected-error @+1 {{elements literal type must have static shape}}
  %0 = aig.constant dense<1.0> : tensor<?xf32>
  return
}

// -----

func.func @constant_not_tensor() {
  // expected-error @+1 {{'aig.constant' op result #0 must be statically shaped tensor of floating-point or signless integer values, but got 'vector<2xf32>'}}
  %0 = aig.constant dense<1.0> : vector<2xf32>
  return
}

// -----

// Generic form: the value is not a tensor although the result is.
func.func @constant_value_not_tensor_generic() {
  // expected-error @+1 {{'aig.constant' op value must be a statically shaped tensor, got 'vector<2xf32>'}}
  %0 = "aig.constant"() <{value = dense<1.0> : vector<2xf32>}> : () -> tensor<2xf32>
  return
}

// -----

func.func @constant_wrong_result_generic() {
  // expected-error @+2 {{'aig.constant' op inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{'aig.constant' op failed to infer returned types}}
  %0 = "aig.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<3xf32>
  return
}

// -----

func.func @constant_no_value_generic() {
  // expected-error @+1 {{'aig.constant' op requires attribute 'value'}}
  %0 = "aig.constant"() : () -> tensor<2xf32>
  return
}

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_element_type(%a: tensor<2x4xf32>, %b: tensor<4x5xf16>) {
  // expected-error @+1 {{operands have different element types: f32 and f16}}
  %0 = aig.matmul %a, %b : tensor<2x4xf32>, tensor<4x5xf16>
  return
}

// -----

func.func @matmul_lhs_rank1(%a: tensor<2xf32>, %b: tensor<2x3xf32>) {
  // expected-error @+1 {{operands must have rank >= 2, got 2 and 2x3}}
  %0 = aig.matmul %a, %b : tensor<2xf32>, tensor<2x3xf32>
  return
}

// -----

func.func @matmul_rhs_rank0(%a: tensor<2x3xf32>, %b: tensor<f32>) {
  // expected-error @+1 {{operands must have rank >= 2, got 2x3 and scalar}}
  %0 = aig.matmul %a, %b : tensor<2x3xf32>, tensor<f32>
  return
}

// -----

func.func @matmul_contracting(%a: tensor<2x4xf32>, %b: tensor<3x5xf32>) {
  // expected-error @+1 {{contracting dimensions differ: 2x4 @ 3x5 (4 vs 3)}}
  %0 = aig.matmul %a, %b : tensor<2x4xf32>, tensor<3x5xf32>
  return
}

// -----

func.func @matmul_contracting_batched(%a: tensor<7x2x4xf32>, %b: tensor<7x5x4xf32>) {
  // expected-error @+1 {{contracting dimensions differ: 7x2x4 @ 7x5x4 (4 vs 5)}}
  %0 = aig.matmul %a, %b : tensor<7x2x4xf32>, tensor<7x5x4xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x2x4xf32>, %b: tensor<3x4x5xf32>) {
  // expected-error @+1 {{batch dimensions differ: 2x2x4 @ 3x4x5}}
  %0 = aig.matmul %a, %b : tensor<2x2x4xf32>, tensor<3x4x5xf32>
  return
}

// -----

// The batch dimensions must be equal: they do not broadcast.
func.func @matmul_batch_no_broadcast(%a: tensor<1x2x4xf32>, %b: tensor<3x4x5xf32>) {
  // expected-error @+1 {{batch dimensions differ: 1x2x4 @ 3x4x5}}
  %0 = aig.matmul %a, %b : tensor<1x2x4xf32>, tensor<3x4x5xf32>
  return
}

// -----

// Only the right operand may be unbatched.
func.func @matmul_batched_rhs_only(%a: tensor<2x4xf32>, %b: tensor<3x4x5xf32>) {
  // expected-error @+1 {{batch dimensions differ: 2x4 @ 3x4x5}}
  %0 = aig.matmul %a, %b : tensor<2x4xf32>, tensor<3x4x5xf32>
  return
}

// -----

func.func @matmul_batch_rank(%a: tensor<3x2x4xf32>, %b: tensor<2x3x4x5xf32>) {
  // expected-error @+1 {{batch dimensions differ: 3x2x4 @ 2x3x4x5}}
  %0 = aig.matmul %a, %b : tensor<3x2x4xf32>, tensor<2x3x4x5xf32>
  return
}

// -----

func.func @matmul_contracting_generic(%a: tensor<2x4xf32>, %b: tensor<3x5xf32>) {
  // expected-error @+2 {{contracting dimensions differ: 2x4 @ 3x5 (4 vs 3)}}
  // expected-error @+1 {{'aig.matmul' op failed to infer returned types}}
  %0 = "aig.matmul"(%a, %b) : (tensor<2x4xf32>, tensor<3x5xf32>) -> tensor<2x5xf32>
  return
}

//===----------------------------------------------------------------------===//
// broadcast_to
//===----------------------------------------------------------------------===//

// -----

func.func @broadcast_to_incompatible(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{cannot broadcast shape 2x3 to 4x3}}
  %0 = aig.broadcast_to %a, [4, 3] : tensor<2x3xf32>
  return
}

// -----

func.func @broadcast_to_lower_rank(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{cannot broadcast shape 2x3 to 3}}
  %0 = aig.broadcast_to %a, [3] : tensor<2x3xf32>
  return
}

// -----

func.func @broadcast_to_scalar(%a: tensor<1xf32>) {
  // expected-error @+1 {{cannot broadcast shape 1 to scalar}}
  %0 = aig.broadcast_to %a, [] : tensor<1xf32>
  return
}

// -----

func.func @broadcast_to_negative(%a: tensor<1xf32>) {
  // expected-error @+1 {{cannot broadcast shape 1 to -2x1}}
  %0 = aig.broadcast_to %a, [-2, 1] : tensor<1xf32>
  return
}

// -----

func.func @broadcast_to_generic(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{cannot broadcast shape 2x3 to 2x4}}
  // expected-error @+1 {{'aig.broadcast_to' op failed to infer returned types}}
  %0 = "aig.broadcast_to"(%a) <{shape = array<i64: 2, 4>}> : (tensor<2x3xf32>) -> tensor<2x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// reshape
//===----------------------------------------------------------------------===//

// -----

func.func @reshape_count(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{cannot reshape 2x3 (6 elements) to 4x2 (8 elements)}}
  %0 = aig.reshape %a, [4, 2] : tensor<2x3xf32>
  return
}

// -----

func.func @reshape_count_scalar(%a: tensor<2xf32>) {
  // expected-error @+1 {{cannot reshape 2 (2 elements) to scalar (1 elements)}}
  %0 = aig.reshape %a, [] : tensor<2xf32>
  return
}

// -----

func.func @reshape_inferred_not_divisible(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{cannot reshape 2x3 (6 elements) to 4x-1}}
  %0 = aig.reshape %a, [4, -1] : tensor<2x3xf32>
  return
}

// -----

func.func @reshape_inferred_with_zero(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{cannot reshape 2x3 (6 elements) to 0x-1}}
  %0 = aig.reshape %a, [0, -1] : tensor<2x3xf32>
  return
}

// -----

func.func @reshape_two_inferred(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{at most one dimension may be -1}}
  %0 = aig.reshape %a, [-1, -1] : tensor<2x3xf32>
  return
}

// -----

func.func @reshape_invalid_dim(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{invalid dimension -2 in shape -2x3}}
  %0 = aig.reshape %a, [-2, 3] : tensor<2x3xf32>
  return
}

// -----

func.func @reshape_generic(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{cannot reshape 2x3 (6 elements) to 5 (5 elements)}}
  // expected-error @+1 {{'aig.reshape' op failed to infer returned types}}
  %0 = "aig.reshape"(%a) <{shape = array<i64: 5>}> : (tensor<2x3xf32>) -> tensor<5xf32>
  return
}

//===----------------------------------------------------------------------===//
// transpose
//===----------------------------------------------------------------------===//

// -----

func.func @transpose_duplicate(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{permutation [0x0] is not a permutation of rank 2}}
  %0 = aig.transpose %a, [0, 0] : tensor<2x3xf32>
  return
}

// -----

func.func @transpose_out_of_range(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{permutation [0x2] is not a permutation of rank 2}}
  %0 = aig.transpose %a, [0, 2] : tensor<2x3xf32>
  return
}

// -----

func.func @transpose_negative(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{permutation [-1x0] is not a permutation of rank 2}}
  %0 = aig.transpose %a, [-1, 0] : tensor<2x3xf32>
  return
}

// -----

func.func @transpose_too_long(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{permutation [0x1x2] is not a permutation of rank 2}}
  %0 = aig.transpose %a, [0, 1, 2] : tensor<2x3xf32>
  return
}

// -----

func.func @transpose_too_short(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{is not a permutation of rank 2}}
  %0 = aig.transpose %a, [] : tensor<2x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// concat
//===----------------------------------------------------------------------===//

// -----

// No inputs can only be written in the generic form.
func.func @concat_empty() {
  // expected-error @+2 {{requires at least one input}}
  // expected-error @+1 {{'aig.concat' op failed to infer returned types}}
  %0 = "aig.concat"() <{axis = 0 : i64}> : () -> tensor<2xf32>
  return
}

// -----

func.func @concat_scalars(%a: tensor<f32>) {
  // expected-error @+1 {{cannot concatenate scalars}}
  %0 = aig.concat %a, %a axis = 0 : tensor<f32>, tensor<f32>
  return
}

// -----

func.func @concat_axis_too_large(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = aig.concat %a, %a axis = 2 : tensor<2x3xf32>, tensor<2x3xf32>
  return
}

// -----

func.func @concat_axis_too_negative(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{axis -3 is out of range for rank 2}}
  %0 = aig.concat %a, %a axis = -3 : tensor<2x3xf32>, tensor<2x3xf32>
  return
}

// -----

func.func @concat_element_type(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>, %c: tensor<2x3xi32>) {
  // expected-error @+1 {{input 2 has element type i32, expected f32}}
  %0 = aig.concat %a, %b, %c axis = 0 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xi32>
  return
}

// -----

func.func @concat_shape(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+1 {{input 1 has shape 2x4, incompatible with 2x3 along axis 0}}
  %0 = aig.concat %a, %b axis = 0 : tensor<2x3xf32>, tensor<2x4xf32>
  return
}

// -----

// The reported axis is the normalized one.
func.func @concat_shape_negative_axis(%a: tensor<2x3xf32>, %b: tensor<5x3xf32>) {
  // expected-error @+1 {{input 1 has shape 5x3, incompatible with 2x3 along axis 1}}
  %0 = aig.concat %a, %b axis = -1 : tensor<2x3xf32>, tensor<5x3xf32>
  return
}

// -----

func.func @concat_rank(%a: tensor<2x3xf32>, %b: tensor<6xf32>) {
  // expected-error @+1 {{input 1 has shape 6, incompatible with 2x3 along axis 0}}
  %0 = aig.concat %a, %b axis = 0 : tensor<2x3xf32>, tensor<6xf32>
  return
}

//===----------------------------------------------------------------------===//
// slice
//===----------------------------------------------------------------------===//

// -----

func.func @slice_offsets_length(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{offsets, sizes and strides must each have 2 entries (the input rank)}}
  %0 = aig.slice %a offsets = [0] sizes = [2, 3] strides = [1, 1] : tensor<2x3xf32>
  return
}

// -----

func.func @slice_sizes_length(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{offsets, sizes and strides must each have 2 entries (the input rank)}}
  %0 = aig.slice %a offsets = [0, 0] sizes = [2, 3, 1] strides = [1, 1] : tensor<2x3xf32>
  return
}

// -----

func.func @slice_strides_length(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{offsets, sizes and strides must each have 2 entries (the input rank)}}
  %0 = aig.slice %a offsets = [0, 0] sizes = [2, 3] strides = [] : tensor<2x3xf32>
  return
}

// -----

func.func @slice_negative_offset(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{dimension 1: offset -1 is outside [0, 3)}}
  %0 = aig.slice %a offsets = [0, -1] sizes = [2, 1] strides = [1, 1] : tensor<2x3xf32>
  return
}

// -----

func.func @slice_negative_size(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{dimension 0: size must be >= 0 and stride nonzero}}
  %0 = aig.slice %a offsets = [0, 0] sizes = [-1, 3] strides = [1, 1] : tensor<2x3xf32>
  return
}

// -----

func.func @slice_zero_stride(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{dimension 1: size must be >= 0 and stride nonzero}}
  %0 = aig.slice %a offsets = [0, 0] sizes = [2, 3] strides = [1, 0] : tensor<2x3xf32>
  return
}

// -----

func.func @slice_out_of_bounds(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{dimension 1: slice from 1 of 3 elements with stride 1 runs past the dimension size 3}}
  %0 = aig.slice %a offsets = [0, 1] sizes = [2, 3] strides = [1, 1] : tensor<2x3xf32>
  return
}

// -----

func.func @slice_offset_past_end(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{dimension 1: offset 3 is outside [0, 3)}}
  %0 = aig.slice %a offsets = [0, 3] sizes = [2, 1] strides = [1, -1] : tensor<2x3xf32>
  return
}

// -----

func.func @slice_negative_stride_below_zero(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{dimension 1: slice from 1 of 3 elements with stride -1 runs past the dimension size 3}}
  %0 = aig.slice %a offsets = [0, 1] sizes = [2, 3] strides = [1, -1] : tensor<2x3xf32>
  return
}

// -----

func.func @slice_stride_overflow(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{dimension 1: slice from 2 of 3 elements with stride -9223372036854775807 runs past the dimension size 3}}
  %0 = aig.slice %a offsets = [0, 2] sizes = [2, 3] strides = [1, -9223372036854775807] : tensor<2x3xf32>
  return
}

// -----

func.func @slice_out_of_bounds_strided(%a: tensor<2x5xf32>) {
  // expected-error @+1 {{dimension 1: slice from 0 of 3 elements with stride 3 runs past the dimension size 5}}
  %0 = aig.slice %a offsets = [0, 0] sizes = [2, 3] strides = [1, 3] : tensor<2x5xf32>
  return
}

// -----

func.func @slice_generic(%a: tensor<4xf32>) {
  // expected-error @+2 {{dimension 0: offset 4 is outside [0, 4)}}
  // expected-error @+1 {{'aig.slice' op failed to infer returned types}}
  %0 = "aig.slice"(%a) <{offsets = array<i64: 4>, sizes = array<i64: 1>, strides = array<i64: 1>}> : (tensor<4xf32>) -> tensor<1xf32>
  return
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// -----

func.func @reduce_sum_axis(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = aig.reduce_sum %a axes = [2] : tensor<2x3xf32>
  return
}

// -----

func.func @reduce_mean_axis(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{axis -3 is out of range for rank 2}}
  %0 = aig.reduce_mean %a axes = [0, -3] keepdims : tensor<2x3xf32>
  return
}

// -----

func.func @reduce_max_axis_scalar(%a: tensor<f32>) {
  // expected-error @+1 {{axis 0 is out of range for rank 0}}
  %0 = aig.reduce_max %a axes = [0] : tensor<f32>
  return
}

// -----

func.func @reduce_sum_duplicate(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{axis 0 is reduced twice}}
  %0 = aig.reduce_sum %a axes = [0, 0] : tensor<2x3xf32>
  return
}

// -----

// 1 and -1 name the same axis of a rank-2 tensor.
func.func @reduce_max_duplicate_negative(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{axis -1 is reduced twice}}
  %0 = aig.reduce_max %a axes = [1, -1] : tensor<2x3xf32>
  return
}

// -----

func.func @reduce_mean_duplicate(%a: tensor<2x3x4xf32>) {
  // expected-error @+1 {{axis 1 is reduced twice}}
  %0 = aig.reduce_mean %a axes = [-2, 1] : tensor<2x3x4xf32>
  return
}

// -----

func.func @reduce_sum_generic(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{axis 5 is out of range for rank 2}}
  // expected-error @+1 {{'aig.reduce_sum' op failed to infer returned types}}
  %0 = "aig.reduce_sum"(%a) <{axes = array<i64: 5>}> : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

//===----------------------------------------------------------------------===//
// softmax, log_softmax
//===----------------------------------------------------------------------===//

// -----

func.func @softmax_axis(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = aig.softmax %a axis = 2 : tensor<2x3xf32>
  return
}

// -----

func.func @log_softmax_axis(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{axis -3 is out of range for rank 2}}
  %0 = aig.log_softmax %a axis = -3 : tensor<2x3xf32>
  return
}

// -----

func.func @softmax_scalar(%a: tensor<f32>) {
  // expected-error @+1 {{axis 0 is out of range for rank 0}}
  %0 = aig.softmax %a axis = 0 : tensor<f32>
  return
}

// -----

func.func @softmax_generic(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{axis 7 is out of range for rank 2}}
  // expected-error @+1 {{'aig.softmax' op failed to infer returned types}}
  %0 = "aig.softmax"(%a) <{axis = 7 : i64}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// cast
//===----------------------------------------------------------------------===//

// -----

func.func @cast_to_index(%a: tensor<2xf32>) {
  // expected-error @+1 {{cannot cast to index: expected a float or signless integer type}}
  %0 = aig.cast %a : tensor<2xf32> to index
  return
}

// -----

func.func @cast_to_unsigned(%a: tensor<2xi32>) {
  // expected-error @+1 {{cannot cast to ui8: expected a float or signless integer type}}
  %0 = aig.cast %a : tensor<2xi32> to ui8
  return
}

// -----

func.func @cast_to_tensor(%a: tensor<2xf32>) {
  // expected-error @+1 {{cannot cast to tensor<2xf16>: expected a float or signless integer type}}
  %0 = aig.cast %a : tensor<2xf32> to tensor<2xf16>
  return
}

// -----

func.func @cast_generic(%a: tensor<2xf32>) {
  // expected-error @+2 {{cannot cast to si32: expected a float or signless integer type}}
  // expected-error @+1 {{'aig.cast' op failed to infer returned types}}
  %0 = "aig.cast"(%a) <{element_type = si32}> : (tensor<2xf32>) -> tensor<2xi32>
  return
}

//===----------------------------------------------------------------------===//
// compare
//===----------------------------------------------------------------------===//

// -----

func.func @compare_element_type(%a: tensor<2x3xf32>, %b: tensor<2x3xi32>) {
  // expected-error @+1 {{operands have different element types: f32 and i32}}
  %0 = aig.compare eq, %a, %b : tensor<2x3xf32>, tensor<2x3xi32>
  return
}

// -----

func.func @compare_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{operand shapes 2x3 and 2 are not broadcast-compatible}}
  %0 = aig.compare lt, %a, %b : tensor<2x3xf32>, tensor<2xf32>
  return
}

// -----

func.func @compare_bad_predicate(%a: tensor<2xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'predicate' [eq, ne, lt, le, gt, ge]}}
  %0 = aig.compare foo, %a, %a : tensor<2xf32>, tensor<2xf32>
  return
}

// -----

// The result is always i1.
func.func @compare_result_generic(%a: tensor<2xf32>) {
  // expected-error @+1 {{'aig.compare' op result #0 must be statically shaped tensor of 1-bit signless integer values, but got 'tensor<2xf32>'}}
  %0 = "aig.compare"(%a, %a) <{predicate = 0 : i32}> : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

//===----------------------------------------------------------------------===//
// select
//===----------------------------------------------------------------------===//

// -----

func.func @select_condition_not_broadcastable(%c: tensor<4xi1>, %a: tensor<2x3xf32>) {
  // expected-error @+1 {{condition shape 4 does not broadcast with value shape 2x3}}
  %0 = aig.select %c, %a, %a : tensor<4xi1>, tensor<2x3xf32>, tensor<2x3xf32>
  return
}

// -----

// The values broadcast together first (3 and 2x1 give 2x3), then with the
// condition.
func.func @select_condition_not_broadcastable_values(%c: tensor<5x1xi1>, %a: tensor<3xf32>, %b: tensor<2x1xf32>) {
  // expected-error @+1 {{condition shape 5x1 does not broadcast with value shape 2x3}}
  %0 = aig.select %c, %a, %b : tensor<5x1xi1>, tensor<3xf32>, tensor<2x1xf32>
  return
}

// -----

func.func @select_values_element_type(%c: tensor<3xi1>, %a: tensor<2x3xf32>, %b: tensor<2x3xi32>) {
  // expected-error @+1 {{operands have different element types: f32 and i32}}
  %0 = aig.select %c, %a, %b : tensor<3xi1>, tensor<2x3xf32>, tensor<2x3xi32>
  return
}

// -----

func.func @select_values_not_broadcastable(%c: tensor<3xi1>, %a: tensor<3xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{operand shapes 3 and 2 are not broadcast-compatible}}
  %0 = aig.select %c, %a, %b : tensor<3xi1>, tensor<3xf32>, tensor<2xf32>
  return
}

// -----

func.func @select_condition_not_i1(%c: tensor<2xi8>, %a: tensor<2xf32>) {
  // expected-error @+1 {{'aig.select' op operand #0 must be statically shaped tensor of 1-bit signless integer values, but got 'tensor<2xi8>'}}
  %0 = aig.select %c, %a, %a : tensor<2xi8>, tensor<2xf32>, tensor<2xf32>
  return
}

// -----

func.func @select_condition_float(%c: tensor<2xf32>, %a: tensor<2xf32>) {
  // expected-error @+1 {{'aig.select' op operand #0 must be statically shaped tensor of 1-bit signless integer values, but got 'tensor<2xf32>'}}
  %0 = aig.select %c, %a, %a : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
  return
}

// -----

func.func @select_generic(%c: tensor<4xi1>, %a: tensor<2x3xf32>) {
  // expected-error @+2 {{condition shape 4 does not broadcast with value shape 2x3}}
  // expected-error @+1 {{'aig.select' op failed to infer returned types}}
  %0 = "aig.select"(%c, %a, %a) : (tensor<4xi1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gather_axis(%t: tensor<5x3xf32>, %i: tensor<4xi64>) {
  // expected-error @+1 {{axis 2 is not a dimension of the table 'tensor<5x3xf32>'}}
  %0 = aig.gather %t[%i] axis = 2 : tensor<5x3xf32>, tensor<4xi64>
  return
}

// -----

func.func @gather_float_indices(%t: tensor<5x3xf32>, %i: tensor<4xf32>) {
  // expected-error @+1 {{'aig.gather' op operand #1 must be statically shaped tensor of signless integer values}}
  %0 = "aig.gather"(%t, %i) {axis = 0 : i64} : (tensor<5x3xf32>, tensor<4xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @scatter_add_counts(%g: tensor<8x4xf32>, %i: tensor<6xi64>) {
  // expected-error @+1 {{scatter_add takes K x Q updates and K indices, got 'tensor<8x4xf32>' and 'tensor<6xi64>'}}
  %0 = aig.scatter_add %g[%i] rows = 5 : tensor<8x4xf32>, tensor<6xi64>
  return
}

// -----

func.func @scatter_add_rows(%g: tensor<8x4xf32>, %i: tensor<8xi64>) {
  // expected-error @+1 {{rows must be positive, got 0}}
  %0 = aig.scatter_add %g[%i] rows = 0 : tensor<8x4xf32>, tensor<8xi64>
  return
}
