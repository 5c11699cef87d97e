"""Exits 1 unless two checkpoints hold bit-identical parameters (tensors
without a '.' in their name; optimizer state is ignored).

usage: same_parameters.py A.safetensors B.safetensors
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "scripts"))
from aicc_checkpoint import read_checkpoint  # noqa: E402

_, a = read_checkpoint(sys.argv[1])
_, b = read_checkpoint(sys.argv[2])
params = [name for name in a if "." not in name]
assert params, "no parameters in " + sys.argv[1]
for name in params:
    if not (a[name] == b[name]).all():
        sys.exit(f"parameter {name} differs")
print(f"{len(params)} parameters identical")
