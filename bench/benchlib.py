"""Helpers shared by the bench scripts that compare aicc with PyTorch in the
same run (the set-up of ../shared/bench-ref/refcommon.py, kept here so that
the scripts depend on nothing outside the repository).

    import benchlib as bl
    torch = bl.single_thread_torch()   # before anything imports numpy/torch
    bl.steady_malloc()
    x, y = bl.load_fashion_mnist("train")
    mon = bl.CpuMonitor(); ...; mon.foreign_cores()
    bl.median_rate(step, items_per_call=128)   # items/s, median window
    bl.median_call_us(fn)                      # us per call, median window
    p = bl.run([aicc, ...]); bl.expect(p, r"^epoch=(\\d+) ...", "epoch lines")
    bl.result(name="...", key=value)          # RESULT name=... key=value
"""
import gzip
import os
import re
import resource
import statistics
import struct
import subprocess
import sys
import time

FMNIST = "/usr/share/datasets/fashion-mnist"


def single_thread_torch():
    """Pins OpenMP, MKL and OpenBLAS to one thread and returns torch with one
    intra-op thread. Debian's torch calls the pthread OpenBLAS, whose pool
    torch.set_num_threads does not govern and which is sized when numpy or
    torch is loaded: call this before either is imported."""
    if "numpy" in sys.modules or "torch" in sys.modules:
        raise RuntimeError("single_thread_torch() after numpy/torch was imported")
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = "1"
    import torch
    torch.set_num_threads(1)
    return torch


def steady_malloc():
    """Raises glibc's mmap threshold to 32 MiB and its trim threshold to
    64 MiB, the values glibc sets by itself once a block of about 32 MiB has
    been freed (as when ../shared/bench-ref's scripts load Fashion-MNIST's
    test set, so their PyTorch figures are taken in this state). Without it each of PyTorch's per-step buffers over 128 KiB is mmapped and
    unmapped again: the VAE's training steps ran 3x slower on this machine,
    the time going to page faults. True if glibc took the settings."""
    import ctypes
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3
    return bool(libc.mallopt(m_mmap_threshold, 32 << 20)
                and libc.mallopt(m_trim_threshold, 64 << 20))


def parse_seeds(text):
    """[A..B] of "A-B", or the list of "a,b,c"."""
    if "-" in text:
        lo, hi = map(int, text.split("-"))
        return list(range(lo, hi + 1))
    return [int(s) for s in text.split(",")]


# ------------------------------------------------------------------ machine
class CpuMonitor:
    """Busy cores of other processes over an interval (from /proc/stat, less
    this process's and its waited-for children's CPU time): on a shared
    machine this load moves the figures."""

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


def header(script, torch, **extra):
    """The '# script cpu=... avx512=... cores=... torch=... loadavg=...' line."""
    name, avx512 = "unknown", False
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name") and name == "unknown":
                name = line.split(":", 1)[1].strip()
            if line.startswith("flags"):
                avx512 = avx512 or " avx512f" in line
    more = "".join(f" {k}={v}" for k, v in extra.items())
    print(f"# {script} cpu={name.replace(' ', '_')} avx512={avx512} "
          f"cores={os.cpu_count()} torch={torch.__version__}{more} "
          f"loadavg={loadavg()}", flush=True)


# ------------------------------------------------------------------ data
def read_idx(path):
    """(dims, uint8 array) of a gzip-compressed unsigned-byte IDX file."""
    import numpy as np
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    assert zero == 0 and dtype == 0x08, path
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return dims, np.frombuffer(data, np.uint8, offset=4 + 4 * ndim)


def load_fashion_mnist(split="train", data_dir=FMNIST):
    """Fashion-MNIST's "train" or "test" images (N x 784 float32, pixels / 255
    in [0, 1]) and labels (int64), as numpy arrays."""
    pre = "train" if split == "train" else "t10k"
    path = os.path.join(data_dir, f"{pre}-images-idx3-ubyte.gz")
    if not os.path.exists(path):
        sys.exit(f"error: no {path} (apt-get install dataset-fashion-mnist)")
    dims, raw = read_idx(path)
    x = raw.reshape(dims[0], dims[1] * dims[2]).astype("float32") / 255.0
    _, labels = read_idx(os.path.join(data_dir, f"{pre}-labels-idx1-ubyte.gz"))
    return x, labels.astype("int64")


# ------------------------------------------------------------------ timing
def median_rate(step, items_per_call, warmup=20, windows=5, calls_per_window=100):
    """Items per second of step() (a training step, its batch gathering
    included): `warmup` untimed calls, then the median of `windows` timed
    windows of `calls_per_window` calls."""
    for _ in range(warmup):
        step()
    rates = []
    for _ in range(windows):
        t0 = time.perf_counter()
        for _ in range(calls_per_window):
            step()
        rates.append(items_per_call * calls_per_window / (time.perf_counter() - t0))
    return statistics.median(rates)


def median_call_us(fn, seconds=0.5, windows=5, warmup=50):
    """Microseconds per call of fn(): `warmup` untimed calls, a 0.2 s
    calibration, then the median of `windows` windows of about `seconds`."""
    for _ in range(warmup):
        fn()
    t0, calls = time.perf_counter(), 0
    while time.perf_counter() - t0 < 0.2:
        fn()
        calls += 1
    calls = max(3, int(seconds * calls / (time.perf_counter() - t0)))
    per = []
    for _ in range(windows):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        per.append((time.perf_counter() - t0) / calls * 1e6)
    return statistics.median(per)


# ------------------------------------------------------------------ aicc
def run(cmd):
    """The finished process of cmd (output captured); exits showing its
    output if it fails."""
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        fail(p, f"exited with {p.returncode}")
    return p


def expect(p, pattern, what):
    """re.findall(pattern) over p's stdout (multi-line mode); exits showing
    p's output if nothing matches."""
    found = re.findall(pattern, p.stdout, re.M)
    if not found:
        fail(p, f"printed no {what}")
    return found


def fail(p, why):
    sys.exit(f"error: {' '.join(p.args)} {why}\n--- stdout (end):\n"
             f"{p.stdout[-2000:]}\n--- stderr (end):\n{p.stderr[-3000:]}")


def result(**kv):
    """Prints `RESULT k=v ...`; floats with 6 significant digits."""
    parts = [f"{k}={v:.6g}" if isinstance(v, float) else f"{k}={v}"
             for k, v in kv.items()]
    print("RESULT " + " ".join(parts), flush=True)
