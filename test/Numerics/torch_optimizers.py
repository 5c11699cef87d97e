#!/usr/bin/python3
"""Every optimizer configuration of `aicc train` against PyTorch's optimizer
of the same name: both start from the same weights (PyTorch's nn.Linear
initialization, written into an aicc checkpoint with zero optimizer state),
take the same full-batch steps on the same data, and must end with the same
parameters (rtol 1e-4, atol 1e-6).

usage: torch_optimizers.py --aicc PATH --workdir DIR

Runs every configuration on two sizes of model and data (names end in
samples x features x hidden x classes). Prints `PASS <name>` or
`FAIL <name>: <reason>` per case and exits 1 if any failed.
"""
import argparse
import os
import subprocess
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts"))
from aicc_checkpoint import read_checkpoint, write_checkpoint  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--aicc", required=True)
ap.add_argument("--workdir", required=True)
args = ap.parse_args()
os.makedirs(args.workdir, exist_ok=True)
torch.set_num_threads(1)

STEPS = 5
# (samples, features, hidden width, classes): sizes that the matmul kernel's
# row and column blocks divide, and odd ones that leave remainders.
SHAPES = [(64, 12, 8, 4), (37, 21, 19, 5)]

# (name, aicc flags, PyTorch optimizer factory)
VARIANTS = [
    ("sgd", ["--optimizer", "sgd", "--lr", "0.1", "--momentum", "0"],
     lambda p: torch.optim.SGD(p, lr=0.1)),
    ("sgd_momentum", ["--optimizer", "sgd", "--lr", "0.1", "--momentum", "0.9"],
     lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
    ("sgd_nesterov", ["--optimizer", "sgd", "--lr", "0.1", "--nesterov"],
     lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True)),
    ("sgd_weight_decay", ["--optimizer", "sgd", "--lr", "0.1", "--weight-decay", "0.05"],
     lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.05)),
    ("sgd_nesterov_weight_decay",
     ["--optimizer", "sgd", "--lr", "0.1", "--nesterov", "--weight-decay", "0.05"],
     lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.05)),
    ("sgd_no_momentum_weight_decay",
     ["--optimizer", "sgd", "--lr", "0.1", "--momentum", "0", "--weight-decay", "0.05"],
     lambda p: torch.optim.SGD(p, lr=0.1, weight_decay=0.05)),
    ("adam", ["--optimizer", "adam", "--lr", "0.01"],
     lambda p: torch.optim.Adam(p, lr=0.01)),
    ("adam_weight_decay", ["--optimizer", "adam", "--lr", "0.01", "--weight-decay", "0.05"],
     lambda p: torch.optim.Adam(p, lr=0.01, weight_decay=0.05)),
    ("adamw", ["--optimizer", "adamw", "--lr", "0.01"],
     lambda p: torch.optim.AdamW(p, lr=0.01)),
    ("adamw_weight_decay", ["--optimizer", "adamw", "--lr", "0.01", "--weight-decay", "0.1"],
     lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.1)),
]


def write_data(directory, n, features, classes):
    rng = np.random.RandomState(0)
    os.makedirs(directory, exist_ok=True)
    x = rng.randn(n, features).astype(np.float32)
    y = (np.arange(n) % classes).astype(np.int64)
    for split in ("train", "test"):
        np.save(os.path.join(directory, f"x_{split}.npy"), x)
        np.save(os.path.join(directory, f"y_{split}.npy"), y)
    return x, y


def aicc_train(data_dir, batch, hidden, flags, epochs, extra):
    cmd = [args.aicc, "train", "mlp", "--data", "npy:" + data_dir, "--batch", str(batch),
           "--hidden", f"{hidden},{hidden}", "--epochs", str(epochs),
           "--lr-schedule", "constant", "--no-progress"] + flags + extra
    subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=300)


def check(name, flags, make_optimizer, shape):
    """Raises if aicc's parameters after STEPS steps differ from PyTorch's."""
    n, features, hidden, classes = shape
    data_dir = os.path.join(args.workdir, "data-" + name)
    x, y = write_data(data_dir, n, features, classes)
    # The checkpoint layout (tensor names, optimizer state) from aicc itself.
    layout = os.path.join(args.workdir, name + "-layout.safetensors")
    aicc_train(data_dir, n, hidden, flags, 1, ["--checkpoint", layout])
    metadata, tensors = read_checkpoint(layout)

    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(features, hidden), torch.nn.ReLU(),
        torch.nn.Linear(hidden, hidden), torch.nn.ReLU(),
        torch.nn.Linear(hidden, classes))
    layers = [model[0], model[2], model[4]]
    init = {k: np.zeros_like(v) for k, v in tensors.items()}
    for i, layer in enumerate(layers, start=1):
        init[f"w{i}"] = layer.weight.detach().t().numpy()  # aicc: x @ W
        init[f"b{i}"] = layer.bias.detach().numpy()
    start = os.path.join(args.workdir, name + "-start.safetensors")
    write_checkpoint(start, {"epoch": "0", "step": "0",
                             "optimizer": metadata["optimizer"]}, init)

    end = os.path.join(args.workdir, name + "-end.safetensors")
    aicc_train(data_dir, n, hidden, flags, STEPS, ["--resume", start, "--checkpoint", end])
    _, result = read_checkpoint(end)

    optimizer = make_optimizer(model.parameters())
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    for _ in range(STEPS):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(xt), yt).backward()
        optimizer.step()
    for i, layer in enumerate(layers, start=1):
        for key, ref in ((f"w{i}", layer.weight.detach().t().numpy()),
                         (f"b{i}", layer.bias.detach().numpy())):
            np.testing.assert_allclose(result[key], ref, rtol=1e-4, atol=1e-6,
                                       err_msg=key)


failed = 0
for shape in SHAPES:
    for variant, flags, make_optimizer in VARIANTS:
        name = f"{variant}_{'x'.join(map(str, shape))}"
        try:
            check(name, flags, make_optimizer, shape)
            print(f"PASS {name}")
        except Exception as e:  # report and go on with the other cases
            failed += 1
            message = str(e).strip().splitlines()
            print(f"FAIL {name}: {' | '.join(message[:6])}")
print(f"SUMMARY passed={len(SHAPES) * len(VARIANTS) - failed} failed={failed}")
sys.exit(1 if failed else 0)
