#!/usr/bin/python3
"""Test accuracy of the built-in MLP (784-256-256-10, batch 128, 3 epochs on
Fashion-MNIST) in aicc and in PyTorch, over several seeds, for each optimizer
and learning-rate schedule. PyTorch runs the reference set-up of
../shared/bench-ref/mlp_train.py (Debian's torch, 1 thread, pixels / 255,
shuffled epochs with the last partial batch kept) and sets the same per-step
rate as aicc's schedule: cosine-per-epoch, lr * (1 + cos(pi * b / B)) / 2 at
step b of the B steps of each epoch; cosine, the same over all T steps of the
run; constant.

usage: bench/mlp_accuracy.py [--aicc build/bin/aicc] [--optimizers sgd,adam]
                             [--schedules constant,cosine,cosine-per-epoch]
                             [--seeds 0-9]
                             [--epochs 3] [--no-torch]
Prints one line per run and one summary per configuration:
  RESULT name=mlp_acc impl=aicc|torch optimizer=... schedule=... seed=... test_acc=...
  RESULT name=mlp_acc_summary impl=... optimizer=... schedule=... seeds=N mean=... min=... max=...
"""
import argparse
import math
import os
import re
import statistics
import subprocess
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--aicc", default=os.path.join(os.path.dirname(__file__), "..", "build", "bin", "aicc"))
ap.add_argument("--optimizers", default="sgd,adam")
ap.add_argument("--schedules", default="constant,cosine,cosine-per-epoch")
ap.add_argument("--seeds", default="0-9", help="a range A-B or a list a,b,c")
ap.add_argument("--epochs", type=int, default=3)
ap.add_argument("--no-torch", action="store_true", help="aicc only")
ap.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
args = ap.parse_args()

if "-" in args.seeds:
    lo, hi = map(int, args.seeds.split("-"))
    seeds = list(range(lo, hi + 1))
else:
    seeds = [int(s) for s in args.seeds.split(",")]
LR = {"sgd": 0.05, "adam": 1e-3}


def aicc_accuracy(opt, schedule, seed):
    out = subprocess.run(
        [args.aicc, "train", "mlp", "--epochs", str(args.epochs), "--optimizer", opt,
         "--lr", str(LR[opt]), "--lr-schedule", schedule, "--seed", str(seed),
         "--data-dir", args.data_dir, "--no-progress"],
        check=True, capture_output=True, text=True).stdout
    return float(re.findall(r"test_acc=(\S+)", out)[-1])


def load_torch_data():
    import gzip
    import numpy as np
    import torch

    def idx(name):
        with gzip.open(os.path.join(args.data_dir, name), "rb") as f:
            raw = f.read()
        ndim = raw[3]
        dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
        return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)

    def split(prefix):
        x = idx(prefix + "-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255.0
        y = idx(prefix + "-labels-idx1-ubyte.gz").astype(np.int64)
        return torch.from_numpy(x), torch.from_numpy(y)

    return split("train") + split("t10k")


def torch_accuracy(data, opt, schedule, seed):
    import torch
    import torch.nn.functional as F
    xtr, ytr, xte, yte = data
    torch.manual_seed(seed)
    m = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(),
                            torch.nn.Linear(256, 256), torch.nn.ReLU(),
                            torch.nn.Linear(256, 10))
    o = (torch.optim.SGD(m.parameters(), lr=LR[opt], momentum=0.9) if opt == "sgd"
         else torch.optim.Adam(m.parameters(), lr=LR[opt]))
    gperm = torch.Generator().manual_seed(seed + 100)
    n, batch = xtr.shape[0], 128
    steps_per_epoch = (n + batch - 1) // batch
    total, t = args.epochs * steps_per_epoch, 0
    for _ in range(args.epochs):
        perm = torch.randperm(n, generator=gperm)
        for i in range(0, n, batch):
            if schedule != "constant":
                # cosine: one half cosine over all steps; cosine-per-epoch:
                # one per epoch (aicc's learningRate()).
                pos, span = ((t, total) if schedule == "cosine"
                             else (t % steps_per_epoch, steps_per_epoch))
                for g in o.param_groups:
                    g["lr"] = LR[opt] * 0.5 * (1 + math.cos(math.pi * pos / span))
            idx = perm[i:i + batch]
            o.zero_grad(set_to_none=True)
            F.cross_entropy(m(xtr[idx]), ytr[idx]).backward()
            o.step()
            t += 1
    with torch.no_grad():
        return (m(xte).argmax(1) == yte).float().mean().item()


def main():
    data = None
    if not args.no_torch:
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        import torch
        torch.set_num_threads(1)
        data = load_torch_data()
    impls = ["aicc"] + ([] if args.no_torch else ["torch"])
    for opt in args.optimizers.split(","):
        for schedule in args.schedules.split(","):
            results = {impl: [] for impl in impls}
            for seed in seeds:
                for impl in impls:
                    acc = (aicc_accuracy(opt, schedule, seed) if impl == "aicc"
                           else torch_accuracy(data, opt, schedule, seed))
                    results[impl].append(acc)
                    print(f"RESULT name=mlp_acc impl={impl} optimizer={opt} schedule={schedule} "
                          f"seed={seed} epochs={args.epochs} test_acc={acc:.4f}", flush=True)
            for impl in impls:
                r = results[impl]
                print(f"RESULT name=mlp_acc_summary impl={impl} optimizer={opt} "
                      f"schedule={schedule} epochs={args.epochs} seeds={len(r)} "
                      f"mean={statistics.mean(r):.4f} min={min(r):.4f} max={max(r):.4f}",
                      flush=True)


if __name__ == "__main__":
    sys.exit(main())
