#!/usr/bin/python3
"""Training throughput of the built-in MLP (784-256-256-10, batch 128) in aicc
and in PyTorch (the reference set-up of ../shared/bench-ref/mlp_train.py:
Debian's torch, 1 thread), measured in the same run.

usage: bench/mlp_train.py [--aicc build/bin/aicc] [--optimizer adam|sgd]
                          [--samples 25600] [--repeats 3]
Prints one line per repeat and a summary:
  RESULT name=mlp_train_<opt> aicc_samples_per_s=... torch_samples_per_s=... ratio=...
(ratio = aicc / torch; > 1 means aicc is faster). Timing covers training steps
only: aicc's epoch line measures the training loop, not compilation or
evaluation; torch is timed over the same number of steps after a warm-up.
"""
import argparse
import os
import sys
import re
import subprocess
import time

ap = argparse.ArgumentParser()
ap.add_argument("--aicc", default=os.path.join(os.path.dirname(__file__), "..", "build", "bin", "aicc"))
ap.add_argument("--optimizer", choices=["adam", "sgd"], default="adam")
ap.add_argument("--samples", type=int, default=25600)
ap.add_argument("--repeats", type=int, default=3)
args = ap.parse_args()

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402
import torch  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

# glibc would hand PyTorch's per-step buffers back to the system after
# every step (page faults each step); the reference scripts run in the
# state this sets (bench/benchlib.py).
STEADY_MALLOC = benchlib.steady_malloc()

torch.set_num_threads(1)
lr = 1e-3 if args.optimizer == "adam" else 0.05


def aicc_rate():
    out = subprocess.run(
        [args.aicc, "train", "mlp", "--epochs", "1", "--optimizer", args.optimizer,
         "--lr", str(lr), "--lr-schedule", "constant", "--train-limit", str(args.samples), "--test-limit", "1000",
         "--no-progress"], check=True, capture_output=True, text=True).stdout
    return float(re.search(r"samples_per_s=(\S+)", out).group(1))


def torch_rate():
    torch.manual_seed(0)
    m = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(),
                            torch.nn.Linear(256, 256), torch.nn.ReLU(),
                            torch.nn.Linear(256, 10))
    opt = (torch.optim.Adam(m.parameters(), lr=lr) if args.optimizer == "adam"
           else torch.optim.SGD(m.parameters(), lr=lr, momentum=0.9))
    x = torch.rand(args.samples, 784)
    y = torch.randint(0, 10, (args.samples,))
    steps = args.samples // 128

    def step(i):
        xb, yb = x[i * 128:(i + 1) * 128], y[i * 128:(i + 1) * 128]
        opt.zero_grad(set_to_none=True)
        torch.nn.functional.cross_entropy(m(xb), yb).backward()
        opt.step()

    for i in range(10):
        step(i)
    t0 = time.perf_counter()
    for i in range(steps):
        step(i)
    return steps * 128 / (time.perf_counter() - t0)


a, t = [], []
for r in range(args.repeats):
    a.append(aicc_rate())
    t.append(torch_rate())
    print(f"repeat={r} aicc_samples_per_s={a[-1]:.0f} torch_samples_per_s={t[-1]:.0f}", flush=True)
am, tm = float(np.median(a)), float(np.median(t))
print(f"RESULT name=mlp_train_{args.optimizer} batch=128 threads=1 "
      f"aicc_samples_per_s={am:.0f} torch_samples_per_s={tm:.0f} ratio={am / tm:.3f}")
