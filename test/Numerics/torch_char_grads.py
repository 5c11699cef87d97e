#!/usr/bin/python3
"""aicc's built-in character language models against PyTorch: the loss and
every gradient on the same weights and batch, for the rnn, lstm and gru cells.

The models are the ones `aicc compile char-CELL --emit=aig` prints (batch 32,
sequence 64, V = 113 characters): the CharLM of
../shared/bench-ref/char_rnn.py, Embedding(V, 64) -> one-layer nn.RNN (tanh),
nn.LSTM or nn.GRU (64 -> 256, batch_first, zero initial state) ->
Linear(256, V), with the mean cross-entropy over all 32 x 64 next-character
targets as @loss. For each cell the script

1. takes the @loss signature (argument names in order: x, y, then the
   parameters with PyTorch's names and layouts) from that module;
2. builds the same model in PyTorch (seed 0 default initialization) and a
   batch of ids from a fixed RandomState: 32 rows of 65 random ids in [0, V),
   x the first 64 of each row and y the last 64 (x shifted by one);
3. computes F.cross_entropy(logits.reshape(-1, V), y.reshape(-1)) and its
   gradients with torch autograd;
4. runs `aicc run --autodiff --entry loss_grad` on the state_dict's weights
   and compares the loss and the gradients at rtol=1e-4,
   atol=1e-4 * max|grad| of each parameter.

Prints `PASS <cell> <what>` / `FAIL <cell> <what>: <reason>` and `SUMMARY
passed=N failed=M`; exits 1 on a failure.

    torch_char_grads.py --aicc PATH --workdir DIR [--cells rnn,lstm,gru]
"""

import argparse
import os
import re
import subprocess
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aicc_harness import float_mismatch  # noqa: E402

BATCH, SEQ, EMB, HIDDEN = 32, 64, 64, 256
RTOL, ATOL = 1e-4, 1e-4
CELLS = ("rnn", "lstm", "gru")


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        sys.exit(f"FAIL {' '.join(cmd[:3])}: exit {p.returncode}: "
                 f"{p.stderr[-2000:]}")
    return p.stdout


def loss_signature(module):
    """[(name, shape)] of @loss's arguments, in order."""
    m = re.search(r"func\.func @loss\((.*?)\)\s*->", module, re.S)
    args = re.findall(r'%\w+: tensor<([^>]*)> \{[^"]*aig\.name = "([^"]+)"',
                      m.group(1))
    return [(name, tuple(int(d) for d in ty.split("x")[:-1]))
            for ty, name in args]


class CharLM(torch.nn.Module):
    def __init__(self, cell, vocab):
        super().__init__()
        self.emb = torch.nn.Embedding(vocab, EMB)
        if cell == "lstm":
            self.rnn = torch.nn.LSTM(EMB, HIDDEN, num_layers=1,
                                     batch_first=True)
        elif cell == "gru":
            self.rnn = torch.nn.GRU(EMB, HIDDEN, num_layers=1,
                                    batch_first=True)
        else:
            self.rnn = torch.nn.RNN(EMB, HIDDEN, num_layers=1,
                                    nonlinearity="tanh", batch_first=True)
        self.out = torch.nn.Linear(HIDDEN, vocab)

    def forward(self, x):
        h, _ = self.rnn(self.emb(x))
        return self.out(h)


def torch_reference(cell, vocab, x, y):
    torch.manual_seed(0)
    model = CharLM(cell, vocab)
    logits = model(torch.from_numpy(x))
    loss = F.cross_entropy(logits.reshape(-1, vocab),
                           torch.from_numpy(y).reshape(-1))
    loss.backward()
    params = {n: p.detach().numpy().astype(np.float32).copy()
              for n, p in model.state_dict().items()}
    grads = {n: p.grad.numpy().copy() for n, p in model.named_parameters()}
    return float(loss), params, grads


def check_cell(aicc, workdir, cell):
    """[(what, actual, expected)] for the loss and each gradient."""
    cell_dir = os.path.join(workdir, cell)
    os.makedirs(cell_dir, exist_ok=True)
    module_path = os.path.join(cell_dir, f"char-{cell}.mlir")
    run([aicc, "compile", f"char-{cell}", "--emit=aig", "-o", module_path])
    with open(module_path) as f:
        sig = loss_signature(f.read())
    shapes = dict(sig)
    vocab = shapes["emb.weight"][0]
    seq = np.random.RandomState(1234).randint(
        0, vocab, (BATCH, SEQ + 1)).astype(np.int64)
    x, y = seq[:, :-1].copy(), seq[:, 1:].copy()
    ref_loss, params, ref_grads = torch_reference(cell, vocab, x, y)

    inputs = {"x": x, "y": y, **params}
    out = os.path.join(cell_dir, "out")
    cmd = [aicc, "run", module_path, "--autodiff", "--entry", "loss_grad",
           "--quiet", "--out-dir", out]
    for name, shape in sig:
        if name not in inputs:
            sys.exit(f"FAIL {cell}: @loss argument {name} has no PyTorch "
                     f"counterpart")
        if inputs[name].shape != shape:
            sys.exit(f"FAIL {cell}: {name} is {shape} in @loss, "
                     f"{inputs[name].shape} in PyTorch")
        path = os.path.join(cell_dir, f"in_{name}.npy")
        np.save(path, inputs[name])
        cmd += ["--input", path]
    run(cmd)
    param_names = [n for n, _ in sig if n in params]
    checks = [("loss", np.load(os.path.join(out, "result0.npy")),
               np.float32(ref_loss))]
    for i, n in enumerate(param_names):
        checks.append((f"grad {n}",
                       np.load(os.path.join(out, f"result{i + 1}.npy")),
                       ref_grads[n]))
    return checks


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--aicc", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--cells", default=",".join(CELLS))
    args = ap.parse_args()
    cells = args.cells.split(",")
    for c in cells:
        if c not in CELLS:
            ap.error(f"unknown cell {c!r} (one of {', '.join(CELLS)})")
    os.makedirs(args.workdir, exist_ok=True)
    passed = failed = 0
    for cell in cells:
        for what, actual, expected in check_cell(args.aicc, args.workdir,
                                                 cell):
            atol = ATOL * max(float(np.abs(expected).max()), 1e-30)
            why = (f"shape {actual.shape} vs {np.shape(expected)}"
                   if actual.shape != np.shape(expected)
                   else float_mismatch(actual, np.asarray(expected), RTOL,
                                       atol))
            print(f"PASS {cell} {what}" if why is None
                  else f"FAIL {cell} {what}: {why}", flush=True)
            passed += why is None
            failed += why is not None
    print(f"SUMMARY passed={passed} failed={failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
