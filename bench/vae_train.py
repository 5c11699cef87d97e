#!/usr/bin/python3
"""Training throughput, test negative ELBO and prior-sampling time of the
built-in VAE in aicc and in PyTorch, measured in the same run.

PyTorch runs ../shared/bench-ref/vae_train.py's set-up (Debian's torch, 1
thread, OpenBLAS/OpenMP pinned to 1 thread): encoder 784-400 ReLU, 400-20 mu,
400-20 logvar; z = mu + eps * exp(logvar / 2); decoder 20-400 ReLU, 400-784
sigmoid; loss = binary cross-entropy summed over pixels and batch + KL; Adam
1e-3, batch 128; Fashion-MNIST pixels / 255 as the targets. aicc runs `aicc
train vae` with Adam 1e-3 at a constant rate (its own initializers, shuffling
and noise). aicc and PyTorch never run at the same time.

Phases (--phases, comma-separated; default all three):
  throughput  PyTorch: steps on a random batch gathered every step (gather
              timed), --warmup untimed, then the median of --windows windows
              of --steps-per-window steps. aicc: epoch 2's samples_per_s of
              `aicc train vae --epochs 2 --train-limit SAMPLES --test-limit
              1000` (the training loop, not compilation or evaluation).
  quality     Negative ELBO per test image (nats; 10,000 images, one z draw
              each) after epoch 1 and epoch --epochs, for each seed. PyTorch:
              torch.manual_seed(seed) before the initialization, each epoch a
              torch.randperm of the 60,000 training images (generator seeded
              seed + 100, last partial batch kept), evaluation noise seeded
              1234. aicc: `aicc train vae --epochs E --seed S`.
  sample      64 images decoded from z ~ N(0, I) drawn inside the timed call.
              PyTorch: torch.randn(64, 20) and the decoder under no_grad,
              median of 5 windows of ~0.5 s of calls. aicc: `aicc sample vae
              --count 64 --repeats 2000`'s sample_us_per_call (median call)
              on the checkpoint of `aicc train vae --epochs 1 --train-limit
              2560`; PyTorch's decoder gets the same 20 training steps.
Throughput and sampling are taken --repeats times (median).

usage: bench/vae_train.py [--aicc build/bin/aicc] [--torch-only]
                          [--phases throughput,quality,sample] [--repeats 3]
                          [--samples 25600] [--seeds 0-2] [--epochs 5]
Prints one line per repeat or run, each phase's wall time, and:
  RESULT name=vae_train batch=128 threads=1 aicc_samples_per_s=...
         torch_samples_per_s=... ratio=... foreign_cores_max=...
  RESULT name=vae_quality_run impl=aicc|torch seed=S epoch=E test_neg_elbo=...
  RESULT name=vae_quality epoch=E seeds=N aicc_test_neg_elbo_mean=...
         torch_test_neg_elbo_mean=... rel_diff=... [target_rel=0.01 ok=yes|no]
  RESULT name=vae_sample64 threads=1 aicc_us=... torch_us=... ratio=...
ratio is aicc's speed over torch's (samples/s over samples/s, or torch_us /
aicc_us): > 1 means aicc is faster. rel_diff = (aicc - torch) / torch, > 0
when aicc's bound is worse; the target is rel_diff <= --target after the last
epoch (ok=; exit status 1 if missed). foreign_cores: busy cores of other
processes while a figure was taken. --torch-only: no aicc, torch's figures only.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import benchlib as bl  # noqa: E402

PHASES = ("throughput", "quality", "sample")
ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--aicc", default=os.path.join(HERE, "..", "build", "bin", "aicc"))
ap.add_argument("--torch-only", action="store_true", help="do not run aicc")
ap.add_argument("--phases", default=",".join(PHASES))
ap.add_argument("--repeats", type=int, default=3,
                help="times the throughput and sampling figures are taken (median)")
ap.add_argument("--samples", type=int, default=25600,
                help="training images per epoch of aicc's throughput run")
ap.add_argument("--warmup", type=int, default=20)
ap.add_argument("--windows", type=int, default=5)
ap.add_argument("--steps-per-window", type=int, default=100)
ap.add_argument("--seeds", default="0-2", help="a range A-B or a list a,b,c")
ap.add_argument("--epochs", type=int, default=5, help="epochs of the quality runs")
ap.add_argument("--target", type=float, default=0.01,
                help="largest rel_diff allowed after the last epoch")
args = ap.parse_args()
phases = args.phases.split(",")
if not set(phases) <= set(PHASES):
    sys.exit(f"error: --phases takes a comma-separated subset of {','.join(PHASES)}")
SEEDS = bl.parse_seeds(args.seeds)
if not args.torch_only and not os.access(args.aicc, os.X_OK):
    sys.exit(f"error: no aicc at {args.aicc} (build it, pass --aicc, or --torch-only)")

torch = bl.single_thread_torch()
STEADY_MALLOC = bl.steady_malloc()
import torch.nn.functional as F  # noqa: E402

BATCH, LATENT = 128, 20
# aicc's defaults, spelled out so that a change of default cannot change the
# recipe compared.
AICC_RECIPE = ["--optimizer", "adam", "--lr", "0.001", "--lr-schedule", "constant",
               "--no-progress"]


# ------------------------------------------------------------------ PyTorch
class VAE(torch.nn.Module):
    """The model of ../shared/bench-ref/vae_train.py."""

    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(784, 400)
        self.fc21 = torch.nn.Linear(400, LATENT)
        self.fc22 = torch.nn.Linear(400, LATENT)
        self.fc3 = torch.nn.Linear(LATENT, 400)
        self.fc4 = torch.nn.Linear(400, 784)

    def decode(self, z):
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z))))

    def forward(self, x):
        h = F.relu(self.fc1(x))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.decode(z), mu, logvar


def neg_elbo_sum(m, x):
    """The negative ELBO of batch x, summed over the batch (one z draw)."""
    recon, mu, logvar = m(x)
    bce = F.binary_cross_entropy(recon, x, reduction="sum")
    return bce - 0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())


def make(seed):
    torch.manual_seed(seed)
    m = VAE()
    return m, torch.optim.Adam(m.parameters(), lr=1e-3)


def train_step(m, o, xb):
    o.zero_grad(set_to_none=True)
    neg_elbo_sum(m, xb).backward()
    o.step()


def evaluate(m, xte):
    """Negative ELBO per test image, with fixed noise (the training RNG
    untouched)."""
    total = 0.0
    with torch.random.fork_rng(), torch.no_grad():
        torch.manual_seed(1234)
        for i in range(0, xte.shape[0], 1000):
            total += neg_elbo_sum(m, xte[i:i + 1000]).item()
    return total / xte.shape[0]


def torch_quality(xtr, xte, seed, eval_epochs):
    """{epoch: test negative ELBO} of the reference's training run."""
    m, o = make(seed)
    gperm = torch.Generator().manual_seed(seed + 100)
    n, out = xtr.shape[0], {}
    for epoch in range(1, args.epochs + 1):
        perm = torch.randperm(n, generator=gperm)
        for i in range(0, n, BATCH):
            train_step(m, o, xtr[perm[i:i + BATCH]])
        if epoch in eval_epochs:
            out[epoch] = evaluate(m, xte)
    return out


# ------------------------------------------------------------------ aicc
def aicc_train(epochs, seed, *extra):
    """{epoch: (test_neg_elbo, samples_per_s)} of `aicc train vae`."""
    p = bl.run([args.aicc, "train", "vae", "--epochs", str(epochs), "--seed", str(seed),
                *AICC_RECIPE, *extra])
    lines = bl.expect(p, r"^epoch=(\d+) .*\btest_neg_elbo=(\S+) .*\bsamples_per_s=(\S+)$",
                      "epoch line (epoch=E train_neg_elbo=X test_neg_elbo=Y samples_per_s=Z)")
    got = {int(e): (float(t), float(s)) for e, t, s in lines}
    if sorted(got) != list(range(1, epochs + 1)):
        bl.fail(p, f"printed epoch lines for {sorted(got)}, expected 1..{epochs}")
    return got


def aicc_sample_us(checkpoint, workdir):
    p = bl.run([args.aicc, "sample", "vae", "--checkpoint", checkpoint,
                "--out", os.path.join(workdir, "sample.png"), "--count", "64",
                "--repeats", "2000"])
    return float(bl.expect(p, r"^sample_us_per_call=(\S+)", "sample_us_per_call= line")[-1])


# ------------------------------------------------------------------ phases
def medians(unit, aicc, torch_):
    """{aicc_<unit>, torch_<unit>, ratio (aicc's speed over torch's)} of the
    medians, aicc's only if it ran."""
    t = statistics.median(torch_)
    if not aicc:
        return {f"torch_{unit}": t}
    a = statistics.median(aicc)
    return {f"aicc_{unit}": a, f"torch_{unit}": t,
            "ratio": round(t / a if unit == "us" else a / t, 3)}


def repeated(aicc_fn, torch_fn, unit):
    """aicc_fn() then torch_fn() --repeats times, each printed; the medians
    and the largest foreign load."""
    aicc, torch_, foreign = [], [], []
    for r in range(args.repeats):
        mon = bl.CpuMonitor()
        if not args.torch_only:
            aicc.append(aicc_fn())
        torch_.append(torch_fn())
        foreign.append(mon.foreign_cores())
        a = f"aicc_{unit}={aicc[-1]:.1f} " if aicc else ""
        print(f"repeat={r} {a}torch_{unit}={torch_[-1]:.1f} "
              f"foreign_cores={foreign[-1]} loadavg={bl.loadavg()}", flush=True)
    return dict(medians(unit, aicc, torch_), foreign_cores_max=max(foreign))


def phase_throughput(xtr):
    def torch_rate():
        m, o = make(0)
        g = torch.Generator().manual_seed(1)
        return bl.median_rate(
            lambda: train_step(m, o, xtr[torch.randint(0, xtr.shape[0], (BATCH,), generator=g)]),
            BATCH, args.warmup, args.windows, args.steps_per_window)

    def aicc_rate():
        return aicc_train(2, 0, "--train-limit", str(args.samples), "--test-limit", "1000")[2][1]

    bl.result(name="vae_train", batch=BATCH, threads=1,
              **repeated(aicc_rate, torch_rate, "samples_per_s"))


def phase_quality(xtr):
    xte = torch.from_numpy(bl.load_fashion_mnist("test")[0])
    epochs = sorted({1, args.epochs})
    runs = {"aicc": [], "torch": []}
    for seed in SEEDS:
        for impl in ("torch",) if args.torch_only else ("aicc", "torch"):
            t0, mon = time.perf_counter(), bl.CpuMonitor()
            if impl == "aicc":
                got = {e: t for e, (t, _) in aicc_train(args.epochs, seed).items()}
            else:
                got = torch_quality(xtr, xte, seed, epochs)
            runs[impl].append(got)
            for e in epochs:
                bl.result(name="vae_quality_run", impl=impl, seed=seed, epoch=e,
                          test_neg_elbo=got[e], wall_s=round(time.perf_counter() - t0, 1),
                          foreign_cores=mon.foreign_cores())
    ok = True
    for e in epochs:
        t = statistics.mean(r[e] for r in runs["torch"])
        kv = dict(name="vae_quality", epoch=e, seeds=len(SEEDS), torch_test_neg_elbo_mean=t)
        if runs["aicc"]:
            a = statistics.mean(r[e] for r in runs["aicc"])
            kv.update(aicc_test_neg_elbo_mean=a, rel_diff=round((a - t) / t, 5))
            if e == args.epochs:
                ok = kv["rel_diff"] <= args.target
                kv.update(target_rel=args.target, ok="yes" if ok else "no")
        bl.result(**kv)
    return ok


def phase_sample(xtr):
    m, o = make(0)
    for i in range(0, 2560, BATCH):
        train_step(m, o, xtr[i:i + BATCH])
    m.eval()

    def sample64():
        with torch.no_grad():
            return m.decode(torch.randn(64, LATENT))

    with tempfile.TemporaryDirectory(prefix="vae_train.") as workdir:
        checkpoint = os.path.join(workdir, "vae.safetensors")
        if not args.torch_only:
            aicc_train(1, 0, "--train-limit", "2560", "--test-limit", "1000",
                       "--checkpoint", checkpoint)
        fields = repeated(lambda: aicc_sample_us(checkpoint, workdir),
                          lambda: bl.median_call_us(sample64), "us")
    bl.result(name="vae_sample64", threads=1, **fields)


def main():
    bl.header("vae_train", torch, phases=",".join(phases), torch_only=args.torch_only,
              steady_malloc=STEADY_MALLOC)
    xtr = torch.from_numpy(bl.load_fashion_mnist("train")[0])
    run = {"throughput": phase_throughput, "quality": phase_quality,
           "sample": phase_sample}
    ok = True
    for phase in PHASES:
        if phase in phases:
            t0 = time.perf_counter()
            ok &= run[phase](xtr) is not False
            print(f"# phase={phase} wall_s={time.perf_counter() - t0:.1f}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
