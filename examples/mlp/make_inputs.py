#!/usr/bin/env python3
"""Writes inputs for examples/mlp/mlp.mlir and numpy's expected output.

The batch is the first 8 Fashion-MNIST test images (pixels scaled to [0, 1])
when Debian's dataset-fashion-mnist is installed, random pixels otherwise;
weights are Glorot-uniform from a fixed seed.

usage: make_inputs.py OUT_DIR
"""
import gzip
import os
import sys

import numpy as np

DATA = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"


def images(n):
    if not os.path.exists(DATA):
        return np.random.default_rng(1).random((n, 784), dtype=np.float32)
    with gzip.open(DATA, "rb") as f:
        raw = f.read()
    pixels = np.frombuffer(raw, dtype=np.uint8, offset=16)[: n * 784]
    return (pixels.reshape(n, 784) / 255.0).astype(np.float32)


def glorot(rng, fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(0)
    x = images(8)
    w1, b1 = glorot(rng, 784, 256), rng.normal(0, 0.1, 256).astype(np.float32)
    w2, b2 = glorot(rng, 256, 10), rng.normal(0, 0.1, 10).astype(np.float32)
    for name, a in [("x", x), ("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2)]:
        np.save(os.path.join(out, name + ".npy"), a)
    h = np.maximum(x @ w1 + b1, 0)
    logits = h @ w2 + b2
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    np.save(os.path.join(out, "expected.npy"), e / e.sum(axis=1, keepdims=True))


if __name__ == "__main__":
    main()
