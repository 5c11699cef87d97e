"""Writes the .npy files the driver tests feed to `aicc run`.

usage: make_npy.py DIR
"""
import os
import sys

import numpy as np

d = sys.argv[1]
os.makedirs(d, exist_ok=True)
rng = np.random.default_rng(7)
x = rng.uniform(-1, 1, (2, 3)).astype(np.float32)
w = rng.uniform(-1, 1, (3, 4)).astype(np.float32)
b = rng.uniform(-1, 1, (4,)).astype(np.float32)
np.save(f"{d}/x.npy", x)
np.save(f"{d}/w.npy", w)
np.save(f"{d}/b.npy", b)
np.save(f"{d}/expected.npy", np.maximum(x @ w + b, 0))
np.save(f"{d}/v.npy", np.array([0.5, -1.0, 2.0], np.float32))
# Wrong inputs for the error tests.
np.save(f"{d}/x_f64.npy", x.astype(np.float64))
np.save(f"{d}/x_wrong_shape.npy", np.zeros((3, 3), np.float32))
with open(f"{d}/not_npy.npy", "wb") as f:
    f.write(b"this is not a numpy file")
with open(f"{d}/truncated.npy", "wb") as f:
    f.write(open(f"{d}/x.npy", "rb").read()[:-5])
