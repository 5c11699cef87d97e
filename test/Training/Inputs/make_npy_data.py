"""Small .npy data sets for the training tests: one that trains (tiny
3-class problem), one with out-of-range test labels, one malformed.

usage: make_npy_data.py DIR
"""
import os
import sys

import numpy as np

root = sys.argv[1]
rng = np.random.default_rng(0)


def save(name, **arrays):
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    for k, v in arrays.items():
        np.save(os.path.join(d, k + ".npy"), v)
    return d


def blobs(n):
    y = rng.integers(0, 3, n)
    centers = np.array([[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0]], np.float32)
    x = centers[y] + rng.normal(0, 0.5, (n, 4)).astype(np.float32)
    return x.astype(np.float32), y.astype(np.int32)


xtr, ytr = blobs(1024)
xte, yte = blobs(256)
save("good", x_train=xtr, y_train=ytr, x_test=xte, y_test=yte)
bad = yte.copy()
bad[5] = 7
save("bad_labels", x_train=xtr, y_train=ytr, x_test=xte, y_test=bad)
d = save("malformed", y_train=ytr, x_test=xte, y_test=yte)
with open(os.path.join(d, "x_train.npy"), "wb") as f:
    f.write(b"\x93NUMPY\x01\x00garbage")
save("missing", y_train=ytr, x_test=xte, y_test=yte)
