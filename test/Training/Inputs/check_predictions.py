"""Checks `aicc eval --show N` lines against a NumPy forward pass of the
built-in MLP with the checkpoint's weights on the same Fashion-MNIST test
images: same predicted class, same label, probability within 1e-4.

usage: check_predictions.py CHECKPOINT EVAL_LOG [DATA_DIR]
"""
import gzip
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "..", "scripts"))
from aicc_checkpoint import read_checkpoint  # noqa: E402

path, log = sys.argv[1], sys.argv[2]
data_dir = sys.argv[3] if len(sys.argv) > 3 else "/usr/share/datasets/fashion-mnist"

_, weights = read_checkpoint(path)


def idx(name):
    with gzip.open(os.path.join(data_dir, name), "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(dims)


lines = [m.groups() for m in re.finditer(
    r"sample=(\d+) label=(\d+).* predicted=(\d+).* p=(\S+)", open(log).read())]
n = len(lines)
assert n > 0, "no sample lines"
x = idx("t10k-images-idx3-ubyte.gz")[:n].reshape(n, -1).astype(np.float64) / 255
y = idx("t10k-labels-idx1-ubyte.gz")[:n]
h = x
layers = sum(1 for k in weights if re.fullmatch(r"w\d+", k))
for i in range(1, layers + 1):
    h = h @ weights[f"w{i}"] + weights[f"b{i}"]
    if i < layers:
        h = np.maximum(h, 0)
p = np.exp(h - h.max(1, keepdims=True))
p /= p.sum(1, keepdims=True)
for (i, label, predicted, prob), ref_p, ref_y in zip(lines, p, y):
    assert int(label) == ref_y, (i, label, ref_y)
    assert int(predicted) == ref_p.argmax(), (i, predicted, ref_p.argmax())
    assert abs(float(prob) - ref_p.max()) < 1e-4, (i, prob, ref_p.max())
print(f"PREDICTIONS MATCH {n}")
