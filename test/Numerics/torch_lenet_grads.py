#!/usr/bin/python3
"""aicc's gradients of LeNet's cross-entropy loss against PyTorch's.

The model is the LeNet of `aicc train lenet` (lib/Models/LeNet.cpp) and of
../shared/bench-ref/cnn_train.py, on a batch of 8 Fashion-MNIST-sized images
given flat (8x784), with the mean cross-entropy as the loss:

    h = reshape(x, 8x1x28x28)
    h = max_pool2d(relu(conv2d(h, conv1.w, conv1.b, padding 2)), 2)  6x14x14
    h = max_pool2d(relu(conv2d(h, conv2.w, conv2.b)), 2)            16x5x5
    h = reshape(h, 8x400)                     (C, H, W order, as flatten(1))
    h = relu(h @ fc1.w + fc1.b)               fc1.w: 400x120
    h = relu(h @ fc2.w + fc2.b)               fc2.w: 120x84
    logits = h @ fc3.w + fc3.b                fc3.w: 84x10
    loss = -sum(one_hot(labels) * log_softmax(logits)) / 8

Convolution filters are OIHW as in PyTorch; fully connected weights are in
x@W form (in x out), so torch's nn.Linear weights (out x in) are transposed.
The parameters are torch's default initialization (seed 0). The images are
the first 8 of Fashion-MNIST's t10k set (scaled to [0, 1]) when
/usr/share/datasets/fashion-mnist has them, else uniform random; the labels
likewise.

The script writes the inputs as .npy, runs `aicc run --autodiff --entry
loss_grad` on the aig version of the model (MODEL below), and checks the loss
and every gradient against torch autograd's (float32) at rtol=1e-4,
atol=1e-4 * max|grad| of that parameter (so the absolute tolerance follows
the scale of each gradient). Prints `PASS <what>` or `FAIL <what>: <reason>`
per check, then `SUMMARY passed=N failed=M`; exits 1 if any check failed.
A failure also prints how far torch's float32 result is from a float64
evaluation, to tell rounding from a wrong gradient.

    torch_lenet_grads.py --aicc PATH --workdir DIR

Needs torch (Debian's python3-torch, CPU).
"""

import argparse
import gzip
import os
import subprocess
import sys

import numpy as np
import torch
import torch.nn.functional as F

BATCH, CLASSES = 8, 10
PARAMS = ["conv1.w", "conv1.b", "conv2.w", "conv2.b",
          "fc1.w", "fc1.b", "fc2.w", "fc2.b", "fc3.w", "fc3.b"]
DATASET = "/usr/share/datasets/fashion-mnist"
RTOL, ATOL = 1e-4, 1e-4

MODEL = """\
func.func @loss(%c1w: tensor<6x1x5x5xf32> {aig.param},
                %c1b: tensor<6xf32> {aig.param},
                %c2w: tensor<16x6x5x5xf32> {aig.param},
                %c2b: tensor<16xf32> {aig.param},
                %f1w: tensor<400x120xf32> {aig.param},
                %f1b: tensor<120xf32> {aig.param},
                %f2w: tensor<120x84xf32> {aig.param},
                %f2b: tensor<84xf32> {aig.param},
                %f3w: tensor<84x10xf32> {aig.param},
                %f3b: tensor<10xf32> {aig.param},
                %x: tensor<8x784xf32>, %labels: tensor<8xi64>)
    -> tensor<f32> {
  %img = aig.reshape %x, [8, 1, 28, 28] : tensor<8x784xf32>
  %0 = aig.conv2d %img, %c1w, %c1b stride = [1, 1] padding = [2, 2, 2, 2]
         dilation = [1, 1] groups = 1
         : tensor<8x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>
  %1 = aig.relu %0 : tensor<8x6x28x28xf32>
  %2 = aig.max_pool2d %1 kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0]
         : tensor<8x6x28x28xf32>
  %3 = aig.conv2d %2, %c2w, %c2b stride = [1, 1] padding = [0, 0, 0, 0]
         dilation = [1, 1] groups = 1
         : tensor<8x6x14x14xf32>, tensor<16x6x5x5xf32>, tensor<16xf32>
  %4 = aig.relu %3 : tensor<8x16x10x10xf32>
  %5 = aig.max_pool2d %4 kernel = [2, 2] stride = [2, 2] padding = [0, 0, 0, 0]
         : tensor<8x16x10x10xf32>
  %flat = aig.reshape %5, [8, 400] : tensor<8x16x5x5xf32>
  %6 = aig.matmul %flat, %f1w : tensor<8x400xf32>, tensor<400x120xf32>
  %7 = aig.add %6, %f1b : tensor<8x120xf32>, tensor<120xf32>
  %h1 = aig.relu %7 : tensor<8x120xf32>
  %8 = aig.matmul %h1, %f2w : tensor<8x120xf32>, tensor<120x84xf32>
  %9 = aig.add %8, %f2b : tensor<8x84xf32>, tensor<84xf32>
  %h2 = aig.relu %9 : tensor<8x84xf32>
  %10 = aig.matmul %h2, %f3w : tensor<8x84xf32>, tensor<84x10xf32>
  %logits = aig.add %10, %f3b : tensor<8x10xf32>, tensor<10xf32>
  %logp = aig.log_softmax %logits axis = 1 : tensor<8x10xf32>
  %target = aig.one_hot %labels num_classes = 10 : tensor<8xi64> to f32
  %11 = aig.mul %logp, %target : tensor<8x10xf32>, tensor<8x10xf32>
  %12 = aig.reduce_sum %11 axes = [0, 1] : tensor<8x10xf32>
  %n = aig.constant dense<-8.0> : tensor<f32>
  %loss = aig.div %12, %n : tensor<f32>, tensor<f32>
  return %loss : tensor<f32>
}
"""


class LeNet(torch.nn.Module):
    """The model of ../shared/bench-ref/cnn_train.py."""

    def __init__(self):
        super().__init__()
        self.c1 = torch.nn.Conv2d(1, 6, 5, padding=2)
        self.c2 = torch.nn.Conv2d(6, 16, 5)
        self.f1 = torch.nn.Linear(16 * 5 * 5, 120)
        self.f2 = torch.nn.Linear(120, 84)
        self.f3 = torch.nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        x = x.flatten(1)
        return self.f3(F.relu(self.f2(F.relu(self.f1(x)))))


def read_idx(name, offset, count, size):
    """The first `count` records of `size` bytes of a gzipped IDX file."""
    with gzip.open(os.path.join(DATASET, name), "rb") as f:
        data = f.read(offset + count * size)
    return np.frombuffer(data, np.uint8, count * size, offset)


def batch(rng):
    """Images (BATCH x 784 in [0, 1]) and labels (BATCH, int64)."""
    if os.path.exists(os.path.join(DATASET, "t10k-images-idx3-ubyte.gz")):
        x = read_idx("t10k-images-idx3-ubyte.gz", 16, BATCH, 784)
        x = (x.astype(np.float32) / 255).reshape(BATCH, 784)
    else:
        x = rng.uniform(0, 1, size=(BATCH, 784)).astype(np.float32)
    if os.path.exists(os.path.join(DATASET, "t10k-labels-idx1-ubyte.gz")):
        labels = read_idx("t10k-labels-idx1-ubyte.gz", 8, BATCH, 1)
    else:
        labels = rng.integers(0, CLASSES, size=BATCH)
    return x, labels.astype(np.int64)


def torch_gradients(x, labels, dtype):
    """PyTorch's loss, parameters and gradients in aicc's layouts."""
    torch.manual_seed(0)
    model = LeNet().to(dtype)
    images = torch.from_numpy(x).to(dtype).view(BATCH, 1, 28, 28)
    loss = F.cross_entropy(model(images), torch.from_numpy(labels))
    loss.backward()
    params, grads = {}, {}
    for name, layer in [("conv1", model.c1), ("conv2", model.c2),
                        ("fc1", model.f1), ("fc2", model.f2),
                        ("fc3", model.f3)]:
        w, gw = layer.weight.detach().numpy(), layer.weight.grad.numpy()
        if name.startswith("fc"):  # nn.Linear computes x @ weight.T + bias
            w, gw = w.T, gw.T
        params[f"{name}.w"] = np.ascontiguousarray(w)
        grads[f"{name}.w"] = np.ascontiguousarray(gw)
        params[f"{name}.b"] = layer.bias.detach().numpy().copy()
        grads[f"{name}.b"] = layer.bias.grad.numpy().copy()
    return float(loss), params, grads


def run_aicc(aicc, workdir, params, x, labels):
    """aicc's loss and gradients ({name: array}), or the error."""
    model = os.path.join(workdir, "lenet.mlir")
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
    idx = np.unravel_index(np.argmax(np.where(bad, err, -1)), a.shape)
    return (f"{int(bad.sum())}/{bad.size} elements off (atol {atol:.3g}), "
            f"max abs err {err.max():.3g}; e.g. at {tuple(map(int, idx))}: "
            f"{a[idx]!r} vs {e[idx]!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--aicc", required=True, help="path of the aicc binary")
    ap.add_argument("--workdir", required=True, help="scratch directory")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    torch.set_num_threads(1)

    x, labels = batch(np.random.default_rng(0))
    loss, params, expected = torch_gradients(x, labels, torch.float32)
    got_loss, got, error = run_aicc(args.aicc, args.workdir, params, x, labels)
    if error:
        print(f"FAIL aicc: {error}")
        return 1

    checks = [("loss", None, mismatch(got_loss, np.float32(loss), RTOL, 0.0))]
    for name in PARAMS:
        atol = ATOL * float(np.abs(expected[name]).max())
        checks.append((f"grad {name}", name,
                       mismatch(got[name], expected[name], RTOL, atol)))
    failed = 0
    reference = None
    for what, name, why in checks:
        if not why:
            print(f"PASS {what}")
            continue
        failed += 1
        print(f"FAIL {what}: {why}")
        if reference is None:
            reference = torch_gradients(x, labels, torch.float64)
        ref = np.float64(reference[0]) if name is None else reference[2][name]
        exp = np.float32(loss) if name is None else expected[name]
        act = got_loss if name is None else got[name]
        print(f"  max abs difference from float64: aicc "
              f"{np.abs(act - ref).max():.3g}, torch float32 "
              f"{np.abs(exp - ref).max():.3g}")
    print(f"SUMMARY passed={len(checks) - failed} failed={failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
