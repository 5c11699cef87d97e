"""Writes two small npy data sets into DIR/reg and DIR/ae:
reg: x (N x 8) ~ N(0, 1), y = x @ w + b + 0.01 noise (N x 2, float: value
targets); ae: points near a 3-d subspace of R^8, no y files (no targets).

usage: make_regression_data.py DIR
"""
import os
import sys

import numpy as np

out = sys.argv[1]
r = np.random.default_rng(0)
w = r.normal(size=(8, 2))
b = np.array([0.5, -1.0])
basis = np.linspace(-1, 1, 24).reshape(3, 8)
for d in ("reg", "ae"):
    os.makedirs(os.path.join(out, d), exist_ok=True)
for split, n in (("train", 2000), ("test", 550)):
    x = r.normal(size=(n, 8)).astype(np.float32)
    y = (x @ w + b + 0.01 * r.normal(size=(n, 2))).astype(np.float32)
    np.save(os.path.join(out, "reg", f"x_{split}.npy"), x)
    np.save(os.path.join(out, "reg", f"y_{split}.npy"), y)
    z = r.normal(size=(n, 3)) @ basis + 0.01 * r.normal(size=(n, 8))
    np.save(os.path.join(out, "ae", f"x_{split}.npy"), z.astype(np.float32))
