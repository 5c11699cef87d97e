#!/usr/bin/python3
"""Numerical checks of every aig op against NumPy.

Each case is an aig function `@f`, its inputs (from a seeded RNG) and a NumPy
reference. The case is run with `aicc run` and the results are compared with
the reference: floats with np.allclose(rtol=1e-5, atol=1e-6), integers and
booleans exactly; shape and dtype must match too.

    check_ops.py --aicc PATH --workdir DIR [--only SUBSTR]

Prints `PASS <name>` or `FAIL <name>: <reason>` per case, then
`SUMMARY passed=N failed=M`; exits 1 if any case failed.

Writing a case
--------------
    case(name, body, inputs, ref, out=None)

* `body`: the ops of `@f`, one per line. The arguments are %a, %b, %c, ... in
  the order of `inputs`; `{0}`, `{1}`, ... stand for the tensor types of the
  inputs. The function returns the value defined by the last line, unless the
  body ends with its own `return %x, %y` (no types: they are added).
* `inputs`: NumPy arrays, their dtype giving the argument's element type.
* `ref(*inputs)`: the NumPy reference, returning an array or a tuple of
  arrays. Float inputs are passed to it as float64 so that the reference is
  accurate; its results are cast to the expected result element type.
* `out`: the expected element type of the result(s) ('f32', 'i1', ...), or a
  tuple of them. By default: i1 for a bool reference; for an integer
  reference, NumPy's dtype; for a float reference, the widest float type among
  the inputs.
The function signature is derived from the inputs and the reference results.
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aicc_harness as harness  # noqa: E402
from aicc_harness import DTYPES, ELEM, ty_of  # noqa: E402

RTOL, ATOL = 1e-5, 1e-6


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------

rng = np.random.default_rng(20240601)


def U(*shape, lo=-3.0, hi=3.0, dtype=np.float32):
    """Uniform floats in [lo, hi)."""
    return np.asarray(rng.uniform(lo, hi, size=shape), dtype=dtype)


def P(*shape, lo=0.1, hi=3.0, dtype=np.float32):
    """Positive floats, for log, sqrt, rsqrt, pow and div denominators."""
    return U(*shape, lo=lo, hi=hi, dtype=dtype)


def I(*shape, lo=-50, hi=50, dtype=np.int32):
    """Uniform integers in [lo, hi)."""
    return np.asarray(rng.integers(lo, hi, size=shape), dtype=dtype)


def Q(*shape, dtype=np.float32):
    """Floats from a small set of integers, so that comparisons hit ties."""
    return np.asarray(rng.integers(-2, 3, size=shape), dtype=dtype)


def D(*shape, dtype=np.float32):
    """Multiples of 1/16 in [-3, 3]: products and sums of up to a few thousand
    of them are exact in f32, so a result does not depend on the order of
    accumulation (for contractions whose outputs may cancel to near 0)."""
    return np.asarray(rng.integers(-48, 49, size=shape) / 16, dtype=dtype)


def B(*shape):
    """Random booleans."""
    return np.asarray(rng.integers(0, 2, size=shape), dtype=np.bool_)


# --------------------------------------------------------------------------
# Case table
# --------------------------------------------------------------------------

CASES = []


class Case:
    def __init__(self, name, body, inputs, ref, out):
        self.name, self.body, self.inputs = name, body, inputs
        args = [a.astype(np.float64) if a.dtype.kind == "f" else a
                for a in inputs]
        with np.errstate(all="ignore"):
            res = ref(*args)
        res = list(res) if isinstance(res, tuple) else [res]
        if out is None:
            out = [default_out(r, inputs) for r in res]
        elif isinstance(out, str):
            out = [out] * len(res)
        self.expected = [np.asarray(r).astype(DTYPES[o])
                         for r, o in zip(res, out)]

    def mlir(self):
        args = ", ".join(f"%{chr(ord('a') + i)}: {ty_of(a)}"
                         for i, a in enumerate(self.inputs))
        rtypes = [ty_of(e) for e in self.expected]
        lines = [l.strip() for l in
                 self.body.format(*map(ty_of, self.inputs)).splitlines()]
        lines = [l for l in lines if l]
        if lines[-1].startswith("return"):
            ret = lines.pop()[len("return"):].strip()
        else:
            ret = lines[-1].split("=")[0].strip()
        lines.append(f"return {ret} : {', '.join(rtypes)}")
        results = rtypes[0] if len(rtypes) == 1 else f"({', '.join(rtypes)})"
        body = "".join(f"  {l}\n" for l in lines)
        return f"func.func @f({args}) -> {results} {{\n{body}}}\n"


def default_out(r, inputs):
    r = np.asarray(r)
    if r.dtype == np.bool_:
        return "i1"
    if r.dtype.kind in "iu":
        return ELEM[r.dtype]
    floats = [a.dtype for a in inputs if a.dtype.kind == "f"]
    return "f64" if np.dtype(np.float64) in floats else "f32"


def case(name, body, inputs, ref, out=None):
    assert all(c.name != name for c in CASES), f"duplicate case {name}"
    CASES.append(Case(name, body, inputs, ref, out))


# ---- Broadcasting binary ops: same shapes, trailing broadcast, both sides,
# ---- rank-0 operand (on either side).
BINARY = {
    "add": np.add, "sub": np.subtract, "mul": np.multiply,
    "div": np.divide, "maximum": np.maximum, "minimum": np.minimum,
}
BCAST = {
    "same": ((4, 3), (4, 3)),
    "trailing": ((4, 3), (3,)),
    "leading1": ((2, 1, 4), (2, 3, 4)),
    "both": ((4, 1), (1, 3)),
    "rank_diff_both": ((5, 1, 3), (4, 1)),
    "scalar_rhs": ((2, 3, 4), ()),
    "scalar_lhs": ((), (2, 3, 4)),
}
for op, fn in BINARY.items():
    for kind, (sa, sb) in BCAST.items():
        rhs = P(*sb) if op == "div" else U(*sb)
        case(f"{op}_{kind}", f"%0 = aig.{op} %a, %b : {{0}}, {{1}}",
             [U(*sa), rhs], fn)
case("add_f64", "%0 = aig.add %a, %b : {0}, {1}",
     [U(4, 3, dtype=np.float64), U(3, dtype=np.float64)], np.add)
case("maximum_ties", "%0 = aig.maximum %a, %b : {0}, {1}",
     [Q(4, 3), Q(3)], np.maximum)

# ---- Integer elementwise ops.
case("add_i32", "%0 = aig.add %a, %b : {0}, {1}", [I(4, 3), I(3)], np.add)
case("sub_i32", "%0 = aig.sub %a, %b : {0}, {1}", [I(4, 1), I(1, 3)],
     np.subtract)
case("mul_i32", "%0 = aig.mul %a, %b : {0}, {1}", [I(4, 3), I(4, 3)],
     np.multiply)
case("maximum_i32", "%0 = aig.maximum %a, %b : {0}, {1}",
     [I(2, 3, 4), I(dtype=np.int32)], np.maximum)
case("minimum_i32", "%0 = aig.minimum %a, %b : {0}, {1}", [I(4, 3), I(3)],
     np.minimum)
# Truncating (C-style) signed division; numpy's // floors, so use trunc.
case("div_i32", "%0 = aig.div %a, %b : {0}, {1}",
     [I(4, 3), np.array([-7, 3, 5], np.int32)],
     lambda a, b: (np.trunc(a / b)).astype(np.int32))


def trunc_div(a, b):
    """aig.div on integers: truncates; x / 0 = 0; INT_MIN / -1 = INT_MIN."""
    a64, b64 = a.astype(np.int64), b.astype(np.int64)
    safe = np.where(b64 == 0, 1, b64)
    q = np.abs(a64) // np.abs(safe) * np.sign(a64) * np.sign(safe)
    q = np.where(b64 == 0, 0, q)
    info = np.iinfo(a.dtype)
    return np.where(q > info.max, info.min, q).astype(a.dtype)


# No integer division traps: by zero, and the one overflowing quotient.
for dt in (np.int8, np.int32, np.int64):
    lo = np.iinfo(dt).min
    case(f"div_{np.dtype(dt).name}_no_trap", "%0 = aig.div %a, %b : {0}, {1}",
         [np.array([7, -7, 0, lo, lo, lo, 5, -6], dt),
          np.array([0, 0, 0, 0, -1, 1, -2, 4], dt)], trunc_div)
case("add_i64", "%0 = aig.add %a, %b : {0}, {1}",
     [I(4, 3, dtype=np.int64), I(1, 3, dtype=np.int64)], np.add)
case("mul_i8", "%0 = aig.mul %a, %b : {0}, {1}",
     [I(4, 3, lo=-10, hi=10, dtype=np.int8),
      I(3, lo=-10, hi=10, dtype=np.int8)], np.multiply)
case("neg_i32", "%0 = aig.neg %a : {0}", [I(4, 3)], np.negative)

# ---- Gather (np.take): an embedding lookup, an axis in the middle, 2-D
# ---- indices of several integer types, a rank-0 index.
case("gather_rows", "%0 = aig.gather %a[%b] axis = 0 : {0}, {1}",
     [U(7, 5), I(6, lo=0, hi=7, dtype=np.int64)],
     lambda t, i: np.take(t, i, axis=0))
case("gather_middle_axis_2d_indices",
     "%0 = aig.gather %a[%b] axis = 1 : {0}, {1}",
     [U(2, 9, 3), I(4, 5, lo=0, hi=9)], lambda t, i: np.take(t, i, axis=1))
case("gather_last_axis_i8", "%0 = aig.gather %a[%b] axis = 2 : {0}, {1}",
     [U(2, 3, 4), I(3, lo=0, hi=4, dtype=np.int8)],
     lambda t, i: np.take(t, i, axis=2))
case("gather_scalar_index_i64_table",
     "%0 = aig.gather %a[%b] axis = 0 : {0}, {1}",
     [I(5, 3, dtype=np.int64), np.array(3, np.int32)],
     lambda t, i: np.take(t, i, axis=0))

def scatter_add_ref(updates, indices, rows):
    out = np.zeros((rows, updates.shape[1]), np.float64)
    for k, i in enumerate(indices):
        if 0 <= i < rows:
            out[i] += updates[k]
    return out


# Repeated indices add up; an index outside [0, rows) adds nothing.
case("scatter_add_repeats_and_out_of_range",
     "%0 = aig.scatter_add %a[%b] rows = 5 : {0}, {1}",
     [U(7, 3), np.array([4, 0, 4, 9, -1, 2, 4], np.int64)],
     lambda u, i: scatter_add_ref(u, i, 5))

# ---- Unary float ops.
case("neg", "%0 = aig.neg %a : {0}", [U(4, 3)], np.negative)
case("exp", "%0 = aig.exp %a : {0}", [U(4, 3)], np.exp)
case("exp_large", "%0 = aig.exp %a : {0}",
     [np.array([80.0, 60.0, -80.0, -100.0, 0.0, 1e-3], np.float32)], np.exp)
case("exp_f64", "%0 = aig.exp %a : {0}", [U(4, 3, dtype=np.float64)], np.exp)
case("log", "%0 = aig.log %a : {0}", [P(4, 3)], np.log)
case("log_wide", "%0 = aig.log %a : {0}",
     [np.array([1e-6, 0.5, 1.0, 2.0, 1e3, 1e30], np.float32)], np.log)
case("tanh", "%0 = aig.tanh %a : {0}", [U(4, 3)], np.tanh)
case("tanh_wide", "%0 = aig.tanh %a : {0}",
     [np.array([-80.0, -10.0, -1e-3, 0.0, 1e-4, 0.5, 10.0, 80.0],
               np.float32)], np.tanh)
case("sigmoid", "%0 = aig.sigmoid %a : {0}", [U(4, 3)],
     lambda x: 1 / (1 + np.exp(-x)))
case("sigmoid_wide", "%0 = aig.sigmoid %a : {0}",
     [np.array([-80.0, -20.0, 0.0, 20.0, 80.0, 100.0], np.float32)],
     lambda x: 1 / (1 + np.exp(-x)))
case("relu", "%0 = aig.relu %a : {0}",
     [np.concatenate([U(10), np.zeros(2, np.float32)])],
     lambda x: np.maximum(x, 0))
case("sqrt", "%0 = aig.sqrt %a : {0}",
     [np.concatenate([P(4, 3).ravel(), [0.0, 1e4]]).astype(np.float32)],
     np.sqrt)
case("rsqrt", "%0 = aig.rsqrt %a : {0}", [P(4, 3)], lambda x: 1 / np.sqrt(x))
case("neg_scalar", "%0 = aig.neg %a : {0}",
     [np.array(1.5, np.float32)], np.negative)

# ---- pow (2.0, 0.5, -0.5 are canonicalized to mul, sqrt, rsqrt).
for tag, e in [("3", 3.0), ("2", 2.0), ("0_5", 0.5), ("m0_5", -0.5),
               ("1_5", 1.5), ("m1", -1.0), ("1", 1.0), ("0", 0.0)]:
    case(f"pow_{tag}", f"%0 = aig.pow %a, {e!r} : {{0}}", [P(4, 3)],
         lambda x, e=e: x ** e)
case("pow_3_negative_base", "%0 = aig.pow %a, 3.0 : {0}", [U(4, 3)],
     lambda x: x ** 3)
case("pow_2_negative_base", "%0 = aig.pow %a, 2.0 : {0}", [U(4, 3)],
     lambda x: x ** 2)

# ---- Matmul. Random floats in matmul_2d (and the composites below); the others
# ---- use D() so that the result is exact whatever the summation order.
case("matmul_2d", "%0 = aig.matmul %a, %b : {0}, {1}",
     [U(4, 5), U(5, 3)], np.matmul)
# Fewer rows than the kernel's row block: wider column blocks, then one
# vector, then the columns left (MatmulMicroKernel.cpp).
case("matmul_one_row", "%0 = aig.matmul %a, %b : {0}, {1}",
     [U(1, 37, lo=-1, hi=1), U(37, 300, lo=-1, hi=1)], np.matmul)
case("matmul_one_row_113", "%0 = aig.matmul %a, %b : {0}, {1}",
     [U(1, 256, lo=-0.5, hi=0.5), U(256, 113, lo=-0.5, hi=0.5)], np.matmul)
case("matmul_three_rows", "%0 = aig.matmul %a, %b : {0}, {1}",
     [U(3, 5), U(5, 129)], np.matmul)
case("matmul_2d_k1", "%0 = aig.matmul %a, %b : {0}, {1}",
     [D(4, 1), D(1, 3)], np.matmul)
case("matmul_batched_3d", "%0 = aig.matmul %a, %b : {0}, {1}",
     [D(2, 4, 5), D(2, 5, 3)], np.matmul)
case("matmul_batched_4d", "%0 = aig.matmul %a, %b : {0}, {1}",
     [D(2, 3, 4, 5), D(2, 3, 5, 6)], np.matmul)
case("matmul_3d_2d", "%0 = aig.matmul %a, %b : {0}, {1}",
     [D(3, 4, 5), D(5, 2)], np.matmul)
case("matmul_4d_2d", "%0 = aig.matmul %a, %b : {0}, {1}",
     [D(2, 3, 4, 5), D(5, 2)], np.matmul)
case("matmul_f64", "%0 = aig.matmul %a, %b : {0}, {1}",
     [U(6, 7, dtype=np.float64), U(7, 5, dtype=np.float64)], np.matmul)
case("matmul_i32", "%0 = aig.matmul %a, %b : {0}, {1}",
     [I(4, 5), I(5, 3)], np.matmul)
case("matmul_large_exact", "%0 = aig.matmul %a, %b : {0}, {1}",
     [D(16, 784), D(784, 256)], np.matmul)

# ---- Shape ops.
case("broadcast_to", "%0 = aig.broadcast_to %a, [4, 3] : {0}", [U(3)],
     lambda x: np.broadcast_to(x, (4, 3)))
case("broadcast_to_middle", "%0 = aig.broadcast_to %a, [2, 3, 4, 5] : {0}",
     [U(3, 1, 5)], lambda x: np.broadcast_to(x, (2, 3, 4, 5)))
case("broadcast_to_scalar", "%0 = aig.broadcast_to %a, [2, 3] : {0}",
     [np.array(2.5, np.float32)], lambda x: np.broadcast_to(x, (2, 3)))
case("reshape", "%0 = aig.reshape %a, [2, -1] : {0}", [U(4, 3)],
     lambda x: x.reshape(2, -1))
case("reshape_3d", "%0 = aig.reshape %a, [3, 2, 4] : {0}", [U(4, 6)],
     lambda x: x.reshape(3, 2, 4))
case("reshape_to_scalar", "%0 = aig.reshape %a, [] : {0}", [U(1, 1)],
     lambda x: x.reshape(()))
case("transpose_2d", "%0 = aig.transpose %a, [1, 0] : {0}", [U(4, 3)],
     lambda x: np.transpose(x, (1, 0)))
case("transpose_3d", "%0 = aig.transpose %a, [2, 0, 1] : {0}", [U(2, 3, 4)],
     lambda x: np.transpose(x, (2, 0, 1)))
case("transpose_4d", "%0 = aig.transpose %a, [0, 2, 3, 1] : {0}",
     [U(2, 3, 4, 5)], lambda x: np.transpose(x, (0, 2, 3, 1)))
case("concat_axis1", "%0 = aig.concat %a, %b axis = 1 : {0}, {1}",
     [U(2, 3), U(2, 5)], lambda a, b: np.concatenate([a, b], 1))
case("concat_axis0_three", "%0 = aig.concat %a, %b, %c axis = 0 : {0}, {1}, {2}",
     [U(1, 3), U(2, 3), U(4, 3)], lambda a, b, c: np.concatenate([a, b, c], 0))
case("concat_negative_axis", "%0 = aig.concat %a, %b axis = -1 : {0}, {1}",
     [U(2, 3, 1), U(2, 3, 2)], lambda a, b: np.concatenate([a, b], -1))
case("concat_i32", "%0 = aig.concat %a, %b axis = 0 : {0}, {1}",
     [I(2, 3), I(1, 3)], lambda a, b: np.concatenate([a, b], 0))


def slc(x, offsets, sizes, strides):
    # Explicit indices: a Python slice with a negative stride ending at -1
    # would wrap around.
    return x[np.ix_(*[o + st * np.arange(s)
                      for o, s, st in zip(offsets, sizes, strides)])]


case("slice", "%0 = aig.slice %a offsets = [0, 1] sizes = [4, 2] "
     "strides = [1, 1] : {0}", [U(4, 3)],
     lambda x: slc(x, [0, 1], [4, 2], [1, 1]))
case("slice_strided", "%0 = aig.slice %a offsets = [1, 0, 2] "
     "sizes = [2, 3, 2] strides = [2, 2, 3] : {0}", [U(5, 6, 7)],
     lambda x: slc(x, [1, 0, 2], [2, 3, 2], [2, 2, 3]))
case("slice_reverse", "%0 = aig.slice %a offsets = [3, 0] "
     "sizes = [4, 3] strides = [-1, 1] : {0}", [U(4, 3)],
     lambda x: x[::-1, :])
case("slice_negative_strided", "%0 = aig.slice %a offsets = [4, 1, 6] "
     "sizes = [2, 3, 3] strides = [-3, 2, -2] : {0}", [U(5, 6, 7)],
     lambda x: slc(x, [4, 1, 6], [2, 3, 3], [-3, 2, -2]))
case("slice_negative_i32", "%0 = aig.slice %a offsets = [1, 2] "
     "sizes = [2, 2] strides = [-1, -2] : {0}", [I(2, 3)],
     lambda x: x[1::-1, 2::-2])
case("slice_then_exp",
     """%0 = aig.slice %a offsets = [1, 1] sizes = [3, 2] strides = [1, 1] : {0}
        %1 = aig.exp %0 : tensor<3x2xf32>""",
     [U(4, 3)], lambda x: np.exp(x[1:4, 1:3]))
case("concat_axis1_then_relu",
     """%0 = aig.concat %a, %b axis = 1 : {0}, {1}
        %1 = aig.relu %0 : tensor<2x8xf32>""",
     [U(2, 3), U(2, 5)], lambda a, b: np.maximum(np.concatenate([a, b], 1), 0))

# ---- Reductions.
case("reduce_sum_axis1", "%0 = aig.reduce_sum %a axes = [1] : {0}",
     [U(4, 3)], lambda x: x.sum(1))
case("reduce_sum_axis0", "%0 = aig.reduce_sum %a axes = [0] : {0}",
     [U(4, 3)], lambda x: x.sum(0))
case("reduce_sum_multi", "%0 = aig.reduce_sum %a axes = [0, 2] : {0}",
     [U(2, 3, 4)], lambda x: x.sum((0, 2)))
case("reduce_sum_keepdims", "%0 = aig.reduce_sum %a axes = [0, 2] keepdims "
     ": {0}", [U(2, 3, 4)], lambda x: x.sum((0, 2), keepdims=True))
case("reduce_sum_all", "%0 = aig.reduce_sum %a axes = [0, 1, 2] : {0}",
     [U(2, 3, 4)], lambda x: x.sum())
case("reduce_sum_all_keepdims", "%0 = aig.reduce_sum %a axes = [0, 1] "
     "keepdims : {0}", [U(4, 3)], lambda x: x.sum(keepdims=True))
case("reduce_sum_negative_axis", "%0 = aig.reduce_sum %a axes = [-1] : {0}",
     [U(2, 3, 4)], lambda x: x.sum(-1))
case("reduce_sum_unsorted_axes", "%0 = aig.reduce_sum %a axes = [2, 0] : {0}",
     [U(2, 3, 4)], lambda x: x.sum((0, 2)))
case("reduce_sum_large", "%0 = aig.reduce_sum %a axes = [1] : {0}",
     [P(8, 1000, lo=0.0, hi=1.0)], lambda x: x.sum(1))
case("reduce_sum_i64", "%0 = aig.reduce_sum %a axes = [1] : {0}",
     [I(4, 3, dtype=np.int64)], lambda x: x.sum(1))
case("reduce_sum_i32_all", "%0 = aig.reduce_sum %a axes = [0, 1] : {0}",
     [I(4, 3)], lambda x: x.sum(), out="i32")
case("reduce_mean_axis1", "%0 = aig.reduce_mean %a axes = [1] : {0}",
     [U(4, 3)], lambda x: x.mean(1))
case("reduce_mean_multi_keepdims", "%0 = aig.reduce_mean %a axes = [0, -1] "
     "keepdims : {0}", [U(2, 3, 4)], lambda x: x.mean((0, 2), keepdims=True))
case("reduce_mean_all", "%0 = aig.reduce_mean %a axes = [0, 1] : {0}",
     [U(4, 3)], lambda x: x.mean())
case("reduce_max_axis1", "%0 = aig.reduce_max %a axes = [1] : {0}",
     [U(4, 3)], lambda x: x.max(1))
case("reduce_max_negative_keepdims", "%0 = aig.reduce_max %a axes = [-2] "
     "keepdims : {0}", [U(2, 3, 4)], lambda x: x.max(-2, keepdims=True))
case("reduce_max_all", "%0 = aig.reduce_max %a axes = [0, 1, 2] : {0}",
     [U(2, 3, 4)], lambda x: x.max())
case("reduce_max_all_negative", "%0 = aig.reduce_max %a axes = [0, 1] : {0}",
     [U(4, 3, lo=-90.0, hi=-80.0)], lambda x: x.max())
case("reduce_max_i32", "%0 = aig.reduce_max %a axes = [0] : {0}",
     [I(4, 3)], lambda x: x.max(0))

# ---- Softmax and log-softmax (large logits check the max subtraction).
def softmax(x, axis):
    e = np.exp(x - x.max(axis, keepdims=True))
    return e / e.sum(axis, keepdims=True)


def log_softmax(x, axis):
    s = x - x.max(axis, keepdims=True)
    return s - np.log(np.exp(s).sum(axis, keepdims=True))


case("softmax_axis1", "%0 = aig.softmax %a axis = 1 : {0}", [U(4, 10)],
     lambda x: softmax(x, 1))
case("softmax_axis0", "%0 = aig.softmax %a axis = 0 : {0}", [U(4, 3)],
     lambda x: softmax(x, 0))
case("softmax_negative_axis_3d", "%0 = aig.softmax %a axis = -2 : {0}",
     [U(2, 3, 4)], lambda x: softmax(x, -2))
case("softmax_large", "%0 = aig.softmax %a axis = 1 : {0}",
     [np.array([[80.0, 79.0, 0.0, -80.0], [100.0, 100.0, 99.5, 90.0],
                [-100.0, -101.0, -100.5, -120.0]], np.float32)],
     lambda x: softmax(x, 1))
case("log_softmax", "%0 = aig.log_softmax %a axis = -1 : {0}", [U(4, 10)],
     lambda x: log_softmax(x, -1))
case("log_softmax_axis0", "%0 = aig.log_softmax %a axis = 0 : {0}",
     [U(4, 3)], lambda x: log_softmax(x, 0))
case("log_softmax_large", "%0 = aig.log_softmax %a axis = 1 : {0}",
     [np.array([[80.0, 79.0, 0.0, -80.0], [100.0, 100.0, 99.5, 90.0],
                [-100.0, -101.0, -100.5, -120.0]], np.float32)],
     lambda x: log_softmax(x, 1))

# ---- Casts.
case("cast_f32_to_i32", "%0 = aig.cast %a : {0} to i32",
     [np.concatenate([U(10), [-2.999, -0.5, 0.0, 0.5, 2.999]]).astype(
         np.float32)], lambda x: x.astype(np.int32), out="i32")
case("cast_f32_to_i64", "%0 = aig.cast %a : {0} to i64",
     [U(4, 3, lo=-1e6, hi=1e6)], lambda x: x.astype(np.int64), out="i64")
case("cast_i32_to_f32", "%0 = aig.cast %a : {0} to f32", [I(4, 3)],
     lambda x: x.astype(np.float32), out="f32")
case("cast_i64_to_f64", "%0 = aig.cast %a : {0} to f64",
     [I(4, 3, dtype=np.int64)], lambda x: x.astype(np.float64), out="f64")
case("cast_f32_to_f64", "%0 = aig.cast %a : {0} to f64", [U(4, 3)],
     lambda x: x, out="f64")
case("cast_f64_to_f32", "%0 = aig.cast %a : {0} to f32",
     [U(4, 3, dtype=np.float64)], lambda x: x, out="f32")
case("cast_i1_to_f32", "%0 = aig.cast %a : {0} to f32", [B(4, 3)],
     lambda x: x.astype(np.float32), out="f32")
case("cast_i1_to_i32", "%0 = aig.cast %a : {0} to i32", [B(4, 3)],
     lambda x: x.astype(np.int32), out="i32")
case("cast_f32_to_i1", "%0 = aig.cast %a : {0} to i1", [Q(4, 3)],
     lambda x: x != 0, out="i1")
case("cast_i32_to_i1", "%0 = aig.cast %a : {0} to i1",
     [I(4, 3, lo=-2, hi=3)], lambda x: x != 0, out="i1")
case("cast_i8_to_i32", "%0 = aig.cast %a : {0} to i32",
     [I(4, 3, lo=-128, hi=128, dtype=np.int8)],
     lambda x: x.astype(np.int32), out="i32")
case("cast_i32_to_i64", "%0 = aig.cast %a : {0} to i64",
     [I(4, 3, lo=-2**31, hi=2**31 - 1)], lambda x: x.astype(np.int64),
     out="i64")
case("cast_i64_to_i32", "%0 = aig.cast %a : {0} to i32",
     [I(4, 3, lo=-2**40, hi=2**40, dtype=np.int64)],
     lambda x: x.astype(np.int32), out="i32")

# ---- Compare (inputs drawn from a small set so that ties occur).
COMPARE = {"eq": np.equal, "ne": np.not_equal, "lt": np.less,
           "le": np.less_equal, "gt": np.greater, "ge": np.greater_equal}
for pred, fn in COMPARE.items():
    case(f"compare_{pred}", f"%0 = aig.compare {pred}, %a, %b : {{0}}, {{1}}",
         [Q(4, 3), Q(3)], fn)
case("compare_gt_both", "%0 = aig.compare gt, %a, %b : {0}, {1}",
     [U(4, 1), U(1, 3)], np.greater)
case("compare_ge_scalar", "%0 = aig.compare ge, %a, %b : {0}, {1}",
     [Q(2, 3, 4), np.array(0.0, np.float32)], np.greater_equal)
case("compare_lt_i32", "%0 = aig.compare lt, %a, %b : {0}, {1}",
     [I(4, 3, lo=-3, hi=3), I(3, lo=-3, hi=3)], np.less)
case("compare_eq_i64", "%0 = aig.compare eq, %a, %b : {0}, {1}",
     [I(4, 3, lo=-2, hi=2, dtype=np.int64), I(4, 1, lo=-2, hi=2,
                                               dtype=np.int64)], np.equal)
case("compare_ne_i1", "%0 = aig.compare ne, %a, %b : {0}, {1}",
     [B(4, 3), B(3)], np.not_equal)

# ---- Select.
case("select", "%0 = aig.select %a, %b, %c : {0}, {1}, {2}",
     [B(4, 3), U(4, 3), U(4, 3)], np.where)
case("select_broadcast", "%0 = aig.select %a, %b, %c : {0}, {1}, {2}",
     [B(4, 3), U(4, 3), U(3)], np.where)
case("select_broadcast_all", "%0 = aig.select %a, %b, %c : {0}, {1}, {2}",
     [B(4, 1, 1), U(3, 1), U(5)], np.where)
case("select_scalar_false", "%0 = aig.select %a, %b, %c : {0}, {1}, {2}",
     [B(2, 3), U(2, 3), np.array(0.0, np.float32)], np.where)
case("select_i32", "%0 = aig.select %a, %b, %c : {0}, {1}, {2}",
     [B(4, 3), I(4, 3), I(1, 3)], np.where)
case("select_from_compare",
     """%0 = aig.compare gt, %a, %b : {0}, {1}
        %1 = aig.select %0, %a, %b : tensor<4x3xi1>, {0}, {1}""",
     [U(4, 3), U(3)], np.maximum)

# ---- Constants.
case("constant",
     """%0 = aig.constant dense<[1.0, -2.0, 3.5]> : tensor<3xf32>
        %1 = aig.add %a, %0 : {0}, tensor<3xf32>""",
     [U(4, 3)], lambda x: x + np.array([1.0, -2.0, 3.5]))
case("constant_splat_i32",
     """%0 = aig.constant dense<7> : tensor<4x3xi32>
        %1 = aig.mul %a, %0 : {0}, tensor<4x3xi32>""",
     [I(4, 3)], lambda x: x * 7)
case("constant_only", "%0 = aig.constant dense<[[1.0, 2.0], [3.0, 4.0]]> "
     ": tensor<2x2xf32>", [], lambda: np.array([[1.0, 2.0], [3.0, 4.0]]),
     out="f32")

# ---- Rank-0 scalars in and out.
case("scalar_in_out", "%0 = aig.mul %a, %b : {0}, {1}",
     [np.array(1.5, np.float32), np.array(-2.25, np.float32)], np.multiply)
case("scalar_exp", "%0 = aig.exp %a : {0}", [np.array(0.75, np.float32)],
     np.exp)
case("scalar_i64", "%0 = aig.add %a, %b : {0}, {1}",
     [np.array(5, np.int64), np.array(-12, np.int64)], np.add)

# ---- Two results.
case("two_results",
     """%0 = aig.add %a, %b : {0}, {1}
        %1 = aig.reduce_sum %0 axes = [1] : tensor<4x3xf32>
        return %0, %1""",
     [U(4, 3), U(3)], lambda a, b: (a + b, (a + b).sum(1)))
case("two_results_mixed_types",
     """%0 = aig.compare gt, %a, %b : {0}, {1}
        %1 = aig.maximum %a, %b : {0}, {1}
        return %1, %0""",
     [U(4, 3), U(4, 3)], lambda a, b: (np.maximum(a, b), a > b))

# ---- Composites.
case("mlp_784_256_10",
     """%0 = aig.matmul %a, %b : {0}, {1}
        %1 = aig.add %0, %c : tensor<16x256xf32>, {2}
        %2 = aig.relu %1 : tensor<16x256xf32>
        %3 = aig.matmul %2, %d : tensor<16x256xf32>, {3}
        %4 = aig.add %3, %e : tensor<16x10xf32>, {4}
        %5 = aig.softmax %4 axis = 1 : tensor<16x10xf32>""",
     [U(16, 784, lo=0.0, hi=1.0),
      U(784, 256, lo=-1 / 28, hi=1 / 28), U(256, lo=-0.1, hi=0.1),
      U(256, 10, lo=-1 / 16, hi=1 / 16), U(10, lo=-0.1, hi=0.1)],
     lambda x, w1, b1, w2, b2:
         softmax(np.maximum(x @ w1 + b1, 0) @ w2 + b2, 1))
case("mlp_logits_log_softmax",
     """%0 = aig.matmul %a, %b : {0}, {1}
        %1 = aig.add %0, %c : tensor<16x32xf32>, {2}
        %2 = aig.tanh %1 : tensor<16x32xf32>
        %3 = aig.matmul %2, %d : tensor<16x32xf32>, {3}
        %4 = aig.log_softmax %3 axis = -1 : tensor<16x10xf32>""",
     [U(16, 20), U(20, 32, lo=-0.3, hi=0.3), U(32),
      U(32, 10, lo=-0.5, hi=0.5)],
     lambda x, w1, b1, w2: log_softmax(np.tanh(x @ w1 + b1) @ w2, -1))
case("layernorm",
     """%0 = aig.reduce_mean %a axes = [-1] keepdims : {0}
        %1 = aig.sub %a, %0 : {0}, tensor<4x8x1xf32>
        %2 = aig.mul %1, %1 : tensor<4x8x16xf32>, tensor<4x8x16xf32>
        %3 = aig.reduce_mean %2 axes = [-1] keepdims : tensor<4x8x16xf32>
        %4 = aig.constant dense<1.0e-5> : tensor<f32>
        %5 = aig.add %3, %4 : tensor<4x8x1xf32>, tensor<f32>
        %6 = aig.rsqrt %5 : tensor<4x8x1xf32>
        %7 = aig.mul %1, %6 : tensor<4x8x16xf32>, tensor<4x8x1xf32>
        %8 = aig.mul %7, %b : tensor<4x8x16xf32>, {1}""",
     [U(4, 8, 16), U(16)],
     lambda x, g: (x - x.mean(-1, keepdims=True))
     / np.sqrt(x.var(-1, keepdims=True) + 1e-5) * g)
case("attention_scores",
     """%0 = aig.transpose %b, [0, 2, 1] : {1}
        %1 = aig.matmul %a, %0 : {0}, tensor<2x8x5xf32>
        %2 = aig.constant dense<0.5> : tensor<f32>
        %3 = aig.mul %1, %2 : tensor<2x5x5xf32>, tensor<f32>
        %4 = aig.softmax %3 axis = -1 : tensor<2x5x5xf32>
        %5 = aig.matmul %4, %c : tensor<2x5x5xf32>, {2}""",
     [U(2, 5, 8, lo=-1, hi=1), U(2, 5, 8, lo=-1, hi=1), U(2, 5, 8)],
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
     [U(4, 16)],
     lambda x: 0.5 * x * (1 + np.tanh(0.7978845608 * (x + 0.044715 * x**3))))
case("cross_entropy",
     """%0 = aig.log_softmax %a axis = 1 : {0}
        %1 = aig.mul %0, %b : {0}, {1}
        %2 = aig.reduce_sum %1 axes = [1] : {0}
        %3 = aig.reduce_mean %2 axes = [0] : tensor<8xf32>
        %4 = aig.neg %3 : tensor<f32>""",
     [U(8, 10), np.eye(10, dtype=np.float32)[rng.integers(0, 10, 8)]],
     lambda x, y: -(log_softmax(x, 1) * y).sum(1).mean())
case("concat_slice_roundtrip",
     """%0 = aig.concat %a, %b axis = 1 : {0}, {1}
        %1 = aig.slice %0 offsets = [0, 2] sizes = [3, 4] strides = [1, 1] : tensor<3x6xf32>
        %2 = aig.reshape %1, [-1] : tensor<3x4xf32>""",
     [U(3, 3), U(3, 3)],
     lambda a, b: np.concatenate([a, b], 1)[:, 2:6].reshape(-1))


# --------------------------------------------------------------------------
# Running and comparing
# --------------------------------------------------------------------------

def compare(actual, expected):
    """None if `actual` matches `expected`, else the reason."""
    if actual.dtype != expected.dtype:
        return f"dtype {actual.dtype}, expected {expected.dtype}"
    if actual.shape != expected.shape:
        return f"shape {actual.shape}, expected {expected.shape}"
    if expected.dtype.kind != "f":
        bad = actual != expected
        if not bad.any():
            return None
        idx = np.unravel_index(np.argmax(bad), bad.shape) if bad.ndim else ()
        return (f"{int(bad.sum())}/{bad.size} elements differ, e.g. at "
                f"{tuple(map(int, idx))}: {actual[idx]!r} vs {expected[idx]!r}")
    return harness.float_mismatch(actual, expected, RTOL, ATOL, equal_nan=True)


def run_case(c, aicc, workdir):
    result, why = harness.run_aicc(aicc, os.path.join(workdir, c.name),
                                   c.mlir(), c.inputs, ["--entry", "f"])
    if why:
        return why
    for i, e in enumerate(c.expected):
        actual = result(i)
        if actual is None:
            return f"missing result{i}.npy"
        why = compare(actual, e)
        if why:
            return f"result{i}: {why}"
    if result(len(c.expected)) is not None:
        return f"more than {len(c.expected)} results"
    return None


if __name__ == "__main__":
    sys.exit(harness.main(__doc__, CASES, run_case))
