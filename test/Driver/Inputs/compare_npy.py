"""Exits 0 if two .npy files hold the same shape, dtype and values (1e-5).

usage: compare_npy.py ACTUAL EXPECTED
"""
import sys

import numpy as np

a, e = np.load(sys.argv[1]), np.load(sys.argv[2])
if a.shape != e.shape or a.dtype != e.dtype:
    sys.exit(f"MISMATCH shape/dtype {a.shape} {a.dtype} vs {e.shape} {e.dtype}")
if not np.allclose(a, e, rtol=1e-5, atol=1e-6):
    sys.exit(f"MISMATCH max abs err {np.abs(a - e).max()}")
print("MATCH")
