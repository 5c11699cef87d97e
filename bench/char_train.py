#!/usr/bin/python3
"""Validation bits per character, training throughput and sampling time of the
built-in character-level language models in aicc and in PyTorch, measured in
the same run.

PyTorch runs ../shared/bench-ref/char_rnn.py's set-up (Debian's torch,
--threads threads, OpenBLAS/OpenMP pinned to as many): the fortunes corpus
(every regular file in /usr/share/games/fortunes but *.dat and symlinks,
sorted by name, UTF-8 with invalid bytes replaced, '%' lines dropped, joined
by '\\n'), vocabulary = its distinct characters, the first 95% of it the
training set and the rest the validation set; Embedding(V, 64), one layer of
LSTM, tanh RNN or GRU (--cells) with 256 units, batch first, Linear(256, V);
batches of 32 sequences of 64 characters at random offsets of the training
set, zero initial state, mean cross-entropy over the 32 x 64 next-character
targets, Adam 2e-3, no clipping. aicc runs `aicc train char-CELL` with its
defaults, which are this recipe (its own initializers and offsets). aicc and
PyTorch never run at the same time.

Phases (--phases, comma-separated; default all three), for each cell:
  quality  For each seed, --steps steps. train_bpc: the mean loss of the last
           50 steps / ln 2; val_bpc: the mean loss over the validation set cut
           into whole sequences of 64 (from a zero state each) / ln 2.
           PyTorch: torch.manual_seed(seed) before the initialization, offsets
           from a generator seeded seed + 1 (char_rnn.py's for seed 0). aicc:
           the last step= line of `aicc train char-CELL --steps N --seed S`.
  train    Sequences/s, --speed-steps steps. PyTorch: per-step times, batch
           gathering included, --warmup steps dropped, the median of windows
           of --window steps (as char_rnn.py, which takes windows of 100; one
           shorter window if no full one fits). aicc: chars_per_s / 64 of
           `aicc train char-CELL --steps SPEED_STEPS --eval-every WINDOW
           --checkpoint C` (every SPEED_STEPS / 3 steps if that is under 2
           windows), the median of its intervals after the first (a final
           shorter interval left out when full ones remain).
  sample   Milliseconds to generate 500 characters at temperature 0.8, batch
           1, from "\\n". PyTorch: char_rnn.py's generate() on the model of
           its train phase (a 20-character warm-up, then the median of 5).
           aicc: `aicc sample char-CELL --checkpoint C --length 500
           --temperature 0.8 --seed 0 --repeats 5`'s sample_ms_per_call on
           the checkpoint of its train phase (needs that phase).

usage: bench/char_train.py [--aicc build/bin/aicc] [--torch-only]
                           [--cells lstm,rnn] [--phases quality,train,sample]
                           [--steps 2000] [--speed-steps 320] [--seeds 0]
                           [--threads 1]
Prints one line per run, each phase's wall time, and for each cell:
  RESULT name=char_quality_run cell=C impl=aicc|torch seed=S steps=N
         train_bpc=... val_bpc=... wall_s=... foreign_cores=...
  RESULT name=char_quality cell=C steps=N seeds=K aicc_train_bpc=...
         torch_train_bpc=... aicc_val_bpc=... torch_val_bpc=...
         train_rel_diff=... val_rel_diff=... target=0.03 pass=yes|no
  RESULT name=char_train cell=C batch=32 threads=T aicc_seqs_per_s=...
         torch_seqs_per_s=... ratio=... target=1.5 pass=yes|no
         foreign_cores_max=...
  RESULT name=char_sample cell=C chars=500 aicc_ms=... torch_ms=... ratio=...
         target=10 pass=yes|no foreign_cores_max=...
The bpc figures are means over the seeds. rel_diff = (aicc - torch) / torch,
> 0 when aicc's bpc is worse; pass= when both rel_diffs are <= --target-quality.
ratio is aicc's speed over torch's (seqs/s over seqs/s, or torch_ms /
aicc_ms): > 1 means aicc is faster; pass= when ratio >= --target-train-speed
or --target-sample-speed. Exit status 1 if a target is missed. foreign_cores:
busy cores of other processes while a figure was taken. --torch-only: no
aicc, torch's figures only (no ratios, no pass=).
"""
import argparse
import math
import os
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import benchlib as bl  # noqa: E402

PHASES = ("quality", "train", "sample")
CELLS = ("lstm", "rnn", "gru")
ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--aicc", default=os.path.join(HERE, "..", "build", "bin", "aicc"))
ap.add_argument("--torch-only", action="store_true", help="do not run aicc")
ap.add_argument("--cells", default="lstm,rnn", help="comma-separated subset of lstm,rnn,gru")
ap.add_argument("--phases", default=",".join(PHASES))
ap.add_argument("--steps", type=int, default=2000, help="training steps of the quality runs")
ap.add_argument("--speed-steps", type=int, default=320,
                help="training steps of the throughput runs")
ap.add_argument("--warmup", type=int, default=20,
                help="PyTorch steps left out of the throughput")
ap.add_argument("--window", type=int, default=50,
                help="steps per throughput window (aicc's --eval-every)")
ap.add_argument("--seeds", default="0", help="a range A-B or a list a,b,c")
ap.add_argument("--threads", type=int, default=1, help="PyTorch's threads")
ap.add_argument("--target-quality", type=float, default=0.03,
                help="largest train/val rel_diff allowed")
ap.add_argument("--target-train-speed", type=float, default=1.5,
                help="smallest training ratio (aicc / torch) allowed")
ap.add_argument("--target-sample-speed", type=float, default=10.0,
                help="smallest sampling ratio (torch_ms / aicc_ms) allowed")
args = ap.parse_args()
phases = args.phases.split(",")
if not set(phases) <= set(PHASES):
    sys.exit(f"error: --phases takes a comma-separated subset of {','.join(PHASES)}")
cells = args.cells.split(",")
if not cells or not set(cells) <= set(CELLS):
    sys.exit(f"error: --cells takes a comma-separated subset of {','.join(CELLS)}")
SEEDS = bl.parse_seeds(args.seeds)
if args.steps < 50:
    sys.exit("error: --steps must be at least 50 (train_bpc is the mean of the last 50 steps)")
if args.speed_steps <= args.warmup:
    sys.exit(f"error: --speed-steps must exceed --warmup ({args.warmup})")
if "sample" in phases and "train" not in phases:
    sys.exit("error: the sample phase needs the train phase (its model and checkpoint)")
if args.window < 1 or args.threads < 1:
    sys.exit("error: --window and --threads must be positive")
if not args.torch_only and not os.access(args.aicc, os.X_OK):
    sys.exit(f"error: no aicc at {args.aicc} (build it, pass --aicc, or --torch-only)")


def load_torch(threads):
    """torch with `threads` intra-op threads, OpenMP/MKL/OpenBLAS pinned to as
    many (before numpy or torch is loaded: see bl.single_thread_torch)."""
    if threads == 1:
        return bl.single_thread_torch()
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(threads)
    import torch
    torch.set_num_threads(threads)
    return torch


torch = load_torch(args.threads)
STEADY_MALLOC = bl.steady_malloc()
import torch.nn.functional as F  # noqa: E402

EMB, HIDDEN, BATCH, SEQ, LR = 64, 256, 32, 64, 2e-3
GEN_CHARS, GEN_REPS, TEMPERATURE = 500, 5, 0.8
FORTUNES = "/usr/share/games/fortunes"


# ------------------------------------------------------------------ corpus
def load_fortunes(root=FORTUNES):
    """(text, files) exactly as ../shared/bench-ref/refcommon.load_fortunes."""
    if not os.path.isdir(root):
        sys.exit(f"error: no {root} (apt-get install fortunes)")
    files = [os.path.join(root, n) for n in sorted(os.listdir(root))
             if not n.endswith(".dat") and not os.path.islink(os.path.join(root, n))
             and os.path.isfile(os.path.join(root, n))]
    chunks = []
    for p in files:
        with open(p, "rb") as f:
            txt = f.read().decode("utf-8", errors="replace")
        chunks.append("\n".join(ln for ln in txt.split("\n") if ln.strip() != "%"))
    return "\n".join(chunks), files


class Corpus:
    def __init__(self):
        text, files = load_fortunes()
        self.files, self.chars = len(files), sorted(set(text))
        self.stoi = {c: i for i, c in enumerate(self.chars)}
        self.V = len(self.chars)
        data = torch.tensor([self.stoi[c] for c in text], dtype=torch.long)
        ntr = int(len(data) * 0.95)
        self.train, self.val = data[:ntr], data[ntr:]


# ------------------------------------------------------------------ PyTorch
class CharLM(torch.nn.Module):
    """The model of ../shared/bench-ref/char_rnn.py (GRU added)."""

    def __init__(self, cell, V):
        super().__init__()
        self.emb = torch.nn.Embedding(V, EMB)
        if cell == "lstm":
            self.rnn = torch.nn.LSTM(EMB, HIDDEN, num_layers=1, batch_first=True)
        elif cell == "gru":
            self.rnn = torch.nn.GRU(EMB, HIDDEN, num_layers=1, batch_first=True)
        else:
            self.rnn = torch.nn.RNN(EMB, HIDDEN, num_layers=1, nonlinearity="tanh",
                                    batch_first=True)
        self.out = torch.nn.Linear(HIDDEN, V)

    def forward(self, x, state=None):
        h, state = self.rnn(self.emb(x), state)
        return self.out(h), state


class Trainer:
    """char_rnn.py's model, optimizer, batches and training step."""

    def __init__(self, corpus, cell, seed):
        self.c = corpus
        torch.manual_seed(seed)
        self.model = CharLM(cell, corpus.V)
        self.opt = torch.optim.Adam(self.model.parameters(), lr=LR)
        self.g = torch.Generator().manual_seed(seed + 1)
        self.offs = torch.arange(SEQ + 1)

    def step(self):
        """One training step, batch gathering included; its loss (nats)."""
        train = self.c.train
        starts = torch.randint(0, len(train) - SEQ - 1, (BATCH,), generator=self.g)
        chunk = train[starts[:, None] + self.offs]
        x, y = chunk[:, :-1], chunk[:, 1:]
        self.opt.zero_grad(set_to_none=True)
        logits, _ = self.model(x)
        loss = F.cross_entropy(logits.reshape(-1, self.c.V), y.reshape(-1))
        loss.backward()
        self.opt.step()
        return loss.item()

    def val_loss(self):
        """Mean loss (nats) over the validation set, as char_rnn.py's."""
        m, val, V = self.model, self.c.val, self.c.V
        m.eval()
        n = (len(val) - 1) // SEQ
        xs = val[:n * SEQ].view(n, SEQ)
        ys = val[1:n * SEQ + 1].view(n, SEQ)
        tot = 0.0
        with torch.no_grad():
            for i in range(0, n, 256):
                logits, _ = m(xs[i:i + 256])
                tot += F.cross_entropy(logits.reshape(-1, V), ys[i:i + 256].reshape(-1),
                                       reduction="sum").item()
        m.train()
        return tot / (n * SEQ)

    def generate(self, n, gen):
        """char_rnn.py's generate(): batch 1, prime "\\n", one character per
        call with the state carried."""
        m = self.model
        m.eval()
        out = []
        with torch.no_grad():
            x = torch.tensor([[self.c.stoi["\n"]]])
            state = None
            for _ in range(n):
                logits, state = m(x, state)
                p = torch.softmax(logits[0, -1] / TEMPERATURE, dim=-1)
                nxt = torch.multinomial(p, 1, generator=gen)
                out.append(int(nxt))
                x = nxt.view(1, 1)
        m.train()
        return "".join(self.c.chars[i] for i in out)


def torch_quality(corpus, cell, seed):
    """(train_bpc, val_bpc) after --steps steps."""
    t = Trainer(corpus, cell, seed)
    losses = [t.step() for _ in range(args.steps)]
    return statistics.mean(losses[-50:]) / math.log(2), t.val_loss() / math.log(2)


def torch_speed(corpus, cell):
    """(sequences/s, trainer) of --speed-steps steps: the median window of
    --window steps after --warmup (one shorter window if there is no full
    one)."""
    t = Trainer(corpus, cell, 0)
    step_t = []
    for _ in range(args.speed_steps):
        s0 = time.perf_counter()
        t.step()
        step_t.append(time.perf_counter() - s0)
    st = step_t[args.warmup:]
    w = args.window if len(st) >= args.window else len(st)
    wins = [sum(st[i:i + w]) for i in range(0, len(st) - w + 1, w)]
    return statistics.median(BATCH * w / s for s in wins), t


def torch_sample_ms(trainer):
    gen = torch.Generator().manual_seed(42)
    trainer.generate(20, gen)  # warm-up
    times = []
    for _ in range(GEN_REPS):
        t0 = time.perf_counter()
        text = trainer.generate(GEN_CHARS, gen)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3, text


# ------------------------------------------------------------------ aicc
STEP_FIELDS = ("train_bpc", "val_bpc", "chars_per_s")


def aicc_train(cell, steps, seed, *extra):
    """[(step, {train_bpc, val_bpc, chars_per_s})] of `aicc train char-CELL`'s
    step= lines, in order; the last one is step `steps`."""
    p = bl.run([args.aicc, "train", f"char-{cell}", "--steps", str(steps),
                "--seed", str(seed), *extra])
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("step=")]
    if not lines:
        bl.fail(p, "printed no step line (step=K train_bpc=X val_bpc=Y chars_per_s=Z)")
    got = []
    for ln in lines:
        kv = dict(tok.split("=", 1) for tok in ln.split() if "=" in tok)
        try:
            got.append((int(kv["step"]), {k: float(kv[k]) for k in STEP_FIELDS}))
        except (KeyError, ValueError):
            bl.fail(p, f"printed a step line without numeric {', '.join(STEP_FIELDS)}: {ln!r}")
    if got[-1][0] != steps:
        bl.fail(p, f"printed its last step line for step {got[-1][0]}, expected {steps}")
    return got


def aicc_speed(cell, checkpoint):
    """Sequences/s of `aicc train char-CELL --steps --speed-steps`: the median
    of its intervals after the first, a final shorter one left out when full
    ones remain."""
    n = args.speed_steps
    every = args.window if n >= 2 * args.window else max(1, n // 3)
    got = aicc_train(cell, n, 0, "--eval-every", str(every), "--checkpoint", checkpoint)
    if len(got) < 2:
        sys.exit(f"error: aicc train char-{cell} --eval-every {every} printed "
                 f"{len(got)} step line(s) for {n} steps, expected {-(-n // every)}")
    later = got[1:]
    full = [(k, r) for (k, r), (k0, _) in zip(later, got) if k - k0 == every]
    rates = [r["chars_per_s"] / SEQ for _, r in (full or later)]
    return statistics.median(rates)


def aicc_sample_ms(cell, checkpoint):
    p = bl.run([args.aicc, "sample", f"char-{cell}", "--checkpoint", checkpoint,
                "--length", str(GEN_CHARS), "--temperature", str(TEMPERATURE),
                "--seed", "0", "--repeats", str(GEN_REPS)])
    ms, length = bl.expect(p, r"^sample_ms_per_call=(\S+) length=(\d+)",
                           "sample_ms_per_call=M length=L repeats=R line")[-1]
    if int(length) != GEN_CHARS:
        bl.fail(p, f"generated {length} characters, expected {GEN_CHARS}")
    return float(ms)


# ------------------------------------------------------------------ phases
def verdict(ok):
    return "yes" if ok else "no"


def phase_quality(corpus, cell, state):
    runs = {"aicc": [], "torch": []}
    for seed in SEEDS:
        for impl in ("torch",) if args.torch_only else ("aicc", "torch"):
            t0, mon = time.perf_counter(), bl.CpuMonitor()
            if impl == "aicc":
                r = aicc_train(cell, args.steps, seed)[-1][1]
                got = (r["train_bpc"], r["val_bpc"])
            else:
                got = torch_quality(corpus, cell, seed)
            runs[impl].append(got)
            bl.result(name="char_quality_run", cell=cell, impl=impl, seed=seed,
                      steps=args.steps, train_bpc=got[0], val_bpc=got[1],
                      wall_s=round(time.perf_counter() - t0, 1),
                      foreign_cores=mon.foreign_cores())
    mean = {impl: [statistics.mean(r[i] for r in rs) for i in (0, 1)]
            for impl, rs in runs.items() if rs}
    kv = dict(name="char_quality", cell=cell, steps=args.steps, seeds=len(SEEDS))
    if args.torch_only:
        kv.update(torch_train_bpc=mean["torch"][0], torch_val_bpc=mean["torch"][1])
        bl.result(**kv)
        return True
    (at, av), (tt, tv) = mean["aicc"], mean["torch"]
    kv.update(aicc_train_bpc=at, torch_train_bpc=tt, aicc_val_bpc=av, torch_val_bpc=tv,
              train_rel_diff=round((at - tt) / tt, 5), val_rel_diff=round((av - tv) / tv, 5))
    ok = max(kv["train_rel_diff"], kv["val_rel_diff"]) <= args.target_quality
    bl.result(**kv, target=args.target_quality, **{"pass": verdict(ok)})
    return ok


def phase_train(corpus, cell, state):
    mon = bl.CpuMonitor()
    kv = dict(name="char_train", cell=cell, batch=BATCH, threads=args.threads)
    ok = True
    if not args.torch_only:
        state["checkpoint"] = os.path.join(state["workdir"], f"char-{cell}.safetensors")
        a = aicc_speed(cell, state["checkpoint"])
        print(f"impl=aicc cell={cell} steps={args.speed_steps} seqs_per_s={a:.1f} "
              f"loadavg={bl.loadavg()}", flush=True)
    t, state["trainer"] = torch_speed(corpus, cell)
    print(f"impl=torch cell={cell} steps={args.speed_steps} seqs_per_s={t:.1f} "
          f"loadavg={bl.loadavg()}", flush=True)
    if args.torch_only:
        kv.update(torch_seqs_per_s=t)
    else:
        ok = a / t >= args.target_train_speed
        kv.update(aicc_seqs_per_s=a, torch_seqs_per_s=t, ratio=round(a / t, 3),
                  target=args.target_train_speed, **{"pass": verdict(ok)})
    bl.result(**kv, foreign_cores_max=mon.foreign_cores())
    return ok


def phase_sample(corpus, cell, state):
    mon = bl.CpuMonitor()
    kv = dict(name="char_sample", cell=cell, chars=GEN_CHARS)
    ok = True
    if not args.torch_only:
        a = aicc_sample_ms(cell, state["checkpoint"])
    t, text = torch_sample_ms(state["trainer"])
    print(f"# torch sample ({cell}, T={TEMPERATURE}, after {args.speed_steps} steps): "
          f"{text[:120]!r}", flush=True)
    if args.torch_only:
        kv.update(torch_ms=t)
    else:
        ok = t / a >= args.target_sample_speed
        kv.update(aicc_ms=a, torch_ms=t, ratio=round(t / a, 3),
                  target=args.target_sample_speed, **{"pass": verdict(ok)})
    bl.result(**kv, foreign_cores_max=mon.foreign_cores())
    return ok


def main():
    avx2 = False
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("flags"):
                avx2 = avx2 or " avx2" in line
    bl.header("char_train", torch, avx2=avx2, threads=args.threads, cells=",".join(cells),
              phases=",".join(phases), torch_only=args.torch_only,
              steady_malloc=STEADY_MALLOC)
    corpus = Corpus()
    print(f"# corpus=fortunes files={corpus.files} chars={len(corpus.train) + len(corpus.val)} "
          f"vocab={corpus.V} train_chars={len(corpus.train)} val_chars={len(corpus.val)}",
          flush=True)
    run = {"quality": phase_quality, "train": phase_train, "sample": phase_sample}
    ok = True
    with tempfile.TemporaryDirectory(prefix="char_train.") as workdir:
        for cell in cells:
            state = {"workdir": workdir}
            for phase in PHASES:
                if phase in phases:
                    t0 = time.perf_counter()
                    ok &= run[phase](corpus, cell, state) is not False
                    print(f"# cell={cell} phase={phase} wall_s={time.perf_counter() - t0:.1f}",
                          flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
