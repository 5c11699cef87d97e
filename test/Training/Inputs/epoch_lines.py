"""Checks `epoch=N train_loss=... ` lines of `aicc train` output.

usage: epoch_lines.py falls LOG            # loss falls by the stated margins
       epoch_lines.py same LOG_A LOG_B N   # epoch N identical in both logs
       epoch_lines.py acc LOG MIN          # last epoch's test accuracy >= MIN
"""
import math
import re
import sys

LINE = re.compile(r"epoch=(\d+) train_loss=(\S+) test_loss=(\S+) "
                  r"test_acc=(\S+) samples_per_s=(\S+)")


def epochs(path):
    out = {}
    for line in open(path):
        m = LINE.search(line)
        if m:
            out[int(m.group(1))] = tuple(float(v) for v in m.groups()[1:])
    return out


if sys.argv[1] == "falls":
    e = epochs(sys.argv[2])
    first, last = e[min(e)], e[max(e)]
    # Untrained, the mean cross-entropy of 10 classes is about ln 10 = 2.30.
    assert first[0] < 0.5 * math.log(10), f"epoch 1 train loss {first[0]}"
    assert last[0] < first[0], f"train loss did not fall: {first[0]} -> {last[0]}"
    assert last[2] > 0.75, f"test accuracy {last[2]}"
    print(f"FALLS {math.log(10):.2f} -> {first[0]:.4f} -> {last[0]:.4f} "
          f"acc {last[2]:.4f}")
elif sys.argv[1] == "same":
    n = int(sys.argv[4])
    a, b = epochs(sys.argv[2])[n], epochs(sys.argv[3])[n]
    assert a[:3] == b[:3], f"epoch {n} differs: {a} vs {b}"
    print(f"SAME epoch {n}: {a[:3]}")
elif sys.argv[1] == "acc":
    e = epochs(sys.argv[2])
    last, minimum = e[max(e)], float(sys.argv[3])
    assert last[2] >= minimum, f"epoch {max(e)} test accuracy {last[2]} < {minimum}"
    print(f"ACC epoch {max(e)} test_acc {last[2]:.4f} >= {minimum}")
