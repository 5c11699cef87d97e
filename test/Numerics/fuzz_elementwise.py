#!/usr/bin/python3
"""Random elementwise aig programs against NumPy.

Each program is a chain of add, sub, mul, maximum, neg, tanh, relu and
reduce_sum over two 8x16 inputs and a row of 16 (broadcast by the binary
ops), where values are reused and several intermediates are returned
(producers with many users: the case aicc-fuse-elementwise merges, and the
broadcasting and reducing consumers it must not merge with), plus a loss. It runs forward (results compared with NumPy at rtol 1e-4) and
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

FULL, ROW = "tensor<8x16xf32>", "tensor<16xf32>"
UNARY = {"tanh": "np.tanh({})", "relu": "np.maximum({}, 0)", "neg": "(-{})"}
BINARY = {"add": "({} + {})", "sub": "({} - {})", "mul": "({} * {})",
          "maximum": "np.maximum({}, {})"}


def make_program(seed):
    """Returns (aig text, NumPy expressions of the returned intermediates).

    Values are 8x16 or rows of 16: binary ops broadcast a row over the
    8x16 operand, and reduce_sum over axis 0 turns 8x16 into a row.
    """
    r = random.Random(seed)
    values = {"%a": FULL, "%b": FULL, "%r": ROW}
    numpy = {"%a": "a", "%b": "b", "%r": "r"}
    lines = []
    for k in range(r.randint(3, 12)):
        op = r.choice(sorted(UNARY) + sorted(BINARY) + ["reduce_sum"])
        x, y, name = r.choice(list(values)), r.choice(list(values)), f"%v{k}"
        if op in UNARY:
            lines.append(f"  {name} = aig.{op} {x} : {values[x]}")
            numpy[name], values[name] = UNARY[op].format(numpy[x]), values[x]
        elif op in BINARY:
            lines.append(f"  {name} = aig.{op} {x}, {y} : {values[x]}, {values[y]}")
            numpy[name] = BINARY[op].format(numpy[x], numpy[y])
            values[name] = FULL if FULL in (values[x], values[y]) else ROW
        elif values[x] == FULL:
            lines.append(f"  {name} = aig.reduce_sum {x} axes = [0] : {FULL}")
            numpy[name], values[name] = f"{numpy[x]}.sum(0)", ROW
        else:
            continue
    created = [v for v in values if v.startswith("%v")]
    if not created:
        return make_program(seed + 1)
    outs = r.sample(created, min(len(created), r.randint(1, 3)))
    first = values[outs[0]]
    axes = "[0, 1]" if first == FULL else "[0]"
    lines.append(f"  %sq = aig.mul {outs[0]}, {outs[0]} : {first}, {first}")
    lines.append(f"  %loss = aig.reduce_sum %sq axes = {axes} : {first}")
    types = ", ".join(values[o] for o in outs)
    text = (f"func.func @f(%a: {FULL}, %b: {FULL}, %r: {ROW}) "
            f"-> (tensor<f32>, {types}) {{\n"
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
    inputs = {n: rs.uniform(-1, 1, (8, 16) if n != "r" else (16,)).astype(np.float32)
              for n in "abr"}
    for n, v in inputs.items():
        np.save(os.path.join(d, n + ".npy"), v)
    failures = []
    for extra in ([], ["--autodiff", "--entry", "f_grad"]):
        cmd = [args.aicc, "run", os.path.join(d, "p.mlir"), "--out-dir",
               os.path.join(d, "out"), "--quiet"]
        for n in "abr":
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
