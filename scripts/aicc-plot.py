#!/usr/bin/python3
"""Plots a training run's metrics, as written by `aicc train --metrics`.

usage: aicc-plot.py METRICS.csv OUT.png|OUT.svg [--title T]

The CSV has a header and one row per training step: `epoch` and `step`
(1-based, step counts across epochs), exactly one `train_<name>` column (the
training loss) and optionally `lr`, `samples_per_s` and any `test_<metric>`
columns, which are filled only on the last step of an epoch (empty cells
elsewhere); other columns are ignored. The left panel shows the per-step
training loss, its per-epoch mean and test_<name> at the epoch ends; the
right panel (if any) the other test metrics per epoch. Exit status: 1 for an
unreadable or malformed CSV or an unwritable OUT (an existing OUT is kept),
2 for bad usage such as an OUT that is neither .png nor .svg.
"""
import argparse
import csv
import math
import os
import sys
import tempfile

PROG = "aicc-plot.py"


def fail(message, status=1):
    print(f"{PROG}: error: {message}", file=sys.stderr)
    sys.exit(status)


def read_metrics(path):
    """Returns (header, {column: [float or None per row]}, train column)."""
    try:
        with open(path, newline="") as f:
            rows = [row for row in csv.reader(f) if row]  # skip blank lines
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        fail(f"{path}: cannot read: {getattr(e, 'strerror', None) or e}")
    if not rows:
        fail(f"{path}: is empty (expected a header line)")
    header = [name.strip() for name in rows[0]]
    missing = [name for name in ("epoch", "step") if name not in header]
    if missing:
        fail(f"{path}: the header has no '{missing[0]}' column")
    train = [name for name in header if name.startswith("train_")]
    if len(train) != 1:
        fail(f"{path}: expected exactly one train_<name> column in the header, "
             f"got {len(train)}")
    if len(rows) < 2:
        fail(f"{path}: has no data rows")
    columns = {name: [] for name in header}
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            fail(f"{path}:{line}: expected {len(header)} fields, got {len(row)}")
        for name, text in zip(header, row):
            text = text.strip()
            if not text and name in ("epoch", "step", train[0]):
                fail(f"{path}:{line}: empty '{name}' value")
            try:
                columns[name].append(float(text) if text else None)
            except ValueError:
                fail(f"{path}:{line}: '{name}' is not a number: {text!r}")
    return header, columns, train[0]


def epoch_ends(columns):
    """The (epoch, last step, [row indices]) of each epoch, in file order."""
    epochs = {}
    for i, epoch in enumerate(columns["epoch"]):
        epochs.setdefault(epoch, []).append(i)
    return [(e, columns["step"][rows[-1]], rows) for e, rows in epochs.items()]


def plot(header, columns, train, title, out, fmt):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        fail(f"cannot import matplotlib ({e}); on Debian: apt-get install "
             "python3-matplotlib, and run this script with /usr/bin/python3")

    name = train[len("train_"):]
    tests = [c for c in header if c.startswith("test_") and c != "test_" + name
             and any(v is not None for v in columns[c])]
    ends = epoch_ends(columns)
    loss = [math.nan if v is None else v for v in columns[train]]
    fig, axes = plt.subplots(1, 2 if tests else 1, squeeze=False,
                             figsize=(12, 4.8) if tests else (7, 4.8))
    left = axes[0][0]
    left.plot(columns["step"], loss, lw=0.8, alpha=0.4, color="C0",
              label=f"{train} (per step)")
    means = [sum(loss[i] for i in rows) / len(rows) for _, _, rows in ends]
    left.plot([s for _, s, _ in ends], means, "o-", color="C0",
              label=f"{train} (epoch mean)")
    if "test_" + name in columns:
        xs, ys = points(columns["step"], columns["test_" + name])
        left.plot(xs, ys, "s-", color="C3", label=f"test_{name}")
    left.set(xlabel="step", ylabel=name.replace("_", " "), title=name)
    left.grid(alpha=0.3)
    left.legend()
    # Epoch numbers at the epoch ends, at most ~12 labels.
    top = left.secondary_xaxis("top")
    stride = max(1, math.ceil(len(ends) / 12))
    shown = ends[stride - 1::stride] if len(ends) > 1 else ends
    top.set_xticks([s for _, s, _ in shown])
    top.set_xticklabels([f"{e:g}" for e, _, _ in shown])
    top.set_xlabel("epoch (at its last step)")
    if tests:
        right = axes[0][1]
        for test in tests:
            xs, ys = points(columns["epoch"], columns[test])
            right.plot(xs, ys, "o-", label=test)
        right.set(xlabel="epoch", title="test metrics")
        right.set_xticks([e for e, _, _ in shown])
        right.grid(alpha=0.3)
        right.legend()
    fig.suptitle(title)
    fig.tight_layout()
    save(fig, out, fmt)


def points(xs, ys):
    """The (x, y) pairs where y is filled in."""
    pairs = [(x, y) for x, y in zip(xs, ys) if y is not None]
    return [x for x, _ in pairs], [y for _, y in pairs]


def save(fig, out, fmt):
    """Writes to a temporary file next to OUT, then renames it over OUT."""
    target = os.path.realpath(out)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target),
                                   prefix=f".{os.path.basename(target)}.")
        os.close(fd)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        fig.savefig(tmp, format=fmt, dpi=120,
                    metadata={"Date": None} if fmt == "svg" else None)
        os.replace(tmp, target)
    except Exception as e:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        fail(f"{out}: cannot write: {getattr(e, 'strerror', None) or e}")


def main():
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n")[0])
    parser.add_argument("metrics", help="the CSV from `aicc train --metrics`")
    parser.add_argument("out", help="the plot to write: .png or .svg")
    parser.add_argument("--title", help="figure title (default: the CSV name)")
    args = parser.parse_args()
    fmt = os.path.splitext(args.out)[1].lower().lstrip(".")
    if fmt not in ("png", "svg"):
        fail(f"{args.out}: the output must end in .png or .svg", status=2)
    header, columns, train = read_metrics(args.metrics)
    title = args.title if args.title is not None else os.path.basename(args.metrics)
    plot(header, columns, train, title, args.out, fmt)


if __name__ == "__main__":
    main()
