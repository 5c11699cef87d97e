//===- AigLoopOps.td - loops over a sequence axis ----------*- tablegen -*-===//
//
// `aig.scan` is the one loop of the dialect: recurrent nets and compiled
// sampling are written with it, and it stays one op however long the
// sequence is (lowered to scf.for, never unrolled). The autodiff pass
// differentiates it into a reversed scan (Autodiff.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef AICC_DIALECT_AIG_AIGLOOPOPS_TD
#define AICC_DIALECT_AIG_AIGLOOPOPS_TD


def Aig_ScanOp : Aig_Op<"scan", [RecursiveMemoryEffects,
                                 AttrSizedOperandSegments,
                                 SingleBlock]> {
  let summary = "a loop over a sequence axis that carries state";
  let description = [{
    Runs its body `length` times, for t = 0, 1, ..., length - 1 (with
    `reverse`: t = length - 1, ..., 0). The body's arguments are the step
    `t` (a `tensor<i64>`), the carried values, and the slice `t` of each
    sequence operand along `axis` (that dimension removed). It yields the
    carried values of the next step, then the per-step outputs. The results
    are the carried values after the last step, then each per-step output
    stacked along `axis` (slice t is the output of step t).

    The body may use values defined outside the scan (weights): they are
    the same at every step, and the autodiff pass accumulates their
    gradients over the steps.

    ```mlir
    // h_t = tanh(x_t @ W + h_{t-1} @ U), for x: batch 32, 64 steps, 16 wide.
    %h, %hs = aig.scan length = 64 axis = 1
        carry(%h0 : tensor<32x8xf32>) over(%x : tensor<32x64x16xf32>) {
    ^bb0(%t: tensor<i64>, %h_prev: tensor<32x8xf32>, %x_t: tensor<32x16xf32>):
      %a = aig.matmul %x_t, %w : tensor<32x16xf32>, tensor<16x8xf32>
      %b = aig.matmul %h_prev, %u : tensor<32x8xf32>, tensor<8x8xf32>
      %s = aig.add %a, %b : tensor<32x8xf32>, tensor<32x8xf32>
      %h_next = aig.tanh %s : tensor<32x8xf32>
      aig.yield %h_next, %h_next : tensor<32x8xf32>, tensor<32x8xf32>
    } -> (tensor<32x8xf32>, tensor<32x64x8xf32>)
    ```
  }];
  let arguments = (ins Variadic<Aig_Tensor>:$inits,
                   Variadic<Aig_Tensor>:$sequences, I64Attr:$length,
                   I64Attr:$axis, UnitAttr:$reverse);
  let results = (outs Variadic<Aig_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    `length` `=` $length `axis` `=` $axis (`reverse` $reverse^)?
    (`carry` `(` $inits^ `:` type($inits) `)`)?
    (`over` `(` $sequences^ `:` type($sequences) `)`)?
    $body attr-dict `->` `(` type($results) `)`
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let hasCanonicalizer = 1;
  let extraClassDeclaration = [{
    /// The carried values after the last step.
    ::mlir::ResultRange getFinals() {
      return getResults().take_front(getInits().size());
    }
    /// The per-step outputs, stacked along `axis`.
    ::mlir::ResultRange getStacked() {
      return getResults().drop_front(getInits().size());
    }
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
    ::mlir::BlockArgument getStepArgument() {
      return getBodyBlock().getArgument(0);
    }
    ::mlir::Block::BlockArgListType getCarryArguments() {
      return getBodyBlock().getArguments().slice(1, getInits().size());
    }
    ::mlir::Block::BlockArgListType getSliceArguments() {
      return getBodyBlock().getArguments().drop_front(1 + getInits().size());
    }
    /// The values defined outside the scan that its body uses, in a stable
    /// order (first use in the body).
    ::llvm::SmallVector<::mlir::Value> getCapturedValues();
  }];
}

def Aig_YieldOp : Aig_Op<"yield", [Pure, Terminator,
                                   HasParent<"ScanOp">]> {
  let summary = "ends a scan body: next carried values, then outputs";
  let description = [{
    The terminator of `aig.scan`'s body. Its operands are the carried values
    of the next step (types equal to the carried values') followed by the
    step's outputs.
  }];
  let arguments = (ins Variadic<Aig_Tensor>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
}

#endif // AICC_DIALECT_AIG_AIGLOOPOPS_TD
