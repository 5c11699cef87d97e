#!/usr/bin/python3
"""Numerical checks of aicc's gradients against finite differences.

Each case is a few aig ops computing `y = op(inputs)`, the inputs (from a
seeded RNG) and a NumPy reference for `y`. The script builds the loss

    func.func @loss(inputs..., %rw) -> tensor<f32> {
      ... y = op(inputs) ...
      L = reduce_sum(y * %rw)
    }

where `%rw` is a fixed random weight (an extra input that is not a parameter,
so that dL/dy is not all ones), marks the case's parameters `{aig.param}`,
runs `aicc run --autodiff --entry loss_grad` and compares

* the loss with the float64 reference at rtol=1e-5, atol=1e-5, and
* each gradient with central finite differences of the float64 reference
  loss, at rtol=1e-3, atol=1e-4.

    check_grads.py --aicc PATH --workdir DIR [--only SUBSTR] [--list]

Prints `PASS <name>` or `FAIL <name>: <reason>` per case, then
`SUMMARY passed=N failed=M`; exits 1 if any case failed.

Writing a case
--------------
    case(name, body, inputs, ref, params=None, weighted=True, out=None)

* `body`, `inputs`: as in check_ops.py. The arguments are %a, %b, %c, ... in
  the order of `inputs`; `{0}`, `{1}`, ... stand for their tensor types. The
  last line defines `y`.
* `ref(*inputs)`: NumPy reference for `y`, called with float inputs as
  float64 (finite differences perturb them in float64).
* `params`: indices of the inputs marked `{aig.param}` (default: every float
  input). Other inputs (labels, masks, targets) are passed but not perturbed.
* `weighted=False`: `y` is already the rank-0 loss (composite cases: a
  cross-entropy, a KL term, ...); no `%rw` is added.
* `out`: the element type of `y` ('f32' or 'f64'); by default the widest
  float type among the inputs.

Finite differences use a step of EPS * max(|x|, 1) and are also computed with
half that step: if the two disagree, an input is too close to a kink (relu,
abs, max, min, a tie in reduce_max) and the case fails as a test bug. Inputs
are therefore drawn away from kinks: see S(), apart() and distinct().
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aicc_harness as harness  # noqa: E402
from aicc_harness import DTYPES, ty, ty_of  # noqa: E402

GRAD_RTOL, GRAD_ATOL = 1e-3, 1e-4
LOSS_RTOL, LOSS_ATOL = 1e-5, 1e-5
EPS = 1e-3


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------

rng = np.random.default_rng(20240611)


def U(*shape, lo=-2.0, hi=2.0, dtype=np.float32):
    """Uniform floats in [lo, hi)."""
    return np.asarray(rng.uniform(lo, hi, size=shape), dtype=dtype)


def P(*shape, lo=0.3, hi=3.0, dtype=np.float32):
    """Positive floats, not tiny: log, sqrt, rsqrt, pow, div denominators."""
    return U(*shape, lo=lo, hi=hi, dtype=dtype)


def S(*shape, lo=0.2, hi=2.0, dtype=np.float32):
    """Floats of either sign with lo <= |x| < hi: away from relu/abs's kink."""
    sign = np.where(rng.integers(0, 2, size=shape) == 1, 1.0, -1.0)
    return np.asarray(sign * rng.uniform(lo, hi, size=shape), dtype=dtype)


def apart(sa, sb):
    """Two arrays of shapes sa and sb whose broadcast elements differ by at
    least 0.1 everywhere (maximum/minimum away from ties): integers plus
    jitter for one, half-integers plus jitter for the other."""
    a = rng.integers(-2, 3, size=sa) + rng.uniform(-0.2, 0.2, size=sa)
    b = rng.integers(-2, 2, size=sb) + 0.5 + rng.uniform(-0.2, 0.2, size=sb)
    return [np.asarray(a, np.float32), np.asarray(b, np.float32)]


def distinct(*shape):
    """Floats that are pairwise at least 0.15 apart (reduce_max without
    ties), in random order, centred on 0."""
    n = int(np.prod(shape))
    grid = (rng.permutation(n) - n / 2) * 0.25
    return np.asarray(grid + rng.uniform(-0.05, 0.05, size=n),
                      np.float32).reshape(shape)


def B(*shape):
    """Random booleans."""
    return np.asarray(rng.integers(0, 2, size=shape), dtype=np.bool_)


def labels(n, classes):
    return np.asarray(rng.integers(0, classes, size=n), np.int64)


# NumPy references of the composite ops.
def softmax(x, axis):
    e = np.exp(x - x.max(axis, keepdims=True))
    return e / e.sum(axis, keepdims=True)


def log_softmax(x, axis):
    s = x - x.max(axis, keepdims=True)
    return s - np.log(np.exp(s).sum(axis, keepdims=True))


def one_hot(l, n):
    return np.eye(n)[l]


def slc(x, offsets, sizes):
    return x[tuple(slice(o, o + s) for o, s in zip(offsets, sizes))]


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


# --------------------------------------------------------------------------
# Case table
# --------------------------------------------------------------------------

CASES = []


class Case:
    def __init__(self, name, body, inputs, ref, params, weighted, out):
        self.name, self.body, self.inputs, self.ref = name, body, inputs, ref
        self.params = ([i for i, a in enumerate(inputs) if a.dtype.kind == "f"]
                       if params is None else list(params))
        assert self.params, f"{name}: no parameters"
        self.weighted = weighted
        y = np.asarray(self.call(self.inputs64()))
        floats = [a.dtype for a in inputs if a.dtype.kind == "f"]
        self.elem = out or ("f64" if np.dtype(np.float64) in floats
                            else "f32")
        self.y_shape = y.shape
        if weighted:
            self.weight = U(*y.shape, dtype=DTYPES[self.elem])
        else:
            assert y.shape == (), f"{name}: an unweighted loss must be rank 0"
            self.weight = None

    def inputs64(self):
        return [a.astype(np.float64) if a.dtype.kind == "f" else a
                for a in self.inputs]

    def call(self, args):
        with np.errstate(all="ignore"):
            return self.ref(*args)

    def loss(self, args):
        """The float64 reference loss."""
        y = np.asarray(self.call(args), np.float64)
        if self.weighted:
            return float(np.sum(y * self.weight.astype(np.float64)))
        return float(y)

    def finite_differences(self, index, eps):
        """Central differences of the loss with respect to input `index`."""
        args = self.inputs64()
        x = args[index]
        grad = np.zeros_like(x)
        for j in np.ndindex(*x.shape):
            h = eps * max(abs(x[j]), 1.0)
            saved = x[j]
            x[j] = saved + h
            up = self.loss(args)
            x[j] = saved - h
            down = self.loss(args)
            x[j] = saved
            grad[j] = (up - down) / (2 * h)
        return grad

    def mlir(self):
        args = []
        for i, a in enumerate(self.inputs):
            attr = " {aig.param}" if i in self.params else ""
            args.append(f"%{chr(ord('a') + i)}: {ty_of(a)}{attr}")
        lines = [l.strip() for l in
                 self.body.format(*map(ty_of, self.inputs)).splitlines()]
        lines = [l for l in lines if l]
        y = lines[-1].split("=")[0].strip()
        yt = ty(self.y_shape, self.elem)
        if self.weighted:
            args.append(f"%rw: {yt}")
            lines.append(f"%weighted = aig.mul {y}, %rw : {yt}, {yt}")
            y = "%weighted"
            if self.y_shape:
                axes = ", ".join(map(str, range(len(self.y_shape))))
                lines.append(f"%loss = aig.reduce_sum {y} axes = [{axes}] "
                             f": {yt}")
                y = "%loss"
        lt = ty((), self.elem)
        lines.append(f"return {y} : {lt}")
        body = "".join(f"  {l}\n" for l in lines)
        return f"func.func @loss({', '.join(args)}) -> {lt} {{\n{body}}}\n"


def case(name, body, inputs, ref, params=None, weighted=True, out=None):
    assert all(c.name != name for c in CASES), f"duplicate case {name}"
    CASES.append(Case(name, body, inputs, ref, params, weighted, out))


# ---- Broadcasting binary ops: same shapes, trailing broadcast, size-1 dims on
# ---- both sides, rank-0 operand on either side. Both operands are params, so
# ---- the gradient of the broadcast one is summed back to its shape.
BCAST = {
    "same": ((4, 3), (4, 3)),
    "trailing": ((4, 3), (3,)),
    "leading1": ((2, 1, 4), (2, 3, 4)),
    "both": ((4, 1), (1, 3)),
    "rank_diff_both": ((5, 1, 3), (4, 1)),
    "scalar_rhs": ((2, 3, 4), ()),
    "scalar_lhs": ((), (2, 3, 4)),
}
BINARY = {
    "add": (np.add, lambda sa, sb: [U(*sa), U(*sb)]),
    "sub": (np.subtract, lambda sa, sb: [U(*sa), U(*sb)]),
    "mul": (np.multiply, lambda sa, sb: [U(*sa), U(*sb)]),
    "div": (np.divide, lambda sa, sb: [U(*sa), P(*sb, lo=0.5)]),
    "maximum": (np.maximum, apart),
    "minimum": (np.minimum, apart),
}
for op, (fn, make) in BINARY.items():
    for kind, (sa, sb) in BCAST.items():
        case(f"{op}_{kind}", f"%0 = aig.{op} %a, %b : {{0}}, {{1}}",
             make(sa, sb), fn)
case("add_f64", "%0 = aig.add %a, %b : {0}, {1}",
     [U(4, 3, dtype=np.float64), U(3, dtype=np.float64)], np.add)
# x + y of the same shape then a nonlinearity (a residual connection): both
# operands get the same gradient value, which loss_grad returns twice.
case("add_same_then_tanh",
     """%0 = aig.add %a, %b : {0}, {1}
        %1 = aig.tanh %0 : {0}""",
     [U(4, 3), U(4, 3)], lambda a, b: np.tanh(a + b))
case("mul_one_param", "%0 = aig.mul %a, %b : {0}, {1}",
     [U(4, 3), U(4, 1)], np.multiply, params=[1])
case("mul_same_operand", "%0 = aig.mul %a, %a : {0}, {0}", [U(4, 3)],
     lambda x: x * x)
case("div_same_operand_broadcast",
     """%0 = aig.reduce_sum %a axes = [0] keepdims : {0}
        %1 = aig.div %a, %0 : {0}, tensor<1x3xf32>""",
     [P(4, 3)], lambda x: x / x.sum(0, keepdims=True))

# ---- Unary ops (inputs away from kinks and from 0 where the op needs it).
UNARY = {
    "neg": (np.negative, lambda: U(4, 3)),
    "exp": (np.exp, lambda: U(4, 3)),
    "log": (np.log, lambda: P(4, 3)),
    "log1p": (np.log1p, lambda: P(4, 3, lo=-0.6, hi=3.0)),
    "abs": (np.abs, lambda: S(4, 3)),
    "tanh": (np.tanh, lambda: U(4, 3)),
    "sigmoid": (sigmoid, lambda: U(4, 3, lo=-4, hi=4)),
    "relu": (lambda x: np.maximum(x, 0), lambda: S(4, 3)),
    "sqrt": (np.sqrt, lambda: P(4, 3)),
    "rsqrt": (lambda x: 1 / np.sqrt(x), lambda: P(4, 3)),
}
for op, (fn, make) in UNARY.items():
    case(op, f"%0 = aig.{op} %a : {{0}}", [make()], fn)
# The gradient is the loss itself: loss_grad returns one value twice.
case("exp_scalar", "%0 = aig.exp %a : {0}", [np.array(0.7, np.float32)],
     np.exp)
case("tanh_3d", "%0 = aig.tanh %a : {0}", [U(2, 3, 4)], np.tanh)

# ---- pow (2.0, 0.5, -0.5 canonicalize to mul, sqrt, rsqrt; the autodiff
# ---- pass runs before canonicalization, so each has its own VJP path).
for tag, e in [("3", 3.0), ("2", 2.0), ("0_5", 0.5), ("m0_5", -0.5),
               ("1_5", 1.5), ("m1", -1.0), ("1", 1.0)]:
    case(f"pow_{tag}", f"%0 = aig.pow %a, {e!r} : {{0}}", [P(4, 3)],
         lambda x, e=e: x ** e)
case("pow_3_negative_base", "%0 = aig.pow %a, 3.0 : {0}", [U(4, 3)],
     lambda x: x ** 3)

# ---- Matmul: 2-D, batched, N-D @ 2-D (the shared rhs's gradient sums over
# ---- the batch).
case("matmul_2d", "%0 = aig.matmul %a, %b : {0}, {1}", [U(4, 5), U(5, 3)],
     np.matmul)
case("matmul_2d_k1", "%0 = aig.matmul %a, %b : {0}, {1}", [U(4, 1), U(1, 3)],
     np.matmul)
case("matmul_batched_3d", "%0 = aig.matmul %a, %b : {0}, {1}",
     [U(2, 4, 5), U(2, 5, 3)], np.matmul)
case("matmul_batched_4d", "%0 = aig.matmul %a, %b : {0}, {1}",
     [U(2, 3, 4, 5), U(2, 3, 5, 2)], np.matmul)
case("matmul_3d_2d", "%0 = aig.matmul %a, %b : {0}, {1}",
     [U(3, 4, 5), U(5, 2)], np.matmul)
case("matmul_4d_2d", "%0 = aig.matmul %a, %b : {0}, {1}",
     [U(2, 3, 4, 5), U(5, 2)], np.matmul)
case("matmul_rhs_param_only", "%0 = aig.matmul %a, %b : {0}, {1}",
     [U(6, 5), U(5, 3)], np.matmul, params=[1])
case("matmul_f64", "%0 = aig.matmul %a, %b : {0}, {1}",
     [U(4, 5, dtype=np.float64), U(5, 3, dtype=np.float64)], np.matmul)

# ---- Shape ops.
case("broadcast_to", "%0 = aig.broadcast_to %a, [4, 3] : {0}", [U(3)],
     lambda x: np.broadcast_to(x, (4, 3)))
case("broadcast_to_middle", "%0 = aig.broadcast_to %a, [2, 3, 4, 5] : {0}",
     [U(3, 1, 5)], lambda x: np.broadcast_to(x, (2, 3, 4, 5)))
case("broadcast_to_scalar", "%0 = aig.broadcast_to %a, [2, 3] : {0}",
     [np.array(0.5, np.float32)], lambda x: np.broadcast_to(x, (2, 3)))
case("reshape", "%0 = aig.reshape %a, [2, -1] : {0}", [U(4, 3)],
     lambda x: x.reshape(2, -1))
case("reshape_3d", "%0 = aig.reshape %a, [3, 2, 4] : {0}", [U(4, 6)],
     lambda x: x.reshape(3, 2, 4))
case("reshape_to_scalar", "%0 = aig.reshape %a, [] : {0}", [U(1, 1)],
     lambda x: x.reshape(()))
case("transpose_2d", "%0 = aig.transpose %a, [1, 0] : {0}", [U(4, 3)],
     lambda x: x.T)
case("transpose_3d", "%0 = aig.transpose %a, [2, 0, 1] : {0}", [U(2, 3, 4)],
     lambda x: np.transpose(x, (2, 0, 1)))
case("concat_axis1", "%0 = aig.concat %a, %b axis = 1 : {0}, {1}",
     [U(2, 3), U(2, 5)], lambda a, b: np.concatenate([a, b], 1))
case("concat_axis0_three",
     "%0 = aig.concat %a, %b, %c axis = 0 : {0}, {1}, {2}",
     [U(1, 3), U(2, 3), U(4, 3)],
     lambda a, b, c: np.concatenate([a, b, c], 0))
case("concat_negative_axis", "%0 = aig.concat %a, %b axis = -1 : {0}, {1}",
     [U(2, 3, 1), U(2, 3, 2)], lambda a, b: np.concatenate([a, b], -1))
case("concat_same_operand", "%0 = aig.concat %a, %a axis = 0 : {0}, {0}",
     [U(2, 3)], lambda a: np.concatenate([a, a], 0))
case("slice", "%0 = aig.slice %a offsets = [0, 1] sizes = [4, 2] "
     "strides = [1, 1] : {0}", [U(4, 3)],
     lambda x: slc(x, [0, 1], [4, 2]))
case("slice_interior_3d", "%0 = aig.slice %a offsets = [1, 0, 2] "
     "sizes = [2, 3, 3] strides = [1, 1, 1] : {0}", [U(4, 3, 6)],
     lambda x: slc(x, [1, 0, 2], [2, 3, 3]))
case("slice_strided_2d", "%0 = aig.slice %a offsets = [1, 2] sizes = [3, 2] "
     "strides = [2, 4] : {0}", [U(7, 9)],
     lambda x: x[1:7:2, 2:10:4])
case("slice_strided_tail_3d", "%0 = aig.slice %a offsets = [0, 1, 0] "
     "sizes = [2, 2, 3] strides = [3, 2, 1] : {0}", [U(5, 4, 3)],
     lambda x: x[0:6:3, 1:5:2, 0:3])
case("slice_reverse_2d", "%0 = aig.slice %a offsets = [3, 2] sizes = [4, 2] "
     "strides = [-1, 1] : {0}", [U(4, 5)],
     lambda x: x[::-1, 2:4])
case("slice_negative_strided_3d", "%0 = aig.slice %a offsets = [4, 1, 2] "
     "sizes = [2, 2, 3] strides = [-3, 2, -1] : {0}", [U(5, 4, 3)],
     lambda x: x[4::-3, 1:5:2, ::-1])
case("slice_two_overlapping",
     """%0 = aig.slice %a offsets = [0, 0] sizes = [3, 2] strides = [1, 1] : {0}
        %1 = aig.slice %a offsets = [1, 1] sizes = [3, 2] strides = [1, 1] : {0}
        %2 = aig.mul %0, %1 : tensor<3x2xf32>, tensor<3x2xf32>""",
     [U(4, 3)], lambda x: x[0:3, 0:2] * x[1:4, 1:3])

# ---- Reductions over different axes, with and without keepdims.
REDUCE = {"sum": np.sum, "mean": np.mean, "max": np.max}
REDUCE_AXES = {
    "axis1": ((4, 3), [1], False),
    "axis0_keepdims": ((4, 3), [0], True),
    "multi": ((2, 3, 4), [0, 2], False),
    "negative_keepdims": ((2, 3, 4), [-1], True),
    "all": ((2, 3, 4), [0, 1, 2], False),
}
for op, fn in REDUCE.items():
    for kind, (shape, axes, keep) in REDUCE_AXES.items():
        x = distinct(*shape) if op == "max" else U(*shape)
        kd = " keepdims" if keep else ""
        case(f"reduce_{op}_{kind}",
             f"%0 = aig.reduce_{op} %a axes = {axes}{kd} : {{0}}", [x],
             lambda x, fn=fn, axes=tuple(axes), keep=keep:
                 fn(x, axis=axes, keepdims=keep))

# ---- Softmax and log-softmax.
case("softmax_axis1", "%0 = aig.softmax %a axis = 1 : {0}", [U(4, 5)],
     lambda x: softmax(x, 1))
case("softmax_axis0", "%0 = aig.softmax %a axis = 0 : {0}", [U(4, 3)],
     lambda x: softmax(x, 0))
case("softmax_negative_axis_3d", "%0 = aig.softmax %a axis = -2 : {0}",
     [U(2, 3, 4)], lambda x: softmax(x, -2))
case("log_softmax", "%0 = aig.log_softmax %a axis = -1 : {0}", [U(4, 5)],
     lambda x: log_softmax(x, -1))
case("log_softmax_axis0_3d", "%0 = aig.log_softmax %a axis = 0 : {0}",
     [U(3, 2, 4)], lambda x: log_softmax(x, 0))

# ---- Float casts.
case("cast_f32_to_f64", "%0 = aig.cast %a : {0} to f64", [U(4, 3)],
     lambda x: x, out="f64")
case("cast_f64_to_f32",
     """%0 = aig.cast %a : {0} to f32
        %1 = aig.exp %0 : tensor<4x3xf32>""",
     [U(4, 3, dtype=np.float64)], np.exp, out="f32")

# ---- Select: the gradient goes to the two values, summed to their shapes;
# ---- the condition is an input, or computed from inputs that are not params.
case("select", "%0 = aig.select %a, %b, %c : {0}, {1}, {2}",
     [B(4, 3), U(4, 3), U(4, 3)], np.where)
case("select_broadcast", "%0 = aig.select %a, %b, %c : {0}, {1}, {2}",
     [B(4, 3), U(4, 3), U(3)], np.where)
case("select_broadcast_all", "%0 = aig.select %a, %b, %c : {0}, {1}, {2}",
     [B(4, 1, 1), U(3, 1), U(5)], np.where)
case("select_scalar_value", "%0 = aig.select %a, %b, %c : {0}, {1}, {2}",
     [B(2, 3), U(2, 3), np.array(0.25, np.float32)], np.where)
case("select_cond_from_compare",
     """%0 = aig.compare gt, %c, %d : {2}, {3}
        %1 = aig.select %0, %a, %b : tensor<4x3xi1>, {0}, {1}""",
     [U(4, 3), U(1, 3), U(4, 3), U(3)],
     lambda a, b, c, d: np.where(c > d, a, b), params=[0, 1])

# ---- The condition computed from the parameter itself: it carries no
# ---- gradient (zero almost everywhere), the selected value does. A
# ---- hand-written leaky ReLU; S() keeps inputs away from the kink at 0.
case("select_leaky_relu",
     """%zero = aig.constant dense<0.0> : tensor<f32>
        %slope = aig.constant dense<0.1> : tensor<f32>
        %0 = aig.compare gt, %a, %zero : {0}, tensor<f32>
        %1 = aig.mul %a, %slope : {0}, tensor<f32>
        %2 = aig.select %0, %a, %1 : tensor<4x3xi1>, {0}, {0}""",
     [S(4, 3)], lambda x: np.where(x > 0, x, 0.1 * x))

# ---- A value used several times; a parameter the loss does not use.
case("multi_use",
     """%0 = aig.mul %a, %a : {0}, {0}
        %1 = aig.exp %a : {0}
        %2 = aig.add %0, %1 : {0}, {0}""",
     [U(4, 3)], lambda x: x * x + np.exp(x))
case("multi_use_chain",
     """%0 = aig.tanh %a : {0}
        %1 = aig.mul %0, %b : {0}, {1}
        %2 = aig.add %1, %0 : {0}, {0}
        %3 = aig.mul %2, %0 : {0}, {0}""",
     [U(4, 3), U(3)],
     lambda a, b: (np.tanh(a) * b + np.tanh(a)) * np.tanh(a))
case("unused_param", "%0 = aig.exp %a : {0}", [U(4, 3), U(2)],
     lambda a, b: np.exp(a))

# ---- Composites.
case("mlp_cross_entropy",
     """%0 = aig.matmul %a, %b : {0}, {1}
        %1 = aig.add %0, %c : tensor<8x16xf32>, {2}
        %2 = aig.relu %1 : tensor<8x16xf32>
        %3 = aig.matmul %2, %d : tensor<8x16xf32>, {3}
        %4 = aig.add %3, %e : tensor<8x10xf32>, {4}
        %5 = aig.log_softmax %4 axis = 1 : tensor<8x10xf32>
        %6 = aig.one_hot %f num_classes = 10 : {5} to f32
        %7 = aig.mul %5, %6 : tensor<8x10xf32>, tensor<8x10xf32>
        %8 = aig.reduce_sum %7 axes = [0, 1] : tensor<8x10xf32>
        %9 = aig.constant dense<-8.0> : tensor<f32>
        %10 = aig.div %8, %9 : tensor<f32>, tensor<f32>""",
     [U(8, 20, lo=0.0, hi=1.0), U(20, 16, lo=-0.5, hi=0.5),
      U(16, lo=-0.1, hi=0.1), U(16, 10, lo=-0.5, hi=0.5),
      U(10, lo=-0.1, hi=0.1), labels(8, 10)],
     lambda x, w1, b1, w2, b2, l: -(log_softmax(
         np.maximum(x @ w1 + b1, 0) @ w2 + b2, 1) * one_hot(l, 10)).sum() / 8,
     params=[1, 2, 3, 4], weighted=False)


def rnn(x, wx, wh, b, h):
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t, :] @ wx + h @ wh + b)
    return h


# One step of h' = tanh(x_t @ Wx + h @ Wh + b); x is 4x3x5 (batch, time,
# features), x_t its slice at time t. Wx, Wh and b are shared by the three
# steps, so their adjoints are sums over the steps.
RNN_STEP = """%x{t} = aig.slice %a offsets = [0, {t}, 0] sizes = [4, 1, 5] strides = [1, 1, 1] : {{0}}
        %xt{t} = aig.reshape %x{t}, [4, 5] : tensor<4x1x5xf32>
        %u{t} = aig.matmul %xt{t}, %b : tensor<4x5xf32>, {{1}}
        %v{t} = aig.matmul {h}, %c : tensor<4x6xf32>, {{2}}
        %s{t} = aig.add %u{t}, %v{t} : tensor<4x6xf32>, tensor<4x6xf32>
        %z{t} = aig.add %s{t}, %d : tensor<4x6xf32>, {{3}}
        %h{t} = aig.tanh %z{t} : tensor<4x6xf32>
"""
case("rnn_tanh_3_steps",
     "".join(RNN_STEP.format(t=t, h="%e" if t == 0 else f"%h{t - 1}")
             for t in range(3)),
     [U(4, 3, 5), U(5, 6, lo=-0.6, hi=0.6), U(6, 6, lo=-0.6, hi=0.6),
      U(6, lo=-0.2, hi=0.2), U(4, 6, lo=-0.5, hi=0.5)], rnn)
case("vae_kl",
     """%0 = aig.constant dense<1.0> : tensor<f32>
        %1 = aig.add %b, %0 : {1}, tensor<f32>
        %2 = aig.mul %a, %a : {0}, {0}
        %3 = aig.sub %1, %2 : {1}, {0}
        %4 = aig.exp %b : {1}
        %5 = aig.sub %3, %4 : {1}, {1}
        %6 = aig.reduce_sum %5 axes = [0, 1] : {1}
        %7 = aig.constant dense<-0.5> : tensor<f32>
        %8 = aig.mul %6, %7 : tensor<f32>, tensor<f32>""",
     [U(4, 6), U(4, 6)],
     lambda mu, lv: -0.5 * np.sum(1 + lv - mu ** 2 - np.exp(lv)),
     weighted=False)
case("bce_with_logits",
     """%0 = aig.constant dense<0.0> : tensor<f32>
        %1 = aig.maximum %a, %0 : {0}, tensor<f32>
        %2 = aig.mul %a, %b : {0}, {1}
        %3 = aig.sub %1, %2 : {0}, {0}
        %4 = aig.abs %a : {0}
        %5 = aig.neg %4 : {0}
        %6 = aig.exp %5 : {0}
        %7 = aig.log1p %6 : {0}
        %8 = aig.add %3, %7 : {0}, {0}
        %9 = aig.reduce_mean %8 axes = [0, 1] : {0}""",
     [S(8, 4, lo=0.1, hi=4.0), U(8, 4, lo=0.0, hi=1.0)],
     lambda x, t: np.mean(np.maximum(x, 0) - x * t
                          + np.log1p(np.exp(-np.abs(x)))),
     params=[0], weighted=False)
# The VAE's reparameterization (z = mu + eps * exp(logvar / 2), eps a fixed
# input as the in-graph random_normal gives it), a linear decoder and the
# negative ELBO (BCE from logits summed over pixels + KL): the gradient
# reaches mu and logvar through both terms.
case("vae_reparameterized_elbo",
     """%0 = aig.constant dense<0.5> : tensor<f32>
        %1 = aig.mul %b, %0 : {1}, tensor<f32>
        %2 = aig.exp %1 : {1}
        %3 = aig.mul %c, %2 : {2}, {1}
        %z = aig.add %a, %3 : {0}, {1}
        %l = aig.matmul %z, %d : {0}, {3}
        %zero = aig.constant dense<0.0> : tensor<f32>
        %4 = aig.maximum %l, %zero : tensor<4x6xf32>, tensor<f32>
        %5 = aig.mul %l, %e : tensor<4x6xf32>, {4}
        %6 = aig.sub %4, %5 : tensor<4x6xf32>, tensor<4x6xf32>
        %7 = aig.abs %l : tensor<4x6xf32>
        %8 = aig.neg %7 : tensor<4x6xf32>
        %9 = aig.exp %8 : tensor<4x6xf32>
        %10 = aig.log1p %9 : tensor<4x6xf32>
        %bce = aig.add %6, %10 : tensor<4x6xf32>, tensor<4x6xf32>
        %11 = aig.reduce_sum %bce axes = [0, 1] : tensor<4x6xf32>
        %one = aig.constant dense<1.0> : tensor<f32>
        %12 = aig.add %b, %one : {1}, tensor<f32>
        %13 = aig.mul %a, %a : {0}, {0}
        %14 = aig.sub %12, %13 : {1}, {0}
        %15 = aig.exp %b : {1}
        %16 = aig.sub %14, %15 : {1}, {1}
        %17 = aig.reduce_sum %16 axes = [0, 1] : {1}
        %half = aig.constant dense<-0.5> : tensor<f32>
        %kl = aig.mul %17, %half : tensor<f32>, tensor<f32>
        %18 = aig.add %11, %kl : tensor<f32>, tensor<f32>""",
     [U(4, 3, lo=-1, hi=1), U(4, 3, lo=-1, hi=1), U(4, 3), U(3, 6),
      U(4, 6, lo=0.0, hi=1.0)],
     lambda mu, lv, eps, w, x: (
         lambda l: np.sum(np.maximum(l, 0) - l * x
                          + np.log1p(np.exp(-np.abs(l)))))(
         (mu + eps * np.exp(0.5 * lv)) @ w)
     - 0.5 * np.sum(1 + lv - mu ** 2 - np.exp(lv)),
     params=[0, 1, 3], weighted=False)
case("mse_linear",
     """%0 = aig.matmul %a, %b : {0}, {1}
        %1 = aig.add %0, %c : tensor<8x3xf32>, {2}
        %2 = aig.sub %1, %d : tensor<8x3xf32>, {3}
        %3 = aig.mul %2, %2 : tensor<8x3xf32>, tensor<8x3xf32>
        %4 = aig.reduce_mean %3 axes = [0, 1] : tensor<8x3xf32>""",
     [U(8, 5), U(5, 3), U(3), U(8, 3)],
     lambda x, w, b, y: np.mean((x @ w + b - y) ** 2),
     params=[1, 2], weighted=False)
case("layernorm",
     """%0 = aig.reduce_mean %a axes = [-1] keepdims : {0}
        %1 = aig.sub %a, %0 : {0}, tensor<3x1xf32>
        %2 = aig.mul %1, %1 : {0}, {0}
        %3 = aig.reduce_mean %2 axes = [-1] keepdims : {0}
        %4 = aig.constant dense<1.0e-5> : tensor<f32>
        %5 = aig.add %3, %4 : tensor<3x1xf32>, tensor<f32>
        %6 = aig.rsqrt %5 : tensor<3x1xf32>
        %7 = aig.mul %1, %6 : {0}, tensor<3x1xf32>
        %8 = aig.mul %7, %b : {0}, {1}
        %9 = aig.add %8, %c : {0}, {2}""",
     [U(3, 8), U(8), U(8)],
     lambda x, g, b: (x - x.mean(-1, keepdims=True))
     / np.sqrt(x.var(-1, keepdims=True) + 1e-5) * g + b)
case("attention",
     """%0 = aig.transpose %b, [0, 2, 1] : {1}
        %1 = aig.matmul %a, %0 : {0}, tensor<2x4x5xf32>
        %2 = aig.constant dense<0.5> : tensor<f32>
        %3 = aig.mul %1, %2 : tensor<2x5x5xf32>, tensor<f32>
        %4 = aig.softmax %3 axis = -1 : tensor<2x5x5xf32>
        %5 = aig.matmul %4, %c : tensor<2x5x5xf32>, {2}""",
     [U(2, 5, 4, lo=-1, hi=1), U(2, 5, 4, lo=-1, hi=1), U(2, 5, 3)],
     lambda q, k, v: softmax(q @ np.transpose(k, (0, 2, 1)) * 0.5, -1) @ v)
case("gelu_tanh",
     """%0 = aig.pow %a, 3.0 : {0}
        %1 = aig.constant dense<0.044715> : tensor<f32>
        %2 = aig.mul %0, %1 : {0}, tensor<f32>
        %3 = aig.add %a, %2 : {0}, {0}
        %4 = aig.constant dense<0.7978845608> : tensor<f32>
        %5 = aig.mul %3, %4 : {0}, tensor<f32>
        %6 = aig.tanh %5 : {0}
        %7 = aig.constant dense<1.0> : tensor<f32>
        %8 = aig.add %6, %7 : {0}, tensor<f32>
        %9 = aig.mul %a, %8 : {0}, {0}
        %10 = aig.constant dense<0.5> : tensor<f32>
        %11 = aig.mul %9, %10 : {0}, tensor<f32>""",
     [U(4, 6)],
     lambda x: 0.5 * x * (1 + np.tanh(0.7978845608 * (x + 0.044715 * x**3))))
case("softmax_then_log_nll",
     """%0 = aig.softmax %a axis = 1 : {0}
        %1 = aig.log %0 : {0}
        %2 = aig.one_hot %b num_classes = 5 : {1} to f32
        %3 = aig.mul %1, %2 : {0}, tensor<6x5xf32>
        %4 = aig.reduce_sum %3 axes = [1] : {0}
        %5 = aig.reduce_mean %4 axes = [0] : tensor<6xf32>
        %6 = aig.neg %5 : tensor<f32>""",
     [U(6, 5), labels(6, 5)],
     lambda x, l: -(np.log(softmax(x, 1)) * one_hot(l, 5)).sum(1).mean(),
     weighted=False)
case("max_pool_like",
     """%0 = aig.reshape %a, [2, 3, 2] : {0}
        %1 = aig.reduce_max %0 axes = [2] : tensor<2x3x2xf32>
        %2 = aig.sigmoid %1 : tensor<2x3xf32>""",
     [distinct(2, 6)], lambda x: sigmoid(x.reshape(2, 3, 2).max(2)))


# ---- Gather: the table's gradient sums the adjoint of every lookup of a
# ---- row (indices repeat here); the indices carry none.
def take_grad_case(name, table, idx, axis):
    case(name, f"%0 = aig.gather %a[%b] axis = {axis} : {{0}}, {{1}}",
         [table, idx], lambda t, i: np.take(t, i, axis=axis), params=[0])


take_grad_case("gather_embedding_repeated_rows", U(6, 4),
               np.array([[0, 5, 5], [2, 0, 5]], np.int64), 0)
take_grad_case("gather_middle_axis", U(2, 5, 3),
               np.array([4, 1, 1, 0], np.int32), 1)


# ---- Loops: aig.scan differentiated into a reversed scan (backpropagation
# ---- through time). The weights are captured from outside the body, so their
# ---- gradients are summed over the steps; the initial carry is a parameter.
def rnn_ref(x, w, u, h0, axis=0, reverse=False):
    xs = np.moveaxis(x, axis, 0)
    h, hs = h0, [None] * xs.shape[0]
    steps = range(xs.shape[0])
    for t in (reversed(steps) if reverse else steps):
        h = np.tanh(xs[t] @ w + h @ u)
        hs[t] = h
    return h, np.moveaxis(np.stack(hs), 0, axis)


case("scan_tanh_rnn_stacked",
     """%h, %hs = aig.scan length = 5 axis = 0 carry(%d : {3}) over(%a : {0}) {{
        ^bb0(%t: tensor<i64>, %hp: {3}, %xt: tensor<2x3xf32>):
          %0 = aig.matmul %xt, %b : tensor<2x3xf32>, {1}
          %1 = aig.matmul %hp, %c : {3}, {2}
          %2 = aig.add %0, %1 : {3}, {3}
          %3 = aig.tanh %2 : {3}
          aig.yield %3, %3 : {3}, {3}
        }} -> ({3}, tensor<5x2x4xf32>)
        %y = aig.add %hs, %h : tensor<5x2x4xf32>, {3}""",
     [U(5, 2, 3, lo=-1, hi=1), U(3, 4, lo=-1, hi=1), U(4, 4, lo=-1, hi=1),
      U(2, 4, lo=-1, hi=1)],
     lambda x, w, u, h0: (lambda r: r[1] + r[0])(rnn_ref(x, w, u, h0)),
     params=[0, 1, 2, 3])
case("scan_reverse_batch_major_captured_product",
     """%w2 = aig.mul %b, %b : {1}, {1}
        %h, %hs = aig.scan length = 4 axis = 1 reverse carry(%d : {3})
            over(%a : {0}) {{
        ^bb0(%t: tensor<i64>, %hp: {3}, %xt: tensor<2x3xf32>):
          %0 = aig.matmul %xt, %w2 : tensor<2x3xf32>, {1}
          %1 = aig.matmul %hp, %c : {3}, {2}
          %2 = aig.add %0, %1 : {3}, {3}
          %3 = aig.tanh %2 : {3}
          %tf = aig.cast %t : tensor<i64> to f32
          %4 = aig.mul %3, %tf : {3}, tensor<f32>
          aig.yield %3, %4 : {3}, {3}
        }} -> ({3}, tensor<2x4x4xf32>)
        %y = aig.sigmoid %hs : tensor<2x4x4xf32>""",
     [U(2, 4, 3, lo=-1, hi=1), U(3, 4, lo=-1, hi=1), U(4, 4, lo=-1, hi=1),
      U(2, 4, lo=-1, hi=1)],
     lambda x, w, u, h0: sigmoid(
         rnn_ref(x, w * w, u, h0, axis=1, reverse=True)[1]
         * np.arange(4).reshape(1, 4, 1)),
     params=[1, 2, 3])


# ---- The LSTM and GRU cells in a scan (PyTorch's equations, gates packed
# ---- i, f, g, o and r, z, n as aicc::recurrentStep builds them), H = 3:
# ---- gradients of every weight, the biases and the initial state.
def gate_slices(name, g, h, n):
    return "\n".join(
        f"%{name}{k} = aig.slice {g} offsets = [0, {k * h}] sizes = [2, {h}] "
        f"strides = [1, 1] : tensor<2x{n * h}xf32>" for k in range(n))


LSTM_BODY = """%hf, %cf, %hs = aig.scan length = 4 axis = 0 carry(%d, %e : {3}, {4})
    over(%a : {0}) {{
^bb0(%t: tensor<i64>, %hp: {3}, %cp: {4}, %xt: tensor<2x2xf32>):
  %0 = aig.matmul %xt, %b : tensor<2x2xf32>, {1}
  %1 = aig.matmul %hp, %c : {3}, {2}
  %2 = aig.add %0, %1 : tensor<2x12xf32>, tensor<2x12xf32>
  %g = aig.add %2, %f : tensor<2x12xf32>, {5}
  """ + gate_slices("q", "%g", 3, 4) + """
  %i = aig.sigmoid %q0 : tensor<2x3xf32>
  %fg = aig.sigmoid %q1 : tensor<2x3xf32>
  %cc = aig.tanh %q2 : tensor<2x3xf32>
  %o = aig.sigmoid %q3 : tensor<2x3xf32>
  %3 = aig.mul %fg, %cp : tensor<2x3xf32>, {4}
  %4 = aig.mul %i, %cc : tensor<2x3xf32>, tensor<2x3xf32>
  %cn = aig.add %3, %4 : tensor<2x3xf32>, tensor<2x3xf32>
  %5 = aig.tanh %cn : tensor<2x3xf32>
  %hn = aig.mul %o, %5 : tensor<2x3xf32>, tensor<2x3xf32>
  aig.yield %hn, %cn, %hn : {3}, {4}, {3}
}} -> ({3}, {4}, tensor<4x2x3xf32>)
%6 = aig.add %hs, %cf : tensor<4x2x3xf32>, {4}"""


def lstm_ref(x, w, u, h0, c0, b):
    h, c, hs = h0, c0, []
    for t in range(x.shape[0]):
        g = x[t] @ w + h @ u + b
        i, f, cc, o = (g[:, k * 3:(k + 1) * 3] for k in range(4))
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(cc)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
    return np.stack(hs) + c


case("scan_lstm_cell", LSTM_BODY,
     [U(4, 2, 2, lo=-1, hi=1), U(2, 12, lo=-1, hi=1), U(3, 12, lo=-1, hi=1),
      U(2, 3, lo=-1, hi=1), U(2, 3, lo=-1, hi=1), U(12, lo=-1, hi=1)],
     lstm_ref)

GRU_BODY = """%h, %hs = aig.scan length = 4 axis = 0 carry(%d : {3})
    over(%a : {0}) {{
^bb0(%t: tensor<i64>, %hp: {3}, %xt: tensor<2x2xf32>):
  %0 = aig.matmul %xt, %b : tensor<2x2xf32>, {1}
  %xp = aig.add %0, %e : tensor<2x9xf32>, {4}
  %1 = aig.matmul %hp, %c : {3}, {2}
  %hq = aig.add %1, %f : tensor<2x9xf32>, {5}
  """ + gate_slices("x", "%xp", 3, 3) + """
  """ + gate_slices("y", "%hq", 3, 3) + """
  %2 = aig.add %x0, %y0 : tensor<2x3xf32>, tensor<2x3xf32>
  %r = aig.sigmoid %2 : tensor<2x3xf32>
  %3 = aig.add %x1, %y1 : tensor<2x3xf32>, tensor<2x3xf32>
  %z = aig.sigmoid %3 : tensor<2x3xf32>
  %4 = aig.mul %r, %y2 : tensor<2x3xf32>, tensor<2x3xf32>
  %5 = aig.add %x2, %4 : tensor<2x3xf32>, tensor<2x3xf32>
  %n = aig.tanh %5 : tensor<2x3xf32>
  %6 = aig.sub %hp, %n : {3}, tensor<2x3xf32>
  %7 = aig.mul %z, %6 : tensor<2x3xf32>, tensor<2x3xf32>
  %hn = aig.add %n, %7 : tensor<2x3xf32>, tensor<2x3xf32>
  aig.yield %hn, %hn : {3}, {3}
}} -> ({3}, tensor<4x2x3xf32>)
%8 = aig.mul %hs, %hs : tensor<4x2x3xf32>, tensor<4x2x3xf32>"""


def gru_ref(x, w, u, h0, bi, bh):
    h, hs = h0, []
    for t in range(x.shape[0]):
        xp, hq = x[t] @ w + bi, h @ u + bh
        xr, xz, xn = (xp[:, k * 3:(k + 1) * 3] for k in range(3))
        hr, hz, hn = (hq[:, k * 3:(k + 1) * 3] for k in range(3))
        r, z = sigmoid(xr + hr), sigmoid(xz + hz)
        n = np.tanh(xn + r * hn)
        h = n + z * (h - n)
        hs.append(h)
    return np.stack(hs) ** 2


case("scan_gru_cell", GRU_BODY,
     [U(4, 2, 2, lo=-1, hi=1), U(2, 9, lo=-1, hi=1), U(3, 9, lo=-1, hi=1),
      U(2, 3, lo=-1, hi=1), U(9, lo=-1, hi=1), U(9, lo=-1, hi=1)],
     gru_ref)


# --------------------------------------------------------------------------
# Running and comparing
# --------------------------------------------------------------------------

def compare(actual, expected, rtol, atol):
    """None if `actual` matches `expected`, else the reason (with the maximum
    absolute and relative errors)."""
    if actual.shape != expected.shape:
        return f"shape {actual.shape}, expected {expected.shape}"
    return harness.float_mismatch(actual, expected, rtol, atol)


def run_case(c, aicc, workdir):
    inputs = c.inputs + ([c.weight] if c.weighted else [])
    result, why = harness.run_aicc(aicc, os.path.join(workdir, c.name),
                                   c.mlir(), inputs,
                                   ["--autodiff", "--entry", "loss_grad"])
    if why:
        return why

    loss = result(0)
    if loss is None:
        return "missing result0.npy (the loss)"
    why = compare(loss, np.asarray(c.loss(c.inputs64())), LOSS_RTOL,
                  LOSS_ATOL)
    if why:
        return f"loss: {why}"
    for k, i in enumerate(c.params):
        grad = result(k + 1)
        if grad is None:
            return f"missing result{k + 1}.npy (gradient of input {i})"
        if grad.dtype != c.inputs[i].dtype:
            return (f"gradient of input {i}: dtype {grad.dtype}, expected "
                    f"{c.inputs[i].dtype}")
        fd = c.finite_differences(i, EPS)
        fd_half = c.finite_differences(i, EPS / 2)
        if not np.allclose(fd, fd_half, rtol=GRAD_RTOL / 10,
                           atol=GRAD_ATOL / 10):
            return (f"finite differences of input {i} are unstable (an "
                    f"input near a kink?): fix the case's inputs")
        why = compare(grad, fd, GRAD_RTOL, GRAD_ATOL)
        if why:
            return f"gradient of input {i}: {why}"
    if result(len(c.params) + 1) is not None:
        return f"more than {len(c.params) + 1} results"
    return None


if __name__ == "__main__":
    sys.exit(harness.main(__doc__, CASES, run_case))
