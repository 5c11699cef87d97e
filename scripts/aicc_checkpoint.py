"""Reads and writes aicc checkpoints (safetensors: an 8-byte little-endian
header size, a JSON header with `__metadata__` and per-tensor dtype, shape
and byte offsets, then the raw data) from Python, for the tests and
benchmarks that prepare or inspect checkpoints. F32 tensors only.
"""
import json
import struct

import numpy as np


def read_checkpoint(path):
    """Returns (metadata dict, {name: float32 array}) in file order."""
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        blob = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        tensors[name] = np.frombuffer(blob[begin:end], np.float32).reshape(info["shape"])
    return header.get("__metadata__", {}), tensors


def write_checkpoint(path, metadata, tensors):
    """Writes `tensors` ({name: array}, in that order) as F32; no
    __metadata__ when `metadata` is None."""
    header = {} if metadata is None else {"__metadata__": metadata}
    blobs, offset = [], 0
    for name, array in tensors.items():
        data = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(np.shape(array)),
                        "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
