#!/usr/bin/python3
"""Writes the seed corpora of the fuzz targets into test/fuzz/corpus/.

Run it again after changing it; the output is deterministic. Each corpus
has a few valid inputs (from numpy, the safetensors layout, the repo's own
aig test programs) and a few broken ones. See docs/testing.md.
"""

import gzip
import io
import json
import os
import re
import shutil
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, "corpus")
# fuzz::kSeparator in FuzzSupport.h.
SEPARATOR = b"\n#AICC-FUZZ-FILE#\n"
MAX_LEN = 4096  # -max_len of the fuzz runs


def npy(array):
    out = io.BytesIO()
    np.save(out, array, allow_pickle=False)
    return out.getvalue()


def write(target, name, data):
    assert len(data) <= MAX_LEN, (target, name, len(data))
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        f.write(data)


def npy_seeds():
    rng = np.random.default_rng(0)
    valid = {
        "f32-2x3": rng.standard_normal((2, 3)).astype(np.float32),
        "f64-scalar": np.float64(1.5),
        "i8-empty": np.zeros((0, 4), np.int8),
        "i16-rank3": np.arange(24, dtype=np.int16).reshape(2, 3, 4),
        "i32-be": np.arange(5, dtype=">i4"),
        "i64": np.array([-1, 0, 2**40], np.int64),
        "u8": np.arange(16, dtype=np.uint8).reshape(4, 4),
        "bool": np.array([True, False, True]),
        "f64-be": np.array([1.0, -2.5], ">f8"),
    }
    for name, array in valid.items():
        write("npy", name + ".npy", npy(array))
    good = npy(np.arange(6, dtype=np.float32).reshape(2, 3))
    data = good[-24:]
    for major in (1, 2, 3):
        write("npy", f"v{major}.npy", npy_raw("'<f4'", "(2, 3)", data, major))
    broken = {
        "truncated-data": good[:-5],
        "truncated-header": good[:20],
        "bad-magic": b"\x93NUMPZ" + good[6:],
        "bad-version": good[:6] + b"\x09\x00" + good[8:],
        "fortran": npy_raw("'<f4'", "(2, 3)", data, fortran="True"),
        "bad-dtype": npy_raw("'<c8'", "(3,)", data),
        "structured": npy_raw("[('a', '<f4')]", "(6,)", data),
        "huge-shape": npy_raw("'<f4'", "(4611686018427387904, 4)", data),
        "overflow-shape": npy_raw("'<f8'", "(9223372036854775807, 2)", data),
        "negative-dim": npy_raw("'<f4'", "(-2, 3)", data),
        "bad-dict": npy_raw("'<f4'", "(2, 3", data),
        "empty": b"",
    }
    for name, data in broken.items():
        write("npy", name + ".npy", data)


def npy_raw(descr, shape, data, major=1, fortran="False"):
    """A .npy file with the header text given, padded as np.save pads."""
    header = ("{'descr': %s, 'fortran_order': %s, 'shape': %s, }"
              % (descr, fortran, shape)).encode()
    size = 4 if major == 1 else 6
    pad = (64 - (6 + 2 + size + len(header) + 1) % 64) % 64
    header += b" " * pad + b"\n"
    length = struct.pack("<H" if major == 1 else "<I", len(header))
    return b"\x93NUMPY" + bytes([major, 0]) + length + header + data


def safetensors(tensors, metadata=None, header_extra=None):
    header = {}
    data = b""
    for name, (dtype, array) in tensors.items():
        raw = array.tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape),
                        "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    if metadata is not None:
        header["__metadata__"] = metadata
    if header_extra:
        header.update(header_extra)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


def safetensors_seeds():
    w = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.array([1, 2], np.int64)
    meta = {"format": "aicc-checkpoint-1", "step": "10", "epoch": "2",
            "epochs": "3", "seed": "42", "lr_schedule": "cosine",
            "optimizer": "adam"}
    write("safetensors", "weights.safetensors",
          safetensors({"w": ("F32", w), "b": ("I64", b)}))
    write("safetensors", "resume.safetensors",
          safetensors({"w": ("F32", w)}, meta))
    mid = dict(meta, epoch_step="3", epoch_steps="5", epoch_loss_sum="1.25")
    write("safetensors", "mid-epoch.safetensors",
          safetensors({"w": ("F32", w)}, mid))
    write("safetensors", "char.safetensors",
          safetensors({"emb": ("F64", np.ones((2, 2)))},
                      dict(meta, vocabulary="\n !abcé€")))
    write("safetensors", "all-dtypes.safetensors", safetensors({
        "f64": ("F64", np.array([1.5])), "i8": ("I8", np.array([-1], np.int8)),
        "i16": ("I16", np.array([3], np.int16)),
        "i32": ("I32", np.array([4], np.int32)),
        "u8": ("U8", np.array([5], np.uint8)),
        "bool": ("BOOL", np.array([True])),
        "scalar": ("F32", np.array(2.0, np.float32)),
        "empty": ("F32", np.zeros((0, 3), np.float32))}))
    write("safetensors", "empty.safetensors", safetensors({}))
    good = safetensors({"w": ("F32", w)}, meta)
    bad_meta = dict(meta, step="-1", epoch_step="9", epoch_steps="x")
    broken = {
        "short": good[:5],
        "header-past-end": struct.pack("<Q", 1 << 40) + good[8:],
        "trailing": good + b"xx",
        "truncated": good[:-4],
        "bad-json": good[:8] + b"{" + good[9:],
        "bad-metadata": safetensors({"w": ("F32", w)}, bad_meta),
        "bad-vocabulary": safetensors({"w": ("F32", w)},
                                      dict(meta, vocabulary="ba")),
        "overlap": safetensors({"w": ("F32", w)}, None, {
            "v": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}),
        "huge-shape": safetensors({}, None, {
            "v": {"dtype": "F32", "shape": [1 << 62, 4],
                  "data_offsets": [0, 0]}}),
        "bad-dtype": safetensors({"w": ("F16", w)}),
    }
    for name, data in broken.items():
        write("safetensors", name + ".safetensors", data)


def idx(magic_rank, dims, payload):
    return (struct.pack(">I", 0x0800 | magic_rank) +
            b"".join(struct.pack(">I", d) for d in dims) + payload)


def dataset_seeds():
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, (2, 28, 28), dtype=np.uint8)
    files = [idx(3, [2, 28, 28], images.tobytes()),
             idx(1, [2], bytes([3, 9])),
             idx(3, [1, 28, 28], images[0].tobytes()),
             idx(1, [1], bytes([0]))]
    # gzip.compress with mtime=0 keeps the output deterministic.
    gz = [gzip.compress(f, mtime=0) for f in files]
    write("dataset", "fashion-gzip", SEPARATOR.join(gz))
    write("dataset", "fashion-raw", SEPARATOR.join(files))
    write("dataset", "fashion-bad-label",
          SEPARATOR.join(gz[:3] + [gzip.compress(idx(1, [1], b"\x0a"),
                                                 mtime=0)]))
    write("dataset", "fashion-bad-dims",
          SEPARATOR.join([idx(3, [1, 27, 28], b"")] + gz[1:]))
    write("dataset", "fashion-truncated-gzip",
          SEPARATOR.join([gz[0][:-6]] + gz[1:]))
    write("dataset", "fashion-missing-files", gz[0])

    def npys(*arrays):
        return b"npy" + SEPARATOR.join(npy(a) for a in arrays)

    x = rng.standard_normal((4, 3)).astype(np.float32)
    write("dataset", "npy-classes",
          npys(x, np.array([0, 1, 2, 1], np.int64), x[:2],
               np.array([2, 0], np.int32)))
    write("dataset", "npy-regression",
          npys(x.astype(np.float64), np.ones((4, 2)), x[:1], np.ones((1, 2))))
    # Empty parts leave their files absent: no y files, no targets.
    write("dataset", "npy-no-targets",
          b"npy" + SEPARATOR.join([npy(np.ones((4, 2), np.uint8)), b"",
                                   npy(np.ones((1, 2), np.uint8)), b""]))
    tokens = np.arange(12, dtype=np.int32).reshape(3, 4) % 5
    write("dataset", "npy-sequences",
          npys(tokens, tokens, tokens[:1], tokens[:1]))
    write("dataset", "npy-bad-label",
          npys(x, np.array([0, 1, -1, 1], np.int64), x[:2],
               np.array([9, 0], np.int64)))
    write("dataset", "npy-count-mismatch",
          npys(x, np.array([0, 1], np.int64), x[:2], np.array([0, 0])))


def text_seeds():
    texts = {
        "plain.txt": b"hello world\nthe quick brown fox\n" * 4,
        "unicode.txt": "naïve café – 日本語 €\n".encode() * 3,
        "fortunes.txt": b"A fortune.\n%\nAnother one\n  %  \nlast\n",
        "short.txt": b"ab",
        "invalid-utf8.txt": b"abc\xff\xfe def \xc3\x28 \xed\xa0\x80 x",
        "nul.txt": b"a\x00b" * 10,
        "overlong.txt": b"\xc0\xaf\xe0\x80\xaf\xf4\x90\x80\x80 tail",
        "empty.txt": b"",
        "only-percent.txt": b"%\n%\n",
    }
    for name, data in texts.items():
        write("text", name, data)


def aig_seeds():
    sources = [
        "test/Driver/Inputs/elementwise.mlir",
        "test/Driver/Inputs/embedding.mlir",
        "test/Driver/Inputs/int-div.mlir",
        "test/Driver/Inputs/affine.mlir",
        "test/Driver/Inputs/scalar-entry.mlir",
        "test/Driver/Inputs/parse-error.mlir",
        "test/Driver/Inputs/verify-error.mlir",
        "test/Driver/Inputs/size-over-limit.mlir",
        "examples/mlp/mlp.mlir",
        "examples/train-mlir/softmax_regression.mlir",
        "examples/train-mlir/char_bigram.mlir",
    ]
    for path in sources:
        with open(os.path.join(ROOT, path), "rb") as f:
            write("aig", os.path.basename(path), f.read())
    # Single cases of the lit tests (split at "// -----"), without their
    # RUN/CHECK lines: the ops, their folds and their invalid forms.
    cases = [("test/Dialect/Aig/canonicalize.mlir", 12),
             ("test/Dialect/Aig/invalid.mlir", 12),
             ("test/Dialect/Aig/conv-pool-invalid.mlir", 4),
             ("test/Dialect/Aig/scan-invalid.mlir", 3),
             ("test/Conversion/AigToLinalg/elementwise.mlir", 6),
             ("test/Conversion/AigToLinalg/reduction.mlir", 4),
             ("test/Conversion/AigToLinalg/contraction.mlir", 3)]
    for path, count in cases:
        with open(os.path.join(ROOT, path), "rb") as f:
            chunks = f.read().split(b"// -----")
        stem = os.path.splitext(os.path.basename(path))[0]
        kept = 0
        for i, chunk in enumerate(chunks):
            lines = [l for l in chunk.splitlines()
                     if not re.match(rb"\s*//", l)]
            text = b"\n".join(lines).strip() + b"\n"
            if b"func.func" not in text or len(text) > MAX_LEN:
                continue
            write("aig", f"{stem}-{i}.mlir", text)
            kept += 1
            if kept == count:
                break
    # Deep nesting, stopped before MLIR's recursive parser by parseModule.
    write("aig", "deep-nesting.mlir", b"func.func @f() {" + b"(" * 2000)


def main():
    for target, make in [("npy", npy_seeds), ("safetensors", safetensors_seeds),
                         ("dataset", dataset_seeds), ("text", text_seeds),
                         ("aig", aig_seeds)]:
        shutil.rmtree(os.path.join(CORPUS, target), ignore_errors=True)
        os.makedirs(os.path.join(CORPUS, target))
        make()


if __name__ == "__main__":
    main()
