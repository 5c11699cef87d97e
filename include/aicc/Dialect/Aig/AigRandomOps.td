//===- AigRandomOps.td - counter-based random numbers ------*- tablegen -*-===//
//
// Random ops are pure functions of their key operand and their `stream`
// attribute: the same (key, stream, shape) always gives the same tensor,
// so CSE may merge two of them only when they would produce the same values
// anyway. Builders give every op of a graph its own stream (distinct by
// construction); a training step passes key = [seed, step], so every step
// draws new numbers and a resumed run draws the same ones.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_DIALECT_AIG_AIGRANDOMOPS_TD
#define AICC_DIALECT_AIG_AIGRANDOMOPS_TD

def Aig_RandomKey : StaticShapeTensorOf<[I64]>;

class Aig_RandomOp<string mnemonic, string opSummary, string what>
    : Aig_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = opSummary;
  let description = [{
    A tensor of `shape` with }] # what # [{, from Philox4x32-10 keyed by
    `key = [seed, offset]` (a `tensor<2xi64>`): element `e` (row-major) takes
    its 32-bit words from the stream `(offset << 32) | stream` of the seed,
    exactly as `aicc::rt::Philox(seed, (offset << 32) | stream)` hands them
    out, so the runtime reproduces any draw. `stream` is in [0, 2^32) and
    the tensor has fewer than 2^32 elements.

    ```mlir
    %r = aig.}] # mnemonic # [{ %key stream = 3 shape = [128, 256]
           : tensor<2xi64> to f32
    ```
  }];
  let arguments = (ins Aig_RandomKey:$key, I64Attr:$stream,
                   DenseI64ArrayAttr:$shape,
                   TypeAttrOf<AnyFloat>:$element_type);
  let results = (outs Aig_FloatTensor:$result);
  let assemblyFormat = [{
    $key `stream` `=` $stream `shape` `=` $shape attr-dict `:` type($key)
    `to` $element_type
  }];
}

def Aig_RandomUniformOp : Aig_RandomOp<"random_uniform",
    "uniform random numbers in [0, 1)",
    "values uniform in [0, 1) (24 random bits each, so every value is an "
    "exact f32: `(word >> 8) * 2^-24`)">;

def Aig_RandomNormalOp : Aig_RandomOp<"random_normal",
    "standard normal random numbers",
    "values from N(0, 1) by Box-Muller: elements `2m` and `2m + 1` are "
    "`r cos(2 pi u2)` and `r sin(2 pi u2)` with `r = sqrt(-2 log(1 - u1))` "
    "for the uniforms `u1, u2` of words `2m` and `2m + 1` (computed in the "
    "element type)">;

#endif // AICC_DIALECT_AIG_AIGRANDOMOPS_TD
