#!/usr/bin/python3
"""Accuracy of the compiled exp, tanh, log, log1p and sigmoid over the whole
float range.

The pipeline replaces these by polynomial approximations that LLVM
vectorizes (aicc-approximate-math, after MLIR's
populateMathPolynomialApproximationPatterns, with subnormal results and
arguments handled by scaling). This script runs each op with `aicc run` on
a sweep of f32 inputs: 2^20 random bit patterns (every exponent, both
signs, subnormals; infinities and NaNs kept), 200001 evenly spaced points
in [-100, 100], and edge cases (0, -0, the overflow and underflow
thresholds, the smallest subnormal, +-inf), and compares with float64
libm (NumPy) rounded to f32, in units in the last place: the distance
between the two floats in the ordered integer encoding, NaN equal to NaN.

Prints per function `PASS <op> max_ulp=N limit=L` (or FAIL, also when a
NaN appears or disappears), then `SUMMARY passed=N failed=M`; exits 1 on a
failure. The limits are the measured maxima (docs/architecture.md).

    math_accuracy.py --aicc PATH --workdir DIR
"""

import argparse
import os
import subprocess
import sys

import numpy as np

# op: (float64 reference, the largest error allowed in ulp)
FUNCTIONS = {
    "exp": (np.exp, 5),
    "tanh": (np.tanh, 4),
    "log": (np.log, 1),
    "log1p": (np.log1p, 2),
    "sigmoid": (lambda v: 1 / (1 + np.exp(-v)), 2),
}


def sweep():
    rng = np.random.RandomState(0)
    bits = rng.randint(0, 2**32, size=1 << 20, dtype=np.uint64)
    random = bits.astype(np.uint32).view(np.float32)
    even = np.linspace(-100, 100, 200001, dtype=np.float32)
    edges = np.float32([0, -0.0, 1e-30, -1e-30, 88.72, 88.73, -87.33, -87.34,
                        -103.9, -104, 1e-45, -1e-45, 1.1754942e-38,
                        np.finfo(np.float32).max, -np.finfo(np.float32).max,
                        np.inf, -np.inf])
    return np.concatenate([random, even, edges])


def ordered(a):
    """f32 values as integers in the order of the floats."""
    i = a.view(np.int32).astype(np.int64)
    return np.where(i < 0, -(i & 0x7FFFFFFF), i)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--aicc", required=True)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    x = sweep()
    n = len(x)
    np.save(os.path.join(args.workdir, "x.npy"), x)
    passed = failed = 0
    for op, (reference, limit) in FUNCTIONS.items():
        path = os.path.join(args.workdir, op + ".mlir")
        with open(path, "w") as f:
            f.write(f"func.func @f(%x: tensor<{n}xf32>) -> tensor<{n}xf32> "
                    f"{{\n  %y = aig.{op} %x : tensor<{n}xf32>\n"
                    f"  return %y : tensor<{n}xf32>\n}}\n")
        out = os.path.join(args.workdir, "out_" + op)
        p = subprocess.run([args.aicc, "run", path, "--input",
                            os.path.join(args.workdir, "x.npy"), "--out-dir",
                            out, "--quiet"], capture_output=True, text=True)
        if p.returncode != 0:
            print(f"FAIL {op}: aicc exited with {p.returncode}: "
                  f"{p.stderr.strip()}")
            failed += 1
            continue
        y = np.load(os.path.join(out, "result0.npy"))
        with np.errstate(all="ignore"):
            ref = reference(x.astype(np.float64)).astype(np.float32)
        nan_changed = int(np.sum(np.isnan(y) != np.isnan(ref)))
        ulp = np.abs(ordered(y) - ordered(ref))
        ulp[np.isnan(y) & np.isnan(ref)] = 0
        worst = int(np.argmax(ulp))
        what = (f"max_ulp={int(ulp.max())} limit={limit} (x={x[worst]!r}: "
                f"{y[worst]!r}, libm {ref[worst]!r})")
        if nan_changed or ulp.max() > limit:
            print(f"FAIL {op} {what} nan_mismatches={nan_changed}")
            failed += 1
        else:
            print(f"PASS {op} max_ulp={int(ulp.max())} limit={limit}")
            passed += 1
    print(f"SUMMARY passed={passed} failed={failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
