#!/usr/bin/python3
"""Test accuracy of aicc's built-in models with dropout and batch
normalization after --epochs epochs on Fashion-MNIST, in aicc and in PyTorch
with the same recipe, over several seeds, in the same run (issue 8).

Configurations (--configs, comma-separated):
  mlp_dropout    MLP 784-256-256-10, nn.Dropout(P) after each hidden ReLU
                 (`aicc train mlp --dropout P`)
  lenet_bn       LeNet, nn.BatchNorm2d (momentum 0.1, eps 1e-5) after each
                 convolution, before its ReLU (`aicc train lenet --batch-norm`)
  lenet_dropout  LeNet, nn.Dropout(P) after the ReLUs of fc1 and fc2
                 (`aicc train lenet --dropout P`)
LeNet is the model of bench/cnn_accuracy.py (conv 5x5 6ch pad 2, ReLU,
max-pool 2; conv 5x5 16ch, ReLU, max-pool 2; fc 120, 84, 10). aicc's MLP
computes x @ W + b with W in x out; PyTorch's nn.Linear is the same function.

Recipe, both implementations: PyTorch's default initialization (PyTorch:
torch.manual_seed(seed); aicc: its own generator with --seed), Adam 1e-3,
batch 128, pixels / 255, constant rate, every epoch a fresh shuffle with the
last partial batch kept (PyTorch: torch.randperm with a generator seeded
seed + 100), 1 thread; test accuracy on all 10,000 test images in
evaluation mode (no dropout, batch norm from the running statistics; PyTorch
m.eval()). aicc runs `aicc train MODEL --epochs E --seed S
--lr-schedule constant --no-progress [flags]` and reports the last epoch
line's test_acc.

usage: bench/dropout_accuracy.py [--aicc build/bin/aicc] [--seeds 0-2]
                                 [--epochs 2] [--dropout 0.2]
                                 [--configs mlp_dropout,lenet_bn,lenet_dropout]
(about 5 minutes for the defaults on one core)
Prints one line per run, then per configuration:
  RESULT name=<config>_acc impl=aicc|torch seed=... epochs=... test_acc=...
  RESULT name=<config>_acc_summary impl=... seeds=N mean=... min=... max=... accs=a,b,c
  RESULT name=<config>_acc_check aicc_mean=... torch_mean=... diff_points=... ok=yes|no
ok=yes when aicc's mean test accuracy is at least PyTorch's mean minus
--margin points (0.3, issue 8's criterion). Exits 1 if a check is not ok.
"""
import argparse
import gzip
import os
import re
import statistics
import subprocess
import sys
import time

CONFIGS = ("mlp_dropout", "lenet_bn", "lenet_dropout")

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--aicc", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                               "..", "build", "bin", "aicc"))
ap.add_argument("--seeds", default="0-2", help="a range A-B or a list a,b,c")
ap.add_argument("--epochs", type=int, default=2)
ap.add_argument("--dropout", type=float, default=0.2,
                help="dropout probability of mlp_dropout and lenet_dropout")
ap.add_argument("--configs", default=",".join(CONFIGS),
                help="comma-separated subset of " + ",".join(CONFIGS))
ap.add_argument("--margin", type=float, default=0.3,
                help="points aicc's mean may be below PyTorch's (default 0.3)")
ap.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
args = ap.parse_args()

if "-" in args.seeds:
    lo, hi = map(int, args.seeds.split("-"))
    SEEDS = list(range(lo, hi + 1))
else:
    SEEDS = [int(s) for s in args.seeds.split(",")]
LR, BATCH = 1e-3, 128

for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[var] = "1"
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)


def aicc_command(config, seed):
    model, flags = {
        "mlp_dropout": ("mlp", ["--dropout", str(args.dropout)]),
        "lenet_bn": ("lenet", ["--batch-norm"]),
        "lenet_dropout": ("lenet", ["--dropout", str(args.dropout)]),
    }[config]
    return [args.aicc, "train", model, "--epochs", str(args.epochs),
            "--seed", str(seed), "--lr-schedule", "constant",
            "--optimizer", "adam", "--lr", str(LR), "--batch", str(BATCH),
            "--data-dir", args.data_dir, "--no-progress"] + flags


def aicc_accuracy(config, seed):
    cmd = aicc_command(config, seed)
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} exited with {p.returncode}:\n"
                 f"{p.stderr[-3000:]}")
    return float(re.findall(r"test_acc=(\S+)", p.stdout)[-1])


def load_data():
    def idx(name):
        with gzip.open(os.path.join(args.data_dir, name), "rb") as f:
            raw = f.read()
        ndim = raw[3]
        dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
        return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)

    def split(prefix):
        x = idx(prefix + "-images-idx3-ubyte.gz").reshape(-1, 1, 28, 28)
        x = x.astype(np.float32) / 255.0
        y = idx(prefix + "-labels-idx1-ubyte.gz").astype(np.int64)
        return torch.from_numpy(x), torch.from_numpy(y)

    return split("train") + split("t10k")


class MLP(torch.nn.Module):
    """784-256-256-10, dropout after each hidden ReLU."""

    def __init__(self, dropout):
        super().__init__()
        self.f1 = torch.nn.Linear(784, 256)
        self.f2 = torch.nn.Linear(256, 256)
        self.f3 = torch.nn.Linear(256, 10)
        self.drop = torch.nn.Dropout(dropout)

    def forward(self, x):
        x = x.flatten(1)
        x = self.drop(F.relu(self.f1(x)))
        x = self.drop(F.relu(self.f2(x)))
        return self.f3(x)


class LeNet(torch.nn.Module):
    """bench/cnn_accuracy.py's LeNet, optionally with BatchNorm2d after each
    convolution (before its ReLU) and dropout after the ReLUs of fc1, fc2."""

    def __init__(self, batch_norm=False, dropout=0.0):
        super().__init__()
        self.c1 = torch.nn.Conv2d(1, 6, 5, padding=2)
        self.c2 = torch.nn.Conv2d(6, 16, 5)
        self.f1 = torch.nn.Linear(16 * 5 * 5, 120)
        self.f2 = torch.nn.Linear(120, 84)
        self.f3 = torch.nn.Linear(84, 10)
        if batch_norm:
            self.bn1 = torch.nn.BatchNorm2d(6, eps=1e-5, momentum=0.1)
            self.bn2 = torch.nn.BatchNorm2d(16, eps=1e-5, momentum=0.1)
        else:
            self.bn1 = self.bn2 = torch.nn.Identity()
        self.drop = torch.nn.Dropout(dropout)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.c1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.c2(x))), 2)
        x = x.flatten(1)
        x = self.drop(F.relu(self.f1(x)))
        x = self.drop(F.relu(self.f2(x)))
        return self.f3(x)


def torch_model(config):
    if config == "mlp_dropout":
        return MLP(args.dropout)
    if config == "lenet_bn":
        return LeNet(batch_norm=True)
    return LeNet(dropout=args.dropout)


def torch_accuracy(data, config, seed):
    xtr, ytr, xte, yte = data
    torch.manual_seed(seed)
    m = torch_model(config)
    o = torch.optim.Adam(m.parameters(), lr=LR)
    gperm = torch.Generator().manual_seed(seed + 100)
    n = xtr.shape[0]
    m.train()
    for _ in range(args.epochs):
        perm = torch.randperm(n, generator=gperm)
        for i in range(0, n, BATCH):
            idx = perm[i:i + BATCH]
            o.zero_grad(set_to_none=True)
            F.cross_entropy(m(xtr[idx]), ytr[idx]).backward()
            o.step()
    m.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, xte.shape[0], 1000):
            correct += (m(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item()
    return correct / xte.shape[0]


def main():
    configs = args.configs.split(",")
    for config in configs:
        if config not in CONFIGS:
            sys.exit(f"error: unknown config {config}")
    with open("/proc/cpuinfo") as f:
        info = f.read()
    cpu = re.search(r"model name\s*:\s*(.*)", info).group(1)
    print(f"# dropout_accuracy cpu={cpu.replace(' ', '_')} "
          f"avx512={' avx512f' in info} torch={torch.__version__} "
          f"seeds={SEEDS} epochs={args.epochs} dropout={args.dropout}", flush=True)
    data = load_data()
    ok_all = True
    for config in configs:
        print(f"# {config}: aicc command: {' '.join(aicc_command(config, 'S'))}",
              flush=True)
        results = {"aicc": [], "torch": []}
        for seed in SEEDS:
            for impl in ("aicc", "torch"):
                t0 = time.perf_counter()
                acc = (aicc_accuracy(config, seed) if impl == "aicc"
                       else torch_accuracy(data, config, seed))
                results[impl].append(acc)
                print(f"RESULT name={config}_acc impl={impl} seed={seed} "
                      f"epochs={args.epochs} test_acc={acc:.4f} "
                      f"wall_s={time.perf_counter() - t0:.1f}", flush=True)
        for impl, r in results.items():
            print(f"RESULT name={config}_acc_summary impl={impl} epochs={args.epochs} "
                  f"seeds={len(r)} mean={statistics.mean(r):.4f} min={min(r):.4f} "
                  f"max={max(r):.4f} accs={','.join(f'{a:.4f}' for a in r)}",
                  flush=True)
        am = statistics.mean(results["aicc"])
        tm = statistics.mean(results["torch"])
        ok = am >= tm - args.margin / 100
        ok_all &= ok
        print(f"RESULT name={config}_acc_check aicc_mean={am:.4f} "
              f"torch_mean={tm:.4f} diff_points={100 * (am - tm):+.2f} "
              f"margin_points={args.margin} ok={'yes' if ok else 'no'}", flush=True)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
