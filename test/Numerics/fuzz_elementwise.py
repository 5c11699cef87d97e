#!/usr/bin/python3
"""Random elementwise aig programs against NumPy.

Each program is a chain of add, sub, mul, maximum, neg, tanh and relu over
three inputs, where values are reused and several intermediates are
returned (producers with many users: the case aicc-fuse-elementwise merges),
plus a loss. It runs forward (results compared with NumPy at rtol 1e-4) and
as its gradient function (`--autodiff`, which must compile and run).

usage: fuzz_elementwise.py --aicc PATH --workdir DIR [--seed S] [--count N]
Prints `FAIL ...` lines and `SUMMARY programs=N failed=M`; exits 1 on failure.
"""
import argparse
import os
import random
import subprocess
import sys

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("--aicc", required=True)
ap.add_argument("--workdir", required=True)
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--count", type=int, default=25)
args = ap.parse_args()

T = "tensor<8x16xf32>"
UNARY = {"tanh": "np.tanh({})", "relu": "np.maximum({}, 0)", "neg": "(-{})"}
BINARY = {"add": "({} + {})", "sub": "({} - {})", "mul": "({} * {})",
          "maximum": "np.maximum({}, {})"}


def make_program(seed):
    """Returns (aig text, NumPy expressions of the returned intermediates)."""
    r = random.Random(seed)
    values = ["%a", "%b", "%c"]
    numpy = {"%a": "a", "%b": "b", "%c": "c"}
    lines = []
    for k in range(r.randint(3, 12)):
        op = r.choice(sorted(UNARY) + sorted(BINARY))
        x, y, name = r.choice(values), r.choice(values), f"%v{k}"
        if op in UNARY:
            lines.append(f"  {name} = aig.{op} {x} : {T}")
            numpy[name] = UNARY[op].format(numpy[x])
        else:
            lines.append(f"  {name} = aig.{op} {x}, {y} : {T}, {T}")
            numpy[name] = BINARY[op].format(numpy[x], numpy[y])
        values.append(name)
    outs = r.sample(values[3:], min(len(values) - 3, r.randint(1, 3)))
    lines.append(f"  %sq = aig.mul {outs[0]}, {outs[0]} : {T}, {T}")
    lines.append(f"  %loss = aig.reduce_sum %sq axes = [0, 1] : {T}")
    types = ", ".join([T] * len(outs))
    text = (f"func.func @f(%a: {T}, %b: {T}, %c: {T}) -> (tensor<f32>, {types}) {{\n"
            + "\n".join(lines)
            + f"\n  return %loss, {', '.join(outs)} : tensor<f32>, {types}\n}}\n")
    return text, [numpy[o] for o in outs]


def check(seed):
    """Returns a list of failure messages for program `seed`."""
    text, expressions = make_program(seed)
    d = os.path.join(args.workdir, str(seed))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "p.mlir"), "w") as f:
        f.write(text)
    rs = np.random.RandomState(seed % 1000)
    inputs = {n: rs.uniform(-1, 1, (8, 16)).astype(np.float32) for n in "abc"}
    for n, v in inputs.items():
        np.save(os.path.join(d, n + ".npy"), v)
    failures = []
    for extra in ([], ["--autodiff", "--entry", "f_grad"]):
        cmd = [args.aicc, "run", os.path.join(d, "p.mlir"), "--out-dir",
               os.path.join(d, "out"), "--quiet"]
        for n in "abc":
            cmd += ["--input", os.path.join(d, n + ".npy")]
        try:
            # A miscompiled program may corrupt the heap and hang: bounded.
            p = subprocess.run(cmd + extra, capture_output=True, text=True,
                               timeout=120)
        except subprocess.TimeoutExpired:
            failures.append(f"{' '.join(extra) or 'forward'} timed out")
            continue
        if p.returncode != 0:
            failures.append(f"{' '.join(extra) or 'forward'} exited "
                            f"{p.returncode}: {p.stderr.strip()[-300:]}")
            continue
        if extra:
            continue
        env = {"np": np, **{n: v.astype(np.float64) for n, v in inputs.items()}}
        for k, expression in enumerate(expressions):
            got = np.load(os.path.join(d, "out", f"result{k + 1}.npy"))
            want = eval(expression, env)  # noqa: S307 (generated above)
            if not np.allclose(got, want, rtol=1e-4, atol=1e-5):
                failures.append(f"result {k + 1} differs from {expression}")
    return failures


rng = random.Random(args.seed)
failed = 0
for _ in range(args.count):
    seed = rng.randrange(10**9)
    for message in check(seed):
        failed += 1
        print(f"FAIL program {seed}: {message}")
print(f"SUMMARY programs={args.count} failed={failed}")
sys.exit(1 if failed else 0)
