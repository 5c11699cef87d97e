#!/usr/bin/python3
"""Convolution and pooling against PyTorch, and their gradients.

Three kinds of case, all run with `aicc run`:

* `fwd_*`: the op's result against PyTorch's (float64) at rtol=1e-4,
  atol=1e-5 (f32 sums of up to a few hundred products);
* `fd_*`: gradients against central finite differences of the PyTorch
  float64 forward (check_grads.py's method and tolerances);
* `torch_*`: gradients against PyTorch's autograd where finite differences
  cannot decide (ties in a max-pool window: PyTorch sends the gradient to the
  first maximum, and so must aicc), at rtol=1e-5, atol=1e-6.

Per-side padding (`padding = [top, left, bottom, right]`) is checked against
PyTorch on an explicitly padded input (zeros for conv and avg, -inf for max).

    check_conv.py --aicc PATH --workdir DIR [--only SUBSTR] [--list]
"""

import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aicc_harness as harness  # noqa: E402
import check_grads as grads  # noqa: E402
import check_ops as ops  # noqa: E402

ops.CASES.clear()
grads.CASES.clear()
ops.RTOL, ops.ATOL = 1e-4, 1e-5

rng = np.random.default_rng(20261130)


def U(*shape, lo=-1.0, hi=1.0, dtype=np.float32):
    return np.asarray(rng.uniform(lo, hi, size=shape), dtype=dtype)


def distinct(*shape, spacing=0.05):
    """Values at least `spacing` apart (no ties in a pooling window, so
    finite differences see no kink)."""
    n = int(np.prod(shape))
    v = (rng.permutation(n) - n / 2) * spacing
    return v.reshape(shape).astype(np.float32)


def t(a):
    return torch.from_numpy(np.asarray(a, dtype=np.float64))


def pad4(x, padding, value=0.0):
    """Pads NCHW `x` per side [top, left, bottom, right]."""
    top, left, bottom, right = padding
    return F.pad(x, (left, right, top, bottom), value=value)


def conv_ref(stride, padding, dilation, groups, bias=True):
    def ref(x, w, *b):
        y = F.conv2d(pad4(t(x), padding), t(w), t(b[0]) if b else None,
                     stride=stride, dilation=dilation, groups=groups)
        return y.numpy()
    return ref


def max_ref(kernel, stride, padding):
    def ref(x):
        xp = pad4(t(x), padding, -np.inf)
        return F.max_pool2d(xp, kernel, stride).numpy()
    return ref


def avg_ref(kernel, stride, padding, include_pad):
    def ref(x):
        xt = t(x)
        s = F.avg_pool2d(pad4(xt, padding), kernel, stride)
        if include_pad:
            return s.numpy()
        ones = pad4(torch.ones_like(xt), padding)
        counts = F.avg_pool2d(ones, kernel, stride)
        return (s / counts).numpy()
    return ref


def conv_body(stride, padding, dilation, groups, bias=True):
    b = ", %c" if bias else ""
    bt = ", {2}" if bias else ""
    return (f"%0 = aig.conv2d %a, %b{b} stride = {list(stride)} padding = "
            f"{list(padding)} dilation = {list(dilation)} groups = {groups} "
            f": {{0}}, {{1}}{bt}")


def pool_body(kind, kernel, stride, padding, include_pad=False):
    flag = " count_include_pad" if include_pad else ""
    return (f"%0 = aig.{kind}_pool2d %a kernel = {list(kernel)} stride = "
            f"{list(stride)} padding = {list(padding)}{flag} : {{0}}")


# name: x shape, w shape, stride, padding, dilation, groups, bias
CONVS = {
    "basic": ((2, 3, 7, 6), (4, 3, 3, 3), (1, 1), (0, 0, 0, 0), (1, 1), 1,
              True),
    "no_bias": ((2, 3, 5, 5), (4, 3, 3, 3), (1, 1), (0, 0, 0, 0), (1, 1), 1,
                False),
    "pad1_stride2": ((2, 3, 7, 8), (5, 3, 3, 3), (2, 2), (1, 1, 1, 1),
                     (1, 1), 1, True),
    "pads_per_side": ((2, 2, 6, 5), (3, 2, 3, 2), (1, 1), (1, 0, 2, 1),
                      (1, 1), 1, True),
    "stride_2_1": ((1, 2, 7, 7), (3, 2, 3, 3), (2, 1), (0, 1, 0, 1), (1, 1),
                   1, True),
    "dilation2": ((2, 2, 9, 8), (3, 2, 3, 3), (1, 1), (1, 1, 1, 1), (2, 2),
                  1, True),
    "dilation_2_1_stride2": ((1, 2, 9, 9), (2, 2, 2, 3), (2, 2), (0, 0, 0, 0),
                             (2, 1), 1, True),
    "groups2": ((2, 4, 6, 6), (6, 2, 3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 2,
                True),
    "depthwise": ((2, 3, 5, 5), (3, 1, 3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 3,
                  True),
    "pointwise": ((2, 5, 4, 4), (3, 5, 1, 1), (1, 1), (0, 0, 0, 0), (1, 1), 1,
                  True),
    "kernel_equals_input": ((3, 2, 4, 4), (2, 2, 4, 4), (1, 1), (0, 0, 0, 0),
                            (1, 1), 1, True),
}

for name, (xs, ws, st, pd, dl, gr, bias) in CONVS.items():
    inputs = [U(*xs), U(*ws)] + ([U(ws[0])] if bias else [])
    ops.case(f"fwd_conv_{name}", conv_body(st, pd, dl, gr, bias), inputs,
             conv_ref(st, pd, dl, gr, bias))
    grads.case(f"fd_conv_{name}", conv_body(st, pd, dl, gr, bias),
               [a.copy() for a in inputs], conv_ref(st, pd, dl, gr, bias))

# The two convolutions of LeNet (batch 4), and a double-precision one.
ops.case("fwd_conv_lenet1", conv_body((1, 1), (2, 2, 2, 2), (1, 1), 1),
         [U(4, 1, 28, 28), U(6, 1, 5, 5), U(6)],
         conv_ref((1, 1), (2, 2, 2, 2), (1, 1), 1))
ops.case("fwd_conv_lenet2", conv_body((1, 1), (0, 0, 0, 0), (1, 1), 1),
         [U(4, 6, 14, 14), U(16, 6, 5, 5), U(16)],
         conv_ref((1, 1), (0, 0, 0, 0), (1, 1), 1))
ops.case("fwd_conv_f64", conv_body((2, 1), (1, 2, 0, 1), (1, 2), 1),
         [U(2, 3, 7, 8, dtype=np.float64), U(4, 3, 3, 2, dtype=np.float64),
          U(4, dtype=np.float64)],
         conv_ref((2, 1), (1, 2, 0, 1), (1, 2), 1))

# name: x shape, kernel, stride, padding
POOLS = {
    "2x2": ((2, 3, 8, 6), (2, 2), (2, 2), (0, 0, 0, 0)),
    "odd_input": ((2, 2, 7, 5), (2, 2), (2, 2), (0, 0, 0, 0)),
    "3x3_s2_pad1": ((2, 2, 7, 7), (3, 3), (2, 2), (1, 1, 1, 1)),
    "3x3_s1_overlap": ((1, 2, 6, 5), (3, 3), (1, 1), (0, 0, 0, 0)),
    "2x3_s1_2": ((2, 2, 6, 7), (2, 3), (1, 2), (0, 1, 1, 0)),
    "pads_per_side": ((1, 3, 6, 6), (3, 3), (2, 2), (0, 1, 1, 0)),
}
for name, (xs, k, s, p) in POOLS.items():
    ops.case(f"fwd_max_pool_{name}", pool_body("max", k, s, p), [U(*xs)],
             max_ref(k, s, p))
    grads.case(f"fd_max_pool_{name}", pool_body("max", k, s, p),
               [distinct(*xs)], max_ref(k, s, p))
    for include in (True, False):
        tag = "incl" if include else "excl"
        ops.case(f"fwd_avg_pool_{name}_{tag}",
                 pool_body("avg", k, s, p, include), [U(*xs)],
                 avg_ref(k, s, p, include))
        grads.case(f"fd_avg_pool_{name}_{tag}",
                   pool_body("avg", k, s, p, include), [U(*xs)],
                   avg_ref(k, s, p, include))

# NaN propagates through max pooling as in PyTorch.
nan_input = U(1, 1, 4, 4)
nan_input[0, 0, 1, 2] = np.nan
ops.case("fwd_max_pool_nan", pool_body("max", (2, 2), (2, 2), (0, 0, 0, 0)),
         [nan_input], max_ref((2, 2), (2, 2), (0, 0, 0, 0)))

# Conv, ReLU, max pool, conv: the chain a CNN differentiates.
lenet_like = """
%0 = aig.conv2d %a, %b, %c stride = [1, 1] padding = [1, 1, 1, 1] dilation = [1, 1] groups = 1 : {0}, {1}, {2}
%1 = aig.relu %0 : tensor<2x3x6x6xf32>
%2 = aig.max_pool2d %1 kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0] : tensor<2x3x6x6xf32>
%3 = aig.conv2d %2, %d stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<2x3x3x3xf32>, {3}
"""


def lenet_like_ref(x, w1, b1, w2):
    h = F.max_pool2d(F.relu(F.conv2d(t(x), t(w1), t(b1), padding=1)), 2)
    return F.conv2d(h, t(w2)).numpy()


grads.case("fd_conv_relu_pool_conv", lenet_like,
           [U(2, 2, 6, 6), U(3, 2, 3, 3), U(3), U(4, 3, 2, 2)],
           lenet_like_ref)


# ---- Batch normalization as aicc::batchNorm2d builds it (Layers.cpp), in
# ---- training mode (batch statistics, gradient through them) and in eval
# ---- mode (running statistics), against F.batch_norm; and the running
# ---- statistics' update (unbiased variance, momentum 0.1) against PyTorch's.
BN_TRAIN = """
%m, %v = aig.moments %a axes = [0, 2, 3] : {0}
%y = aig.batch_norm %a, %m, %v, %b, %c epsilon = 1.0e-05 : {0}, tensor<3xf32>, tensor<3xf32>, {1}, {2}
"""


def bn_train_ref(x, w, b):
    return F.batch_norm(t(x), None, None, t(w), t(b), training=True,
                        eps=1e-5).numpy()


bn_inputs = [U(4, 3, 5, 5, lo=-2, hi=2), U(3, lo=0.5, hi=1.5), U(3)]
ops.case("fwd_batch_norm_train", BN_TRAIN, bn_inputs, bn_train_ref)
grads.case("fd_batch_norm_train", BN_TRAIN, [a.copy() for a in bn_inputs],
           bn_train_ref)

BN_EVAL = """
%y = aig.batch_norm %a, %d, %e, %b, %c epsilon = 1.0e-05 : {0}, {3}, {4}, {1}, {2}
"""


def bn_eval_ref(x, w, b, rm, rv):
    return F.batch_norm(t(x), t(rm), t(rv), t(w), t(b), training=False,
                        eps=1e-5).numpy()


grads.case("fd_batch_norm_op_all_operands", BN_EVAL,
           [U(2, 3, 4, 4), U(3, lo=0.5, hi=1.5), U(3), U(3),
            U(3, lo=0.5, hi=2)], lambda *a: bn_eval_ref(*a))
ops.case("fwd_batch_norm_eval", BN_EVAL,
         [U(4, 3, 5, 5), U(3, lo=0.5, hi=1.5), U(3), U(3), U(3, lo=0.5, hi=2)],
         bn_eval_ref)

BN_STATS = """
%m1, %v1 = aig.moments %a axes = [0, 2, 3] : {0}
%keep = aig.constant dense<0.9> : tensor<f32>
%mom = aig.constant dense<0.1> : tensor<f32>
%momu = aig.constant dense<0.10101010101> : tensor<f32>
%rm0 = aig.mul %b, %keep : {1}, tensor<f32>
%rm1 = aig.mul %m1, %mom : tensor<3xf32>, tensor<f32>
%rm = aig.add %rm0, %rm1 : tensor<3xf32>, tensor<3xf32>
%rv0 = aig.mul %c, %keep : {2}, tensor<f32>
%rv1 = aig.mul %v1, %momu : tensor<3xf32>, tensor<f32>
%rv = aig.add %rv0, %rv1 : tensor<3xf32>, tensor<3xf32>
return %rm, %rv
"""


def bn_stats_ref(x, rm, rv):
    rm, rv = t(rm).clone(), t(rv).clone()
    F.batch_norm(t(x), rm, rv, None, None, training=True, momentum=0.1)
    return rm.numpy(), rv.numpy()


# ---- aig.moments alone: one pass for both statistics; with a mean 1000
# ---- times the spread (the shifted sums keep the variance exact), over
# ---- other axes, and its gradient through both results.
MOMENTS = """
%m, %v = aig.moments %a axes = [0, 2, 3] : {0}
%y = aig.concat %m, %v axis = 0 : tensor<3xf32>, tensor<3xf32>
"""


def moments_ref(x):
    x = x.astype(np.float64)
    return np.concatenate([x.mean((0, 2, 3)), x.var((0, 2, 3))])


ops.case("fwd_moments", MOMENTS, [U(4, 3, 5, 5)], moments_ref)
ops.case("fwd_moments_large_mean", MOMENTS,
         [(U(4, 3, 5, 5) + np.float32(1000.0)).astype(np.float32)],
         moments_ref)
ops.case("fwd_moments_axis_1",
         """%m, %v = aig.moments %a axes = [1] : {0}
%y = aig.concat %m, %v axis = 0 : tensor<6xf32>, tensor<6xf32>""",
         [U(6, 9)], lambda x: np.concatenate([x.astype(np.float64).mean(1),
                                               x.astype(np.float64).var(1)]))
grads.case("fd_moments", MOMENTS, [U(2, 3, 4, 4)], moments_ref)

# 4 * 5 * 5 = 100 values per channel: the unbiased factor is 100 / 99.
ops.case("fwd_batch_norm_running_stats", BN_STATS,
         [U(4, 3, 5, 5), U(3), U(3, lo=0.5, hi=2)], bn_stats_ref)


# ---- The reparameterization z = mu + sigma * eps with eps from
# ---- aig.random_normal: gradients flow to mu and sigma (eps is a constant
# ---- of the key), checked by finite differences with eps recomputed in
# ---- NumPy (Philox4x32-10 and Box-Muller, the runtime's layout).
def philox_normal(seed, offset, stream, n):
    """The first n values of random_normal for key [seed, offset]."""
    m0, m1, b0, b1 = 0xD2511F53, 0xCD9E8D57, 0x9E3779B9, 0xBB67AE85
    mask = 0xFFFFFFFF
    s = (offset << 32) | stream
    words = []
    for block in range((n + 3) // 4):
        c = [block & mask, block >> 32, s & mask, s >> 32]
        k = [seed & mask, seed >> 32]
        for r in range(10):
            if r:
                k = [(k[0] + b0) & mask, (k[1] + b1) & mask]
            p0, p1 = m0 * c[0], m1 * c[2]
            c = [((p1 >> 32) ^ c[1] ^ k[0]) & mask, p1 & mask,
                 ((p0 >> 32) ^ c[3] ^ k[1]) & mask, p0 & mask]
        words += c
    u = np.array([(w >> 8) / 16777216.0 for w in words])
    out = np.empty(n)
    for e in range(n):
        first = e - (e % 2)
        radius = np.sqrt(-2 * np.log(1 - u[first]))
        angle = 2 * np.pi * u[first + 1]
        out[e] = radius * (np.sin(angle) if e % 2 else np.cos(angle))
    return out


REPARAM_KEY = np.array([12345, 7], np.int64)
REPARAM = """
%eps = aig.random_normal %c stream = 0 shape = [4, 5] : {2} to f32
%s = aig.mul %b, %eps : {1}, tensor<4x5xf32>
%z = aig.add %a, %s : {0}, tensor<4x5xf32>
"""


def reparam_ref(mu, sigma, key):
    eps = philox_normal(int(key[0]), int(key[1]), 0, 20).reshape(4, 5)
    return mu + sigma * eps


grads.case("fd_random_normal_reparameterized", REPARAM,
           [U(4, 5), U(4, 5, lo=0.5, hi=1.5), REPARAM_KEY], reparam_ref,
           params=[0, 1])
ops.case("fwd_random_normal_matches_numpy_philox",
         "%0 = aig.random_normal %a stream = 0 shape = [4, 5] : {0} to f32",
         [REPARAM_KEY],
         lambda key: philox_normal(int(key[0]), int(key[1]), 0, 20)
         .reshape(4, 5), out="f32")


# ---- Ties: gradients against torch autograd.
class TorchGradCase(grads.Case):
    pass


TORCH_CASES = []


def torch_case(name, body, inputs, fn):
    c = TorchGradCase(name, body, inputs,
                      lambda *a: fn(*map(t, a)).numpy(), None, True, None)
    c.fn = fn
    TORCH_CASES.append(c)


def ties(*shape):
    """Small integers: many ties inside each window."""
    return rng.integers(0, 3, size=shape).astype(np.float32)


torch_case("torch_max_pool_ties_2x2",
           pool_body("max", (2, 2), (2, 2), (0, 0, 0, 0)), [ties(2, 2, 6, 6)],
           lambda x: F.max_pool2d(x, 2, 2))
torch_case("torch_max_pool_ties_3x3_s1",
           pool_body("max", (3, 3), (1, 1), (0, 0, 0, 0)), [ties(1, 2, 6, 5)],
           lambda x: F.max_pool2d(x, 3, 1))
torch_case("torch_max_pool_ties_3x3_s2_pad1",
           pool_body("max", (3, 3), (2, 2), (1, 1, 1, 1)), [ties(1, 2, 7, 7)],
           lambda x: F.max_pool2d(x, 3, 2, padding=1))


def run_torch_case(c, aicc, workdir):
    inputs = c.inputs + [c.weight]
    result, why = harness.run_aicc(aicc, os.path.join(workdir, c.name),
                                   c.mlir(), inputs,
                                   ["--autodiff", "--entry", "loss_grad"])
    if why:
        return why
    args = [t(a).requires_grad_() for a in c.inputs]
    loss = (c.fn(*args) * t(c.weight)).sum()
    loss.backward()
    for k, a in enumerate(args):
        g = result(k + 1)
        if g is None:
            return f"missing result{k + 1}.npy"
        why = harness.float_mismatch(g, a.grad.numpy(), 1e-5, 1e-6)
        if why:
            return f"gradient of input {k}: {why}"
    return None


def run_case(c, aicc, workdir):
    if isinstance(c, TorchGradCase):
        return run_torch_case(c, aicc, workdir)
    if isinstance(c, grads.Case):
        return grads.run_case(c, aicc, workdir)
    return ops.run_case(c, aicc, workdir)


if __name__ == "__main__":
    sys.exit(harness.main(__doc__, ops.CASES + grads.CASES + TORCH_CASES,
                          run_case))
