//===- Passes.td - aicc transformation passes --------------*- tablegen -*-===//

#ifndef AICC_TRANSFORMS_PASSES_TD
#define AICC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def ExportEntryPoints : Pass<"aicc-export-entry-points", "mlir::ModuleOp"> {
  let summary = "Mark public functions for the C calling interface";
  let description = [{
    Adds `llvm.emit_c_interface` to every public `func.func`, so that
    lowering to LLVM emits `_mlir_ciface_<name>`: a function taking one
    pointer to a memref descriptor per argument and, after
    `buffer-results-to-out-params`, one per result. The JIT and the AOT
    header both call this entry point.
  }];
}

def CopiesToLinalg : Pass<"aicc-copies-to-linalg", "mlir::func::FuncOp"> {
  let summary = "Rewrite memref.copy as linalg.copy";
  let description = [{
    Bufferization and `buffer-results-to-out-params` emit `memref.copy`. A
    copy between strided views (a slice returned as a result, a concat
    operand) lowers to a call of `memrefCopy` from MLIR's C runner utils,
    which an AOT object file would then need at link time. As `linalg.copy`
    it becomes an ordinary loop nest with the rest of the kernel.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def AigAutodiff : Pass<"aig-autodiff", "mlir::ModuleOp"> {
  let summary = "Reverse-mode autodiff: add <f>_grad for every loss function";
  let description = [{
    For each loss function `f` (a public function whose first result is a
    rank-0 float tensor, or each function named in `functions`), adds
    `f_grad` with the same arguments returning the loss followed by its
    gradient with respect to the parameters: the arguments marked
    `{aig.param}`, or every float argument when none is marked. Each op
    builds its own VJP (DifferentiableOpInterface); the adjoints of values
    used more than once are summed and gradients of broadcast operands are
    reduced to the operand's shape. Ops that carry no gradient (compare, a
    select's condition, an integer cast) pass none, as in PyTorch and JAX:
    a parameter that reaches the loss only through them gets a zero
    gradient and a warning at the first such op met walking back from the
    loss. A loss with no gradient for any parameter is an error, and so is
    a gradient path through an op with no VJP (one_hot). Run
    canonicalize and CSE afterwards (the pipeline's aig phase does).
  }];
  let options = [
    ListOption<"functions", "functions", "std::string",
               "Functions to differentiate (default: every loss function)">,
  ];
  let dependentDialects = ["aicc::aig::AigDialect"];
}

def AigTrainStep : Pass<"aig-train-step", "mlir::ModuleOp"> {
  let summary = "Build train_step: forward, backward and optimizer update";
  let description = [{
    From a loss function whose parameters are marked `{aig.param}`, builds

        train_step(params..., state..., batch..., lr, step)
            -> (loss, params'..., state'...)

    with SGD (momentum, Nesterov, weight decay), Adam or AdamW (bias
    correction; `step` counts from 1), following PyTorch's definitions. The
    learning rate and step are runtime scalars, so schedules need no
    recompilation. Updated results carry `aig.update_of = i`: the
    bufferization phase writes them into argument `i`'s buffer in place.
  }];
  let options = [
    Option<"optimizer", "optimizer", "std::string", "\"sgd\"",
           "sgd, adam or adamw">,
    Option<"loss", "loss", "std::string", "\"\"",
           "Loss function (default: the only loss function, or @loss "
           "when there are several)">,
    Option<"name", "name", "std::string", "\"train_step\"",
           "Name of the generated function">,
    Option<"momentum", "momentum", "double", "0.9", "SGD momentum">,
    Option<"nesterov", "nesterov", "bool", "false", "SGD Nesterov momentum">,
    Option<"weightDecay", "weight-decay", "double", "0.0",
           "Weight decay (L2 for SGD/Adam, decoupled for AdamW)">,
    Option<"beta1", "beta1", "double", "0.9", "Adam beta1">,
    Option<"beta2", "beta2", "double", "0.999", "Adam beta2">,
    Option<"epsilon", "epsilon", "double", "1e-8", "Adam epsilon">,
  ];
  let dependentDialects = ["aicc::aig::AigDialect"];
}

def TieUpdatesToArguments : Pass<"aicc-tie-updates", "mlir::ModuleOp"> {
  let summary = "Write results marked aig.update_of into their argument";
  let description = [{
    Runs before bufferization. Each result with `aig.update_of = i` is
    wrapped in `bufferization.materialize_in_destination` into argument `i`,
    which is marked writable; every other argument is marked read-only. With
    empty-tensor elimination the update is then computed directly in the
    argument's buffer, and `drop-equivalent-buffer-results` removes the result
    from the signature: parameters and optimizer state are updated in place
    with no copy and no allocation.
  }];
  let dependentDialects = ["mlir::bufferization::BufferizationDialect"];
}

def DistinctResults : Pass<"aicc-distinct-results", "mlir::ModuleOp"> {
  let summary = "Give a tensor returned more than once a copy per extra use";
  let description = [{
    Runs before bufferization. A value returned twice (`return %0, %0`, as
    autodiff produces when two gradients are equal) would need one buffer
    for two out-parameters, which `buffer-results-to-out-params` cannot do:
    each repeat is returned through `bufferization.alloc_tensor ... copy`,
    which always gets a buffer of its own.
  }];
  let dependentDialects = ["mlir::bufferization::BufferizationDialect"];
}

def DropUpdatedResults : Pass<"aicc-drop-updated-results", "mlir::ModuleOp"> {
  let summary = "Remove bufferized results that were written into an argument";
  let description = [{
    Runs after one-shot bufferization, as the counterpart of
    `aicc-tie-updates`: a result marked `aig.update_of = i` whose buffer is
    argument `i` (or a copy into it was made) is removed from the function's
    results, so the C interface has no out-parameter for it. Upstream
    `drop-equivalent-buffer-results` leaves public functions alone, and
    every aicc entry point is public.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def FuseElementwise : Pass<"aicc-fuse-elementwise"> {
  let summary = "Fuse elementwise linalg producers into their consumers, "
                "including producers with several uses";
  let description = [{
    Upstream's `linalg-fuse-elementwise-ops` fuses a producer only into its
    single user. In a training step most producers have two users: the
    pre-activation `x @ w + b` feeds the ReLU and the backward pass's mask,
    and the new momentum feeds both the parameter update and the returned
    state. This pass also fuses such a producer when the consumer runs over
    the same iteration space (all loops parallel, the producer's result read
    through the identity map, as the producer writes it): the fused loop nest computes the producer once and yields
    its value as an extra result for the other users, so nothing is
    recomputed and one pass over memory is saved. Single-use producers fuse
    as upstream does (broadcasting consumers included).
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def FoldReshapes : Pass<"aicc-fold-reshapes"> {
  let summary = "Fold reshapes into elementwise linalg ops, never into "
                "contractions";
  let description = [{
    What upstream's `linalg-fuse-elementwise-ops` does after fusion, with one
    restriction: a `tensor.collapse_shape`/`expand_shape` is folded into a
    linalg op by expanding its loops only when that op is elementwise (all
    loops parallel). Upstream also expands contractions: the per-image
    im2col matrix of a convolution is a collapse of a 5-d copy, and folding
    it turns the `linalg.matmul` into a 6-loop generic that the matmul
    micro-kernel no longer recognizes (then the im2col copy fuses into it
    and the convolution runs as naive loops, about 7x slower). Constants and
    `tensor.empty` reshapes fold as upstream does.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect"];
}

def CollapseElementwiseLoops : Pass<"aicc-collapse-elementwise-loops",
                                    "mlir::func::FuncOp"> {
  let summary = "Merge the trailing loops of elementwise linalg ops and "
                "reductions into one";
  let description = [{
    Runs on buffers, before `convert-linalg-to-loops`. An elementwise
    `linalg.generic` over `128x6x28x28` becomes loops whose innermost one
    runs 28 times: LLVM does not vectorize loops that short, and the
    ReLU of a LeNet feature map ran 8x slower than over a flat buffer. The
    trailing loops that every operand reads contiguously and in the same
    order (a bias broadcast over H and W included) are merged into one,
    through `memref.collapse_shape` of the operands, where their layout
    allows it. Reductions too, when the merged loops are all reductions
    (a sum over H and W).
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def AccumulateIntoMatmul : Pass<"aicc-accumulate-into-matmul",
                                "mlir::func::FuncOp"> {
  let summary = "Fold `x + A @ B` into a matmul that accumulates into x";
  let description = [{
    Runs on linalg on tensors, before elementwise fusion. A `linalg.matmul`
    into a zero-filled tensor whose only user adds it to a block argument
    `x` of the same shape (a loop-carried sum, a function argument) becomes
    a `linalg.matmul` with `x` as its init (`C += A @ B` is what
    linalg.matmul means): no zero fill, no temporary C, and no separate pass
    that reads x and C and writes their sum. An `x` computed by an
    elementwise op is left to `aicc-fuse-elementwise`, which merges it with
    the add. The gradient of
    a recurrent weight is such a sum at every step of a backward scan; the
    char-lstm's is 1 MB, so this saves 3 MB of memory traffic per step.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def ApproximateMath : Pass<"aicc-approximate-math", "mlir::func::FuncOp"> {
  let summary = "Replace exp, log, log1p, expm1 and tanh by polynomial "
                "approximations that LLVM vectorizes";
  let description = [{
    Runs on the loops, before the lowering to LLVM. Left as `math` ops, these
    become calls to libm (`expf`, `tanhf`, ...) one element at a time, which
    LLVM cannot vectorize: the gates of an LSTM spent more time in `tanhf`
    than in the matmuls. MLIR's polynomial approximations (the rewrites of
    `populateMathPolynomialApproximationPatterns`) are plain arithmetic, so
    the loop vectorizer turns them into AVX2 or AVX-512 code. Their error
    against libm over the whole float range is measured by
    test/Numerics/math_accuracy.py (docs/architecture.md has the table).
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::vector::VectorDialect"];
}

def ContractionLoopOrder : Pass<"aicc-contraction-loop-order",
                                "mlir::func::FuncOp"> {
  let summary = "Order matmul loops so the innermost loop is contiguous";
  let description = [{
    Runs before `convert-linalg-to-loops`. `linalg.matmul` and
    `linalg.batch_matmul` are generalized and their loops interchanged from
    (m, n, k) to (m, k, n): the innermost loop then walks rows of B and C
    contiguously, `C[m, n] += A[m, k] * B[k, n]`, which LLVM vectorizes into
    broadcast-FMA. This is the fallback for contractions that
    `aicc-matmul-microkernel` does not take (it runs first).
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def MatmulMicroKernel : Pass<"aicc-matmul-microkernel", "mlir::func::FuncOp"> {
  let summary = "Lower f32 matmuls on buffers to register-blocked vector code";
  let description = [{
    Runs on buffers, before `convert-linalg-to-loops`. A `linalg.matmul`
    (or each batch of a `linalg.batch_matmul`) with static shapes, f32
    elements (any M and N: the blocks of MR x NR come first, then blocks of
    the remaining rows and columns with narrower vectors), becomes

        for i in 0..M step MR, j in 0..N step NR:
          acc[0..MR) = C[i+r, j:j+NR]                   (vector registers)
          for k in 0..K:
            b = B[k, j:j+NR]
            acc[r] = fma(broadcast(A[i+r, k]), b, acc[r])
          C[i+r, j:j+NR] = acc[r]

    with MR x NR chosen to fit the vector registers (4 x 16 by default,
    for AVX2's 16 registers; the pipeline uses 8 x 16 on AVX-512 hosts):
    the accumulators stay in registers for the whole k loop. Fewer rows
    than MR (a matrix-vector product, as in an RNN's sampling step) get
    blocks MR / rows times wider, so that as many independent accumulators
    are in flight instead of one chain of dependent FMAs. A that is a
    transpose materialized only for this matmul (`x^T @ dy` in the
    backward pass) is read through the transpose's source instead, and the
    copy is dropped. When C was
    zero-filled right before (`linalg.fill` of 0.0, as every matmul of
    a tensor program is), the accumulators start at zero instead and the
    fill is removed: one pass over C less. Other contractions keep the
    loop-order path.
  }];
  let options = [
    Option<"rowBlock", "row-block", "int64_t", "4", "Rows per block (MR)">,
    Option<"vectorWidth", "vector-width", "int64_t", "16",
           "Columns per block (NR)">,
  ];
  let dependentDialects = ["mlir::vector::VectorDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::memref::MemRefDialect"];
}

#endif // AICC_TRANSFORMS_PASSES_TD
