"""Writes a character-sequence data set from Debian's fortunes into DIR:
x = windows of T characters (i64 ids), y = the same windows shifted by one
(the next character at every position), N x T each; train from the start of
the text, test from later text. Characters are mapped to ids 0..V-1 over the
printable ASCII in the file (others become a space).

usage: make_char_data.py DIR [FORTUNE_FILE]
"""
import os
import sys

import numpy as np

out = sys.argv[1]
src = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/games/fortunes/computers"
text = open(src, encoding="latin-1").read().replace("%\n", "\n")
alphabet = [chr(c) for c in range(32, 127)] + ["\n"]
index = {c: i for i, c in enumerate(alphabet)}
ids = np.array([index.get(c, 0) for c in text], np.int64)
T = 16


def windows(start, count):
    x = np.stack([ids[start + k * T:start + (k + 1) * T] for k in range(count)])
    y = np.stack([ids[start + k * T + 1:start + (k + 1) * T + 1]
                  for k in range(count)])
    return x, y


os.makedirs(out, exist_ok=True)
xtr, ytr = windows(0, 3000)
xte, yte = windows(3000 * T + 1, 500)
for name, a in (("x_train", xtr), ("y_train", ytr), ("x_test", xte),
                ("y_test", yte)):
    np.save(os.path.join(out, name + ".npy"), a)
# The vocabulary must cover every id: pad y with one of each id is not
# needed, the model's V is len(alphabet) (96).
