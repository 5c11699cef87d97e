// RUN: aicc-opt %s -split-input-file -verify-diagnostics

// Every malformed aig.* argument or result attribute is an error at the
// function (AigAttrVerifier.cpp).

// expected-error @+1 {{argument 0: aig.name must be a non-empty string}}
func.func @name_empty(%a: tensor<2xf32> {aig.name = ""}) {
  return
}

// -----

// expected-error @+1 {{argument 0: aig.name must be a non-empty string}}
func.func @name_not_string(%a: tensor<2xf32> {aig.name = 3}) {
  return
}

// -----

// expected-error @+1 {{argument 0: aig.param marks a trainable parameter, which must be a float tensor}}
func.func @param_int(%a: tensor<2xi32> {aig.param}) {
  return
}

// -----

// expected-error @+1 {{argument 0: aig.param must be a unit attribute or a dictionary of init, fan_in, fan_out and std}}
func.func @param_string(%a: tensor<2xf32> {aig.param = "zeros"}) {
  return
}

// -----

// expected-error @+1 {{argument 0: aig.param 'init' must be one of zeros, ones, normal, xavier_uniform, kaiming_uniform, kaiming_normal, torch_linear}}
func.func @param_unknown_init(%a: tensor<2xf32> {aig.param = {init = "glorot"}}) {
  return
}

// -----

// expected-error @+1 {{argument 0: aig.param 'fan_in' must be an integer >= 1}}
func.func @param_fan_in(%a: tensor<2xf32> {aig.param = {init = "kaiming_uniform", fan_in = 0}}) {
  return
}

// -----

// expected-error @+1 {{argument 0: aig.param 'std' must be a float >= 0}}
func.func @param_std(%a: tensor<2xf32> {aig.param = {init = "normal", std = -1.0}}) {
  return
}

// -----

// expected-error @+1 {{argument 0: aig.param has an unknown key 'fanin' (expected init, fan_in, fan_out, std)}}
func.func @param_key(%a: tensor<2xf32> {aig.param = {fanin = 3}}) {
  return
}

// -----

// expected-error @+1 {{argument 0: aig.buffer cannot be combined with aig.param}}
func.func @param_and_buffer(%a: tensor<2xf32> {aig.param, aig.buffer = {}}) {
  return
}

// -----

// expected-error @+1 {{argument 1: aig.buffer takes only 'init', which must be "zeros" or "ones"}}
func.func @buffer_init(%a: tensor<2xf32>, %b: tensor<2xf32> {aig.buffer = {init = "twos"}}) {
  return
}

// -----

// expected-error @+1 {{argument 0: aig.buffer marks a buffer, which must be an f32 tensor}}
func.func @buffer_f64(%a: tensor<2xf64> {aig.buffer = {}}) {
  return
}

// -----

// expected-error @+1 {{argument 0: aig.rng marks the random key, which must be a tensor<2xi64>}}
func.func @rng_type(%a: tensor<3xi64> {aig.rng}) {
  return
}

// -----

// expected-error @+1 {{argument 0: aig.rng must be a unit attribute}}
func.func @rng_value(%a: tensor<2xi64> {aig.rng = 1}) {
  return
}

// -----

// expected-error @+1 {{argument 0: aig.mask marks a row mask, which must be a rank-1 f32 tensor}}
func.func @mask_rank(%a: tensor<2x2xf32> {aig.mask}) {
  return
}

// -----

// expected-error @+1 {{argument 0: aig.state must be a unit attribute}}
func.func @state_value(%a: tensor<2xf32> {aig.state = "x"}) {
  return
}

// -----

// expected-error @+1 {{argument 0: aig.prams is not an argument attribute of the aig dialect (expected aig.name, aig.param, aig.buffer, aig.rng, aig.mask or aig.state)}}
func.func @typo(%a: tensor<2xf32> {aig.prams}) {
  return
}

// -----

// expected-error @+1 {{result 0: aig.update_of names argument 2, but the function has 1 arguments}}
func.func @update_of_range(%a: tensor<2xf32>) -> (tensor<2xf32> {aig.update_of = 2}) {
  return %a : tensor<2xf32>
}

// -----

// expected-error @+1 {{result 0: aig.update_of names argument 0, whose type differs from the result's}}
func.func @update_of_type(%a: tensor<3xf32>, %b: tensor<2xf32>) -> (tensor<2xf32> {aig.update_of = 0}) {
  return %b : tensor<2xf32>
}

// -----

// expected-error @+1 {{result 0: aig.update_of must be an integer argument index}}
func.func @update_of_string(%a: tensor<2xf32>) -> (tensor<2xf32> {aig.update_of = "a"}) {
  return %a : tensor<2xf32>
}

// -----

// expected-error @+1 {{result 0: aig.param is not a result attribute of the aig dialect (expected aig.name or aig.update_of)}}
func.func @param_on_result(%a: tensor<2xf32>) -> (tensor<2xf32> {aig.param}) {
  return %a : tensor<2xf32>
}
