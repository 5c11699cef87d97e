#!/usr/bin/python3
"""Training throughput of the built-in LeNet (batch 128, Adam 1e-3, one
thread) in aicc and in PyTorch, measured in the same run, and the time of
each of LeNet's convolutions (forward, filter gradient, input gradient) in
both.

PyTorch runs the set-up of ../shared/bench-ref/cnn_train.py (Debian's torch,
1 thread, OpenBLAS/OpenMP pinned to 1 thread): LeNet (conv 5x5 6ch pad 2,
ReLU, max-pool 2; conv 5x5 16ch, ReLU, max-pool 2; fc 120, 84, 10), Adam
1e-3, a random batch of 128 gathered from the training images every step
(the gather is timed, as in a training loop), --warmup untimed steps, then
--windows timed windows of --steps-per-window steps; its figure is the
median window.

aicc is measured two ways:
  train  `aicc train lenet --epochs 2 --lr-schedule constant` on
         --samples training images; the samples_per_s of epoch 2 (the epoch
         line times the training loop, batch gathering included, not
         compilation or evaluation).
  bench  `aicc bench` on the train step that `aicc train lenet
         --dump-train-step` writes, called with real inputs (parameters at
         PyTorch's init scale, zero Adam state, a batch of training images,
         lr 1e-3): the compiled step alone, 128 / median call time.
Each layer: `aicc bench` on a one-op module (aig.conv2d with bias,
aig.conv2d_filter_grad, aig.conv2d_input_grad at LeNet's shapes, batch 128,
random inputs) against torch's F.conv2d and aten.convolution_backward (what
autograd calls) with only the filter or only the input gradient requested,
each the median of --windows windows of calls.

usage: bench/cnn_train.py [--aicc build/bin/aicc] [--repeats 3]
                          [--samples 25600] [--no-layers]
Prints one line per repeat, then machine-readable lines:
  RESULT name=lenet_train mode=train|bench batch=128 threads=1
         aicc_samples_per_s=... torch_samples_per_s=... ratio=...
  RESULT name=conv1_fwd aicc_us=... torch_us=... ratio=...
ratio is always aicc's speed over torch's (aicc samples/s / torch samples/s,
or torch time / aicc time): > 1 means aicc is faster. The machine's load
from other processes during each phase is printed as foreign_cores (busy
cores not used by this script or its children), since on a shared machine
it moves the figures.
"""
import argparse
import gzip
import os
import re
import resource
import statistics
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FMNIST = "/usr/share/datasets/fashion-mnist"

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--aicc", default=os.path.join(HERE, "..", "build", "bin", "aicc"))
ap.add_argument("--repeats", type=int, default=3,
                help="times each train-step measurement is taken (median)")
ap.add_argument("--samples", type=int, default=25600,
                help="training images per epoch of `aicc train`")
ap.add_argument("--warmup", type=int, default=20)
ap.add_argument("--windows", type=int, default=5)
ap.add_argument("--steps-per-window", type=int, default=100)
ap.add_argument("--bench-repeats", type=int, default=200,
                help="timed calls of `aicc bench` on the train step")
ap.add_argument("--no-layers", action="store_true",
                help="skip the per-layer convolution timings")
ap.add_argument("--layer-seconds", type=float, default=0.5,
                help="length of each timed window of a layer in torch")
args = ap.parse_args()

# One thread everywhere, before numpy/torch load their thread pools.
for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[var] = "1"
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

# glibc would hand PyTorch's per-step buffers back to the system after
# every step (page faults each step); the reference scripts run in the
# state this sets (bench/benchlib.py).
STEADY_MALLOC = benchlib.steady_malloc()

torch.set_num_threads(1)
BATCH = 128


# ------------------------------------------------------------------ helpers
class CpuMonitor:
    """Busy cores of other processes over an interval (from /proc/stat, less
    this process's and its waited-for children's CPU time)."""

    HZ = os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _busy():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        user, nice, system, idle, iowait, irq, softirq = (v + [0] * 7)[:7]
        return (user + nice + system + irq + softirq) / CpuMonitor.HZ

    @staticmethod
    def _own():
        s = resource.getrusage(resource.RUSAGE_SELF)
        c = resource.getrusage(resource.RUSAGE_CHILDREN)
        return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime

    def __init__(self):
        self.t0, self.b0, self.o0 = time.perf_counter(), self._busy(), self._own()

    def foreign_cores(self):
        wall = time.perf_counter() - self.t0
        other = (self._busy() - self.b0) - (self._own() - self.o0)
        return round(max(0.0, other) / wall, 2)


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def machine():
    name, avx512 = "unknown", False
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name") and name == "unknown":
                name = line.split(":", 1)[1].strip()
            if line.startswith("flags"):
                avx512 = avx512 or " avx512f" in line
    return name, avx512


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    assert zero == 0 and dtype == 0x08, path
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return dims, np.frombuffer(data, np.uint8, offset=4 + 4 * ndim)


def load_train():
    """Fashion-MNIST's training images (N x 784 float32 in [0, 1]) and labels
    (int64), or random data of the same shape without the data set."""
    images = os.path.join(FMNIST, "train-images-idx3-ubyte.gz")
    if not os.path.exists(images):
        print("# no Fashion-MNIST: random images", flush=True)
        rng = np.random.default_rng(0)
        return (rng.random((60000, 784), dtype=np.float32),
                rng.integers(0, 10, 60000).astype(np.int64))
    dims, raw = read_idx(images)
    x = raw.reshape(dims[0], 784).astype(np.float32) / 255.0
    _, lraw = read_idx(os.path.join(FMNIST, "train-labels-idx1-ubyte.gz"))
    return x, lraw.astype(np.int64)


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} exited with {p.returncode}:\n"
                 f"{p.stderr[-3000:]}")
    return p.stdout


def aicc_bench_us(model, repeats, inputs=()):
    cmd = [args.aicc, "bench", model, "--repeats", str(repeats)]
    for path in inputs:
        cmd += ["--input", path]
    out = run(cmd)
    return float(re.search(r"median_us=(\S+)", out).group(1))


def result(**kv):
    parts = []
    for k, v in kv.items():
        if isinstance(v, float):
            v = f"{v:.4g}" if abs(v) < 100 else f"{v:.0f}"
        parts.append(f"{k}={v}")
    print("RESULT " + " ".join(parts), flush=True)


# ------------------------------------------------------------------ PyTorch
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


def torch_train_rate(xtr, ytr):
    """Median samples/s over the timed windows, as cnn_train.py measures."""
    torch.manual_seed(0)
    m = LeNet()
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    g = torch.Generator().manual_seed(1)
    n = xtr.shape[0]

    def step():
        idx = torch.randint(0, n, (BATCH,), generator=g)
        xb, yb = xtr[idx], ytr[idx]
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(m(xb), yb).backward()
        opt.step()

    for _ in range(args.warmup):
        step()
    rates = []
    for _ in range(args.windows):
        t0 = time.perf_counter()
        for _ in range(args.steps_per_window):
            step()
        rates.append(BATCH * args.steps_per_window / (time.perf_counter() - t0))
    return statistics.median(rates)


def torch_call_us(fn):
    """Median time of fn() in microseconds over --windows windows of about
    --layer-seconds each, after a warm-up."""
    for _ in range(5):
        fn()
    t0, calls = time.perf_counter(), 0
    while time.perf_counter() - t0 < 0.2:
        fn()
        calls += 1
    calls = max(3, int(args.layer_seconds * calls / (time.perf_counter() - t0)))
    per = []
    for _ in range(args.windows):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        per.append((time.perf_counter() - t0) / calls * 1e6)
    return statistics.median(per)


# ------------------------------------------------------------------ aicc
def aicc_train_rate():
    """samples_per_s of `aicc train lenet`'s second epoch."""
    out = run([args.aicc, "train", "lenet", "--epochs", "2",
               "--lr-schedule", "constant", "--train-limit", str(args.samples),
               "--test-limit", "500", "--no-progress"])
    rates = re.findall(r"samples_per_s=(\S+)", out)
    return float(rates[-1])


ARG = re.compile(r'%arg(\d+): tensor<([^>]*)> \{aig\.name = "([^"]+)"'
                 r'(?:, aig\.param = \{fan_in = (\d+))?')


def train_step_inputs(step_file, workdir, xtr, ytr):
    """.npy files for every argument of the dumped train_step, in order."""
    with open(step_file) as f:
        signature = f.read().split(") -> ", 1)[0]
    rng = np.random.default_rng(0)
    idx = rng.integers(0, xtr.shape[0], BATCH)
    paths = []
    for i, (num, ty, name, fan_in) in enumerate(ARG.findall(signature)):
        assert int(num) == i, (num, i)
        *dims, elem = ty.split("x")
        shape = tuple(int(d) for d in dims)
        if fan_in:  # a parameter: PyTorch's default init scale
            bound = 1 / np.sqrt(int(fan_in))
            value = rng.uniform(-bound, bound, shape).astype(np.float32)
        elif name == "x":
            value = xtr[idx].reshape(shape)
        elif name == "labels":
            value = ytr[idx].astype(np.int64).reshape(shape)
        elif name == "lr":
            value = np.full(shape, 1e-3, np.float32)
        elif name == "step":
            value = np.full(shape, 1.0, np.float32)
        else:  # optimizer state
            assert elem == "f32", (name, ty)
            value = np.zeros(shape, np.float32)
        path = os.path.join(workdir, f"arg{i}.npy")
        np.save(path, value)
        paths.append(path)
    if not paths or "x" not in signature:
        sys.exit(f"error: could not read the arguments of {step_file}")
    return paths


LAYERS = [
    # name, input NCHW, filter OIHW, padding
    ("conv1", (BATCH, 1, 28, 28), (6, 1, 5, 5), 2),
    ("conv2", (BATCH, 6, 14, 14), (16, 6, 5, 5), 0),
]


def ty(shape):
    return "tensor<" + "x".join(map(str, shape)) + "xf32>"


def layer_modules(workdir):
    """{name: .mlir path} of one-op modules for each layer and direction, and
    the torch callables at the same shapes."""
    out = {}
    for name, xs, ws, p in LAYERS:
        n, c, h, w = xs
        o = ws[0]
        ys = (n, o, h + 2 * p - ws[2] + 1, w + 2 * p - ws[3] + 1)
        attrs = (f"stride = [1, 1] padding = [{p}, {p}, {p}, {p}] "
                 f"dilation = [1, 1] groups = 1")
        mods = {
            "fwd": f"""func.func @fwd(%x: {ty(xs)}, %w: {ty(ws)}, %b: {ty((o,))}) -> {ty(ys)} {{
  %y = aig.conv2d %x, %w, %b {attrs} : {ty(xs)}, {ty(ws)}, {ty((o,))}
  return %y : {ty(ys)}
}}
""",
            "filter_grad": f"""func.func @filter_grad(%x: {ty(xs)}, %dy: {ty(ys)}) -> {ty(ws)} {{
  %dw = aig.conv2d_filter_grad %x, %dy filter_shape = [{", ".join(map(str, ws))}] {attrs} : {ty(xs)}, {ty(ys)}
  return %dw : {ty(ws)}
}}
""",
            "input_grad": f"""func.func @input_grad(%dy: {ty(ys)}, %w: {ty(ws)}) -> {ty(xs)} {{
  %dx = aig.conv2d_input_grad %dy, %w input_shape = [{", ".join(map(str, xs))}] {attrs} : {ty(ys)}, {ty(ws)}
  return %dx : {ty(xs)}
}}
""",
        }
        x, wt = torch.rand(xs), torch.rand(ws) - 0.5
        b, dy = torch.rand(o), torch.rand(ys) - 0.5

        def bwd(mask, x=x, wt=wt, dy=dy, p=p):
            return lambda: torch.ops.aten.convolution_backward(
                dy, x, wt, None, [1, 1], [p, p], [1, 1], False, [0, 0], 1, mask)

        fns = {"fwd": lambda x=x, wt=wt, b=b, p=p: F.conv2d(x, wt, b, padding=p),
               "filter_grad": bwd([False, True, False]),
               "input_grad": bwd([True, False, False])}
        for kind, text in mods.items():
            path = os.path.join(workdir, f"{name}_{kind}.mlir")
            with open(path, "w") as f:
                f.write(text)
            out[f"{name}_{kind}"] = (path, fns[kind])
    return out


# ------------------------------------------------------------------ main
def main():
    cpu, avx512 = machine()
    print(f"# cnn_train cpu={cpu.replace(' ', '_')} avx512={avx512} "
          f"cores={os.cpu_count()} torch={torch.__version__} "
          f"mkldnn={torch.backends.mkldnn.is_available()} loadavg={loadavg()}",
          flush=True)
    xtr_np, ytr_np = load_train()
    xtr = torch.from_numpy(xtr_np).view(-1, 1, 28, 28)
    ytr = torch.from_numpy(ytr_np)
    workdir = tempfile.mkdtemp(prefix="cnn_train.")
    step_file = os.path.join(workdir, "train_step.mlir")
    run([args.aicc, "train", "lenet", "--epochs", "1", "--train-limit", "256",
         "--test-limit", "100", "--no-progress", "--dump-train-step", step_file])
    step_inputs = train_step_inputs(step_file, workdir, xtr_np, ytr_np)

    a_train, a_bench, t_train, foreign = [], [], [], []
    for r in range(args.repeats):
        mon = CpuMonitor()
        a_train.append(aicc_train_rate())
        t_train.append(torch_train_rate(xtr, ytr))
        us = aicc_bench_us(step_file, args.bench_repeats, step_inputs)
        a_bench.append(BATCH / us * 1e6)
        foreign.append(mon.foreign_cores())
        print(f"repeat={r} aicc_train_samples_per_s={a_train[-1]:.0f} "
              f"aicc_bench_samples_per_s={a_bench[-1]:.0f} "
              f"torch_samples_per_s={t_train[-1]:.0f} "
              f"foreign_cores={foreign[-1]} loadavg={loadavg()}", flush=True)
    tm = statistics.median(t_train)
    for mode, rates in (("train", a_train), ("bench", a_bench)):
        am = statistics.median(rates)
        result(name="lenet_train", mode=mode, batch=BATCH, threads=1,
               aicc_samples_per_s=am, torch_samples_per_s=tm,
               ratio=round(am / tm, 3), foreign_cores_max=max(foreign))

    if args.no_layers:
        return 0
    for key, (path, fn) in layer_modules(workdir).items():
        mon = CpuMonitor()
        a_us = aicc_bench_us(path, 100)
        t_us = torch_call_us(fn)
        result(name=key, batch=BATCH, threads=1, aicc_us=a_us, torch_us=t_us,
               ratio=round(t_us / a_us, 3), foreign_cores=mon.foreign_cores())
    return 0


if __name__ == "__main__":
    sys.exit(main())
