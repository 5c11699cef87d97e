#!/usr/bin/python3
"""Learning-rate schedules on small data sets: aicc's built-in mlp against
PyTorch's defaults, over several seeds (issue 8, "Training defaults").

Two 64-feature, 10-class data sets of our own making, written as npy:DIR
(x_train.npy f32, y_train.npy i64, x_test.npy, y_test.npy):
  blobs64  synthetic (numpy only, fixed generator seed 1234): each class is a
           mixture of 3 Gaussian clusters in an 8-dimensional latent space,
           mapped to 64 features through a random tanh layer and a random
           linear map, plus noise; 1,500 training and 1,000 test samples,
           features standardized with the training mean and deviation.
  fmnist8  Fashion-MNIST shrunk to 8x8 (mean of 4x4 blocks of the 28x28
           image padded to 32x32 with 2 zero pixels a side), 64 features in
           [0, 1]; the first 2,000 training and 1,000 test images.
aicc runs `aicc train mlp --data npy:DIR --epochs E --optimizer O --lr LR
--lr-schedule S --seed N` (64-256-256-10, PyTorch's nn.Linear initializer,
batch 128, every sample used once per epoch). PyTorch runs the same MLP with
its defaults: nn.Linear's initialization (torch.manual_seed(seed)),
DataLoader(batch_size=128, shuffle=True) (the last partial batch kept),
Adam(lr=1e-3) or SGD(lr=0.05, momentum=0.9), and a constant rate unless a
schedule is asked for (then the same per-step rate as aicc's).

usage: bench/small_data.py make DIR [--dataset blobs64|fmnist8]
       bench/small_data.py run --data DIR [--epochs 30] [--seeds 0-4]
              [--optimizers adam,sgd] [--schedules constant,cosine,cosine-per-epoch]
              [--torch-schedules constant] [--aicc build/bin/aicc]
Prints one line per run and one summary per configuration:
  RESULT name=small_acc impl=aicc|torch data=... optimizer=... schedule=... seed=... test_acc=...
  RESULT name=small_acc_summary impl=... data=... optimizer=... schedule=... epochs=... seeds=N mean=... min=... max=...
"""
import argparse
import gzip
import math
import os
import re
import statistics
import subprocess
import sys

LR = {"sgd": 0.05, "adam": 1e-3}
BATCH = 128


def make_blobs64(rng):
    classes, clusters, latent, width, features = 10, 3, 8, 32, 64
    centers = rng.normal(0.0, 1.6, size=(classes, clusters, latent))
    a1 = rng.normal(0.0, 1.0 / math.sqrt(latent), size=(latent, width))
    a2 = rng.normal(0.0, 1.0 / math.sqrt(width), size=(width, features))

    def sample(n):
        import numpy as np
        y = rng.integers(0, classes, size=n)
        k = rng.integers(0, clusters, size=n)
        z = centers[y, k] + rng.normal(0.0, 1.0, size=(n, latent))
        x = np.tanh(z @ a1 * 1.5) @ a2 + rng.normal(0.0, 0.25, size=(n, features))
        return x, y

    xtr, ytr = sample(1500)
    xte, yte = sample(1000)
    mean, std = xtr.mean(0), xtr.std(0) + 1e-6
    return (xtr - mean) / std, ytr, (xte - mean) / std, yte


def make_fmnist8(data_dir):
    import numpy as np

    def idx(name):
        with gzip.open(os.path.join(data_dir, name), "rb") as f:
            raw = f.read()
        ndim = raw[3]
        dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
        return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)

    def split(prefix, n):
        img = idx(prefix + "-images-idx3-ubyte.gz")[:n].astype(np.float64) / 255.0
        img = np.pad(img, ((0, 0), (2, 2), (2, 2)))
        x = img.reshape(n, 8, 4, 8, 4).mean(axis=(2, 4)).reshape(n, 64)
        return x, idx(prefix + "-labels-idx1-ubyte.gz")[:n].astype(np.int64)

    return split("train", 2000) + split("t10k", 1000)


def make(args):
    import numpy as np
    if args.dataset == "blobs64":
        xtr, ytr, xte, yte = make_blobs64(np.random.default_rng(1234))
    else:
        xtr, ytr, xte, yte = make_fmnist8(args.data_dir)
    os.makedirs(args.dir, exist_ok=True)
    for name, a, dt in (("x_train", xtr, np.float32), ("y_train", ytr, np.int64),
                        ("x_test", xte, np.float32), ("y_test", yte, np.int64)):
        np.save(os.path.join(args.dir, name + ".npy"), a.astype(dt))
    print(f"{args.dir}: {args.dataset} train {xtr.shape} test {xte.shape} "
          f"classes {int(ytr.max()) + 1} train class counts {np.bincount(ytr).tolist()}")


def seeds_of(text):
    if "-" in text:
        lo, hi = map(int, text.split("-"))
        return list(range(lo, hi + 1))
    return [int(s) for s in text.split(",")]


def aicc_accuracy(args, opt, schedule, seed):
    out = subprocess.run(
        [args.aicc, "train", "mlp", "--data", "npy:" + args.data, "--epochs", str(args.epochs),
         "--optimizer", opt, "--lr", str(LR[opt]), "--lr-schedule", schedule,
         "--seed", str(seed), "--no-progress"],
        check=True, capture_output=True, text=True).stdout
    return float(re.findall(r"test_acc=(\S+)", out)[-1])


def torch_accuracy(args, data, opt, schedule, seed):
    import torch
    import torch.nn.functional as F
    xtr, ytr, xte, yte = data
    torch.manual_seed(seed)
    classes = int(ytr.max()) + 1
    m = torch.nn.Sequential(torch.nn.Linear(xtr.shape[1], 256), torch.nn.ReLU(),
                            torch.nn.Linear(256, 256), torch.nn.ReLU(),
                            torch.nn.Linear(256, classes))
    o = (torch.optim.SGD(m.parameters(), lr=LR[opt], momentum=0.9) if opt == "sgd"
         else torch.optim.Adam(m.parameters(), lr=LR[opt]))
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(xtr, ytr),
                                         batch_size=BATCH, shuffle=True)
    steps = len(loader)
    t = 0
    for _ in range(args.epochs):
        for xb, yb in loader:
            if schedule != "constant":
                pos, span = ((t, args.epochs * steps) if schedule == "cosine"
                             else (t % steps, steps))
                for g in o.param_groups:
                    g["lr"] = LR[opt] * 0.5 * (1 + math.cos(math.pi * pos / span))
            o.zero_grad(set_to_none=True)
            F.cross_entropy(m(xb), yb).backward()
            o.step()
            t += 1
    with torch.no_grad():
        return (m(xte).argmax(1) == yte).float().mean().item()


def run(args):
    import numpy as np
    data = None
    if args.torch_schedules:
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        import torch
        torch.set_num_threads(1)
        data = [torch.from_numpy(np.load(os.path.join(args.data, n + ".npy")))
                for n in ("x_train", "y_train", "x_test", "y_test")]
    name = os.path.basename(os.path.normpath(args.data))
    configs = [("aicc", s) for s in args.schedules.split(",") if s] + \
              [("torch", s) for s in args.torch_schedules.split(",") if s]
    for opt in args.optimizers.split(","):
        for impl, schedule in configs:
            r = []
            for seed in seeds_of(args.seeds):
                acc = (aicc_accuracy(args, opt, schedule, seed) if impl == "aicc"
                       else torch_accuracy(args, data, opt, schedule, seed))
                r.append(acc)
                print(f"RESULT name=small_acc impl={impl} data={name} optimizer={opt} "
                      f"schedule={schedule} epochs={args.epochs} seed={seed} "
                      f"test_acc={acc:.4f}", flush=True)
            print(f"RESULT name=small_acc_summary impl={impl} data={name} optimizer={opt} "
                  f"schedule={schedule} epochs={args.epochs} seeds={len(r)} "
                  f"mean={statistics.mean(r):.4f} min={min(r):.4f} max={max(r):.4f}",
                  flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    mk = sub.add_parser("make")
    mk.add_argument("dir")
    mk.add_argument("--dataset", choices=["blobs64", "fmnist8"], default="blobs64")
    mk.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    rn = sub.add_parser("run")
    rn.add_argument("--data", required=True)
    rn.add_argument("--aicc", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                   "..", "build", "bin", "aicc"))
    rn.add_argument("--epochs", type=int, default=30)
    rn.add_argument("--seeds", default="0-4", help="a range A-B or a list a,b,c")
    rn.add_argument("--optimizers", default="adam,sgd")
    rn.add_argument("--schedules", default="constant,cosine,cosine-per-epoch",
                    help="aicc's schedules to run")
    rn.add_argument("--torch-schedules", default="constant",
                    help="PyTorch's (constant: its defaults; empty: none)")
    args = ap.parse_args()
    return make(args) if args.command == "make" else run(args)


if __name__ == "__main__":
    sys.exit(main())
