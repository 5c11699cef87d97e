"""Shared pieces of the numerical test scripts (check_ops.py, check_grads.py):
MLIR type names, running `aicc run` on a generated case, reporting how arrays
differ, and the case loop with its PASS/FAIL/SUMMARY lines."""

import argparse
import os
import re
import shutil
import subprocess

import numpy as np

DTYPES = {
    "f32": np.float32, "f64": np.float64, "i1": np.bool_, "i8": np.int8,
    "i16": np.int16, "i32": np.int32, "i64": np.int64,
}
ELEM = {np.dtype(v): k for k, v in DTYPES.items()}


def ty(shape, elem):
    """MLIR tensor type for a shape and an element type name."""
    dims = "".join(f"{d}x" for d in shape)
    return f"tensor<{dims}{elem}>"


def ty_of(arr):
    return ty(arr.shape, ELEM[arr.dtype])


def float_mismatch(actual, expected, rtol, atol, equal_nan=False):
    """None if the float arrays are close, else how they differ (count, max
    absolute and relative errors, the worst element)."""
    a, e = actual.astype(np.float64), expected.astype(np.float64)
    if np.allclose(a, e, rtol=rtol, atol=atol, equal_nan=equal_nan):
        return None
    with np.errstate(all="ignore"):
        abs_err = np.abs(a - e)
        rel_err = abs_err / np.abs(e)
    abs_err = np.where(np.isnan(abs_err), np.inf, abs_err)
    bad = ~np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=equal_nan)
    idx = np.unravel_index(np.argmax(np.where(bad, abs_err, -1)), a.shape) \
        if a.ndim else ()
    return (f"{int(bad.sum())}/{bad.size} elements off, max abs err "
            f"{np.max(abs_err):.3g}, max rel err {np.nanmax(rel_err):.3g}; "
            f"e.g. at {tuple(map(int, idx))}: {a[idx]!r} vs {e[idx]!r}")


def summarize(stderr):
    """aicc's diagnostics on one line; of a crash's stack dump, only the
    first frames that are aicc's own."""
    lines, frames = [], []
    for l in stderr.splitlines():
        l = l.strip()
        if re.match(r"#\d+ ", l):
            if "/usr/lib/" not in l and "libc.so" not in l:
                frames.append(l)
        elif l and not (l.startswith(("PLEASE submit", "Stack dump:"))
                        or re.match(r"\d+\.\t?\s*Program arguments", l)):
            lines.append(l)
    return " | ".join(lines + frames[:2])[:1500]


def run_aicc(aicc, case_dir, mlir, inputs, args):
    """Writes `mlir` and `inputs` into a fresh `case_dir` and runs
    `aicc run <model> ARGS --input ... --out-dir OUT --quiet`. Returns
    (a function giving result i as an array or None, None) on success, or
    (None, the reason) on failure."""
    shutil.rmtree(case_dir, ignore_errors=True)
    os.makedirs(case_dir)
    model = os.path.join(case_dir, "model.mlir")
    with open(model, "w") as f:
        f.write(mlir)
    cmd = [aicc, "run", model] + list(args)
    for i, a in enumerate(inputs):
        path = os.path.join(case_dir, f"in{i}.npy")
        np.save(path, a)
        cmd += ["--input", path]
    out_dir = os.path.join(case_dir, "out")
    cmd += ["--out-dir", out_dir, "--quiet"]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return None, "aicc timed out"
    if p.returncode != 0:
        status = (f"crashed with signal {-p.returncode}" if p.returncode < 0
                  else f"exited with {p.returncode}")
        return None, f"aicc {status}: {summarize(p.stderr)}"

    def result(i):
        path = os.path.join(out_dir, f"result{i}.npy")
        return np.load(path) if os.path.exists(path) else None

    return result, None


def main(doc, cases, run_case):
    """Parses --aicc/--workdir/--only/--list, runs every selected case with
    `run_case(case, aicc, workdir)` (None or the reason it failed), prints
    PASS/FAIL lines and the SUMMARY; returns the exit status."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--aicc", required=True, help="path of the aicc binary")
    ap.add_argument("--workdir", required=True, help="scratch directory")
    ap.add_argument("--only", help="run only cases whose name contains this")
    ap.add_argument("--list", action="store_true", help="list the case names")
    args = ap.parse_args()
    cases = [c for c in cases if not args.only or args.only in c.name]
    if args.list:
        print("\n".join(c.name for c in cases))
        return 0
    os.makedirs(args.workdir, exist_ok=True)
    passed = failed = 0
    for c in cases:
        why = run_case(c, args.aicc, args.workdir)
        if why is None:
            passed += 1
            print(f"PASS {c.name}", flush=True)
        else:
            failed += 1
            print(f"FAIL {c.name}: {why}", flush=True)
    print(f"SUMMARY passed={passed} failed={failed}")
    return 1 if failed else 0
