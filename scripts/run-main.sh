#!/usr/bin/env bash
# The main job: build aicc, compile the example MLP forward program and run it
# (JIT) on the first 8 Fashion-MNIST test images, then check the result
# against numpy.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${AICC_BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/build.sh"

WORK="$BUILD/main-job"
rm -rf "$WORK" && mkdir -p "$WORK"
/usr/bin/python3 "$ROOT/examples/mlp/make_inputs.py" "$WORK"

echo "== aicc compile --dump-dir: every stage of the pipeline"
"$BUILD/bin/aicc" compile "$ROOT/examples/mlp/mlp.mlir" --emit=obj \
  -o "$WORK/mlp.o" --dump-dir "$WORK/stages"
ls -l "$WORK/stages"

echo "== aicc run: the MLP forward pass on 8 Fashion-MNIST images"
"$BUILD/bin/aicc" run "$ROOT/examples/mlp/mlp.mlir" \
  --input "$WORK/x.npy" --input "$WORK/w1.npy" --input "$WORK/b1.npy" \
  --input "$WORK/w2.npy" --input "$WORK/b2.npy" --out-dir "$WORK/out"

echo "== compare with numpy"
/usr/bin/python3 "$ROOT/test/Driver/Inputs/compare_npy.py" \
  "$WORK/out/result0.npy" "$WORK/expected.npy"
