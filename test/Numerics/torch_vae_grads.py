#!/usr/bin/python3
"""aicc's built-in VAE against PyTorch: the loss and every gradient on the
same weights, batch and noise.

The model is the one `aicc compile vae --emit=aig` prints (lib/Models/VAE.cpp,
batch 128): the VAE of ../shared/bench-ref/vae_train.py with the negative
ELBO per image (BCE summed over pixels + KL, the mean over the batch) as
@loss. The script

1. takes the @loss signature (argument names in order) and the `stream` of
   its aig.random_normal from that module;
2. draws eps with a one-op module `aig.random_normal %key stream = S` run by
   `aicc run` with the key [7, 3] that it also passes to @loss, so PyTorch
   gets exactly the numbers of the compiled reparameterization;
3. builds PyTorch's VAE (seed 0 default initialization; nn.Linear weights
   transposed into aicc's in x out layout) and its loss
   (F.binary_cross_entropy(sigmoid(logits), x, reduction="sum") + KL) / 128,
   as the reference computes it, on the first 128 Fashion-MNIST test images
   (uniform random pixels without the data set);
4. runs `aicc run --autodiff --entry loss_grad` and compares the loss and the
   gradients at rtol=1e-4, atol=1e-4 * max|grad| of each parameter.

Prints `PASS <what>` / `FAIL <what>: <reason>` and `SUMMARY passed=N
failed=M`; exits 1 on a failure.

    torch_vae_grads.py --aicc PATH --workdir DIR
"""

import argparse
import gzip
import os
import re
import subprocess
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aicc_harness import float_mismatch  # noqa: E402

BATCH, LATENT = 128, 20
DATASET = "/usr/share/datasets/fashion-mnist"
KEY = np.array([7, 3], np.int64)
RTOL, ATOL = 1e-4, 1e-4
LAYERS = [("fc1", 784, 400), ("fc21", 400, 20), ("fc22", 400, 20),
          ("fc3", 20, 400), ("fc4", 400, 784)]


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        sys.exit(f"FAIL {' '.join(cmd[:3])}: exit {p.returncode}: "
                 f"{p.stderr[-2000:]}")
    return p.stdout


def images():
    path = os.path.join(DATASET, "t10k-images-idx3-ubyte.gz")
    if os.path.exists(path):
        with gzip.open(path, "rb") as f:
            raw = f.read(16 + BATCH * 784)
        return (np.frombuffer(raw, np.uint8, BATCH * 784, 16)
                .astype(np.float32) / 255).reshape(BATCH, 784)
    return np.random.default_rng(0).uniform(0, 1, (BATCH, 784)) \
        .astype(np.float32)


def loss_signature(module):
    """[(name, mlir type)] of @loss's arguments and the random op's stream."""
    m = re.search(r"func\.func @loss\((.*?)\)\s*->", module, re.S)
    args = re.findall(r"%\w+: (tensor<[^>]*>) \{([^}]*)\}", m.group(1))
    names = [re.search(r'aig.name = "([^"]+)"', attrs).group(1)
             for _, attrs in args]
    body = module[m.end():module.index("return", m.end())]
    stream = int(re.search(r"aig.random_normal %\w+ stream = (\d+)",
                           body).group(1))
    return names, stream


def draw_eps(aicc, workdir, stream):
    path = os.path.join(workdir, "eps.mlir")
    with open(path, "w") as f:
        f.write(f"""func.func @eps(%k: tensor<2xi64>) -> tensor<{BATCH}x{LATENT}xf32> {{
  %e = aig.random_normal %k stream = {stream} shape = [{BATCH}, {LATENT}]
         : tensor<2xi64> to f32
  return %e : tensor<{BATCH}x{LATENT}xf32>
}}
""")
    np.save(os.path.join(workdir, "key.npy"), KEY)
    out = os.path.join(workdir, "eps")
    run([aicc, "run", path, "--input", os.path.join(workdir, "key.npy"),
         "--out-dir", out, "--quiet"])
    return np.load(os.path.join(out, "result0.npy"))


def torch_reference(x, eps):
    torch.manual_seed(0)
    layers = {n: torch.nn.Linear(i, o) for n, i, o in LAYERS}
    xt, et = torch.from_numpy(x), torch.from_numpy(eps)
    h = F.relu(layers["fc1"](xt))
    mu, logvar = layers["fc21"](h), layers["fc22"](h)
    z = mu + et * torch.exp(0.5 * logvar)
    recon = torch.sigmoid(layers["fc4"](F.relu(layers["fc3"](z))))
    bce = F.binary_cross_entropy(recon, xt, reduction="sum")
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    loss = (bce + kl) / BATCH
    loss.backward()
    params, grads = {}, {}
    for n, layer in layers.items():
        params[f"{n}.w"] = np.ascontiguousarray(layer.weight.detach().numpy().T)
        grads[f"{n}.w"] = np.ascontiguousarray(layer.weight.grad.numpy().T)
        params[f"{n}.b"] = layer.bias.detach().numpy().copy()
        grads[f"{n}.b"] = layer.bias.grad.numpy().copy()
    return float(loss), params, grads


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--aicc", required=True)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    module_path = os.path.join(args.workdir, "vae.mlir")
    run([args.aicc, "compile", "vae", "--emit=aig", "-o", module_path])
    with open(module_path) as f:
        names, stream = loss_signature(f.read())
    x = images()
    eps = draw_eps(args.aicc, args.workdir, stream)
    ref_loss, params, ref_grads = torch_reference(x, eps)

    inputs = {"x": x, "rng": KEY, **params}
    cmd = [args.aicc, "run", module_path, "--autodiff", "--entry",
           "loss_grad", "--quiet", "--out-dir",
           os.path.join(args.workdir, "out")]
    for name in names:
        path = os.path.join(args.workdir, f"in_{name}.npy")
        np.save(path, inputs[name])
        cmd += ["--input", path]
    run(cmd)
    out = os.path.join(args.workdir, "out")
    param_names = [n for n in names if n in params]
    checks = [("loss", np.load(os.path.join(out, "result0.npy")),
               np.float32(ref_loss), RTOL)]
    for i, n in enumerate(param_names):
        checks.append((f"grad {n}",
                       np.load(os.path.join(out, f"result{i + 1}.npy")),
                       ref_grads[n], RTOL))
    failed = 0
    for what, actual, expected, rtol in checks:
        atol = ATOL * max(float(np.abs(expected).max()), 1e-30)
        why = (f"shape {actual.shape} vs {np.shape(expected)}"
               if actual.shape != np.shape(expected)
               else float_mismatch(actual, np.asarray(expected), rtol, atol))
        print(f"PASS {what}" if why is None else f"FAIL {what}: {why}")
        failed += why is not None
    print(f"SUMMARY passed={len(checks) - failed} failed={failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
