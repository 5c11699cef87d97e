"""Copies a checkpoint with its metadata edited: KEY=VALUE sets a field,
KEY= removes it, and --no-metadata drops __metadata__ altogether.

usage: edit_metadata.py IN OUT [KEY=VALUE ...] [--no-metadata]
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "..", "scripts"))
from aicc_checkpoint import read_checkpoint, write_checkpoint  # noqa: E402

src, dst, *edits = sys.argv[1:]
metadata, tensors = read_checkpoint(src)
for edit in edits:
    if edit == "--no-metadata":
        metadata = None
        continue
    key, value = edit.split("=", 1)
    if value:
        metadata[key] = value
    else:
        metadata.pop(key, None)
write_checkpoint(dst, metadata, tensors)
