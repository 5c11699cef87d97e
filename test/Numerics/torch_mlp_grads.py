#!/usr/bin/python3
"""aicc's gradients of an MLP's cross-entropy loss against PyTorch's.

The model is the 784-256-256-10 ReLU MLP of a Fashion-MNIST classifier, with
the mean cross-entropy over a batch of 32 as the loss:

    h1 = relu(x @ w1 + b1)            w1: 784x256, b1: 256
    h2 = relu(h1 @ w2 + b2)           w2: 256x256, b2: 256
    logits = h2 @ w3 + b3             w3: 256x10,  b3: 10
    loss = -sum(one_hot(labels) * log_softmax(logits)) / 32

Weights are in x@W form (in x out), so torch's nn.Linear weights (out x in)
are transposed. The parameters are torch's default initialization (seed 0).
The images are the first 32 of Fashion-MNIST's t10k set (scaled to [0, 1])
when /usr/share/datasets/fashion-mnist has them, else uniform random; the
labels likewise.

The script writes the inputs as .npy, runs `aicc run --autodiff --entry
loss_grad` on the aig version of the model (MODEL below), and checks the loss
against torch's at rtol=1e-5 and every gradient at rtol=1e-4, atol=1e-6.
Prints `PASS <what>` or `FAIL <what>: <reason>` per check, then
`SUMMARY passed=N failed=M`; exits 1 if any check failed.

    torch_mlp_grads.py --aicc PATH --workdir DIR

Needs torch (Debian's python3-torch, CPU).
"""

import argparse
import gzip
import os
import subprocess
import sys

import numpy as np
import torch

BATCH, CLASSES = 32, 10
SIZES = [784, 256, 256, 10]
PARAMS = ["w1", "b1", "w2", "b2", "w3", "b3"]
DATASET = "/usr/share/datasets/fashion-mnist"
GRAD_RTOL, GRAD_ATOL = 1e-4, 1e-6
LOSS_RTOL = 1e-5

MODEL = """\
func.func @loss(%w1: tensor<784x256xf32> {aig.param},
                %b1: tensor<256xf32> {aig.param},
                %w2: tensor<256x256xf32> {aig.param},
                %b2: tensor<256xf32> {aig.param},
                %w3: tensor<256x10xf32> {aig.param},
                %b3: tensor<10xf32> {aig.param},
                %x: tensor<32x784xf32>, %labels: tensor<32xi64>)
    -> tensor<f32> {
  %0 = aig.matmul %x, %w1 : tensor<32x784xf32>, tensor<784x256xf32>
  %1 = aig.add %0, %b1 : tensor<32x256xf32>, tensor<256xf32>
  %h1 = aig.relu %1 : tensor<32x256xf32>
  %2 = aig.matmul %h1, %w2 : tensor<32x256xf32>, tensor<256x256xf32>
  %3 = aig.add %2, %b2 : tensor<32x256xf32>, tensor<256xf32>
  %h2 = aig.relu %3 : tensor<32x256xf32>
  %4 = aig.matmul %h2, %w3 : tensor<32x256xf32>, tensor<256x10xf32>
  %logits = aig.add %4, %b3 : tensor<32x10xf32>, tensor<10xf32>
  %logp = aig.log_softmax %logits axis = 1 : tensor<32x10xf32>
  %target = aig.one_hot %labels num_classes = 10 : tensor<32xi64> to f32
  %5 = aig.mul %logp, %target : tensor<32x10xf32>, tensor<32x10xf32>
  %6 = aig.reduce_sum %5 axes = [0, 1] : tensor<32x10xf32>
  %n = aig.constant dense<-32.0> : tensor<f32>
  %loss = aig.div %6, %n : tensor<f32>, tensor<f32>
  return %loss : tensor<f32>
}
"""


def read_idx(name, offset, count, size):
    """The first `count` records of `size` bytes of a gzipped IDX file."""
    with gzip.open(os.path.join(DATASET, name), "rb") as f:
        data = f.read(offset + count * size)
    return np.frombuffer(data, np.uint8, count * size, offset)


def batch(rng):
    """Images (BATCH x 784 in [0, 1]) and labels (BATCH, int64)."""
    images = os.path.join(DATASET, "t10k-images-idx3-ubyte.gz")
    if os.path.exists(images):
        x = read_idx("t10k-images-idx3-ubyte.gz", 16, BATCH, 784)
        x = (x.astype(np.float32) / 255).reshape(BATCH, 784)
    else:
        x = rng.uniform(0, 1, size=(BATCH, 784)).astype(np.float32)
    if os.path.exists(os.path.join(DATASET, "t10k-labels-idx1-ubyte.gz")):
        labels = read_idx("t10k-labels-idx1-ubyte.gz", 8, BATCH, 1)
    else:
        labels = rng.integers(0, CLASSES, size=BATCH)
    return x, labels.astype(np.int64)


def torch_gradients(x, labels):
    """PyTorch's loss and gradients, with the parameters in x@W form."""
    torch.manual_seed(0)
    layers = [torch.nn.Linear(i, o) for i, o in zip(SIZES, SIZES[1:])]
    model = torch.nn.Sequential(layers[0], torch.nn.ReLU(), layers[1],
                                torch.nn.ReLU(), layers[2])
    loss = torch.nn.functional.cross_entropy(
        model(torch.from_numpy(x)), torch.from_numpy(labels))
    loss.backward()
    params, grads = {}, {}
    for k, layer in enumerate(layers, 1):
        # nn.Linear computes x @ weight.T + bias.
        params[f"w{k}"] = layer.weight.detach().numpy().T.copy()
        params[f"b{k}"] = layer.bias.detach().numpy().copy()
        grads[f"w{k}"] = layer.weight.grad.numpy().T.copy()
        grads[f"b{k}"] = layer.bias.grad.numpy().copy()
    return float(loss), params, grads


def run_aicc(aicc, workdir, params, x, labels):
    """aicc's loss and gradients ({name: array}), or the error."""
    model = os.path.join(workdir, "mlp.mlir")
    with open(model, "w") as f:
        f.write(MODEL)
    cmd = [aicc, "run", model, "--autodiff", "--entry", "loss_grad"]
    for name, value in [*params.items(), ("x", x), ("labels", labels)]:
        path = os.path.join(workdir, f"{name}.npy")
        np.save(path, value)
        cmd += ["--input", path]
    out = os.path.join(workdir, "out")
    cmd += ["--out-dir", out, "--quiet"]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        return None, None, (f"aicc exited with {p.returncode}: "
                            f"{p.stderr[-2000:]}")
    loss = np.load(os.path.join(out, "result0.npy"))
    grads = {name: np.load(os.path.join(out, f"result{i + 1}.npy"))
             for i, name in enumerate(PARAMS)}
    return loss, grads, None


def mismatch(actual, expected, rtol, atol):
    """None if the arrays match, else the reason with the largest errors."""
    if actual.shape != expected.shape or actual.dtype != expected.dtype:
        return (f"{actual.dtype}{list(actual.shape)}, expected "
                f"{expected.dtype}{list(expected.shape)}")
    if np.allclose(actual, expected, rtol=rtol, atol=atol):
        return None
    a, e = actual.astype(np.float64), expected.astype(np.float64)
    err = np.abs(a - e)
    bad = ~np.isclose(a, e, rtol=rtol, atol=atol)
    with np.errstate(all="ignore"):
        rel = np.nanmax(err / np.abs(e))
    return (f"{int(bad.sum())}/{bad.size} elements off, max abs err "
            f"{err.max():.3g}, max rel err {rel:.3g}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--aicc", required=True, help="path of the aicc binary")
    ap.add_argument("--workdir", required=True, help="scratch directory")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)

    x, labels = batch(np.random.default_rng(0))
    loss, params, expected = torch_gradients(x, labels)
    got_loss, got, error = run_aicc(args.aicc, args.workdir, params, x, labels)
    if error:
        print(f"FAIL aicc: {error}")
        return 1

    checks = [("loss", mismatch(got_loss, np.float32(loss), LOSS_RTOL, 0.0))]
    for name in PARAMS:
        checks.append((f"grad {name}", mismatch(got[name], expected[name],
                                                GRAD_RTOL, GRAD_ATOL)))
    failed = 0
    for what, why in checks:
        if why:
            failed += 1
            print(f"FAIL {what}: {why}")
        else:
            print(f"PASS {what}")
    print(f"SUMMARY passed={len(checks) - failed} failed={failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
