#!/usr/bin/python3
"""Writes PyTorch's initial weights of the reference MLP (784-256-256-10,
nn.Linear defaults, torch.manual_seed(SEED)) as an aicc checkpoint, so that
`aicc train mlp --resume FILE` starts from exactly the weights PyTorch starts
from (zero optimizer state, epoch 0). Used to separate the effect of the
initialization from the rest of training when comparing with
../shared/bench-ref/mlp_train.py.

usage: bench/torch_init_checkpoint.py SEED OUT.safetensors [sgd|adam|adamw]
"""
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "scripts"))
from aicc_checkpoint import write_checkpoint  # noqa: E402

seed, out = int(sys.argv[1]), sys.argv[2]
optimizer = sys.argv[3] if len(sys.argv) > 3 else "sgd"
torch.manual_seed(seed)
m = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(),
                        torch.nn.Linear(256, 256), torch.nn.ReLU(),
                        torch.nn.Linear(256, 10))
params = {}
for i, layer in enumerate([m[0], m[2], m[4]], start=1):
    # aicc computes x @ W + b with W in x out: transpose torch's weight.
    params[f"w{i}"] = layer.weight.detach().t().contiguous().numpy()
    params[f"b{i}"] = layer.bias.detach().numpy()
states = ["momentum"] if optimizer == "sgd" else ["m", "v"]
order = list(params) + [f"{p}.{s}" for p in params for s in states]
arrays = dict(params)
for p in params:
    for s in states:
        arrays[f"{p}.{s}"] = params[p] * 0

write_checkpoint(out, {"epoch": "0", "step": "0", "optimizer": optimizer,
                       "seed": "0"}, {name: arrays[name] for name in order})
