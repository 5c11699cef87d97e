#!/usr/bin/env bash
# The main job: build aicc, train the built-in MLP (784-256-256-10) on
# Fashion-MNIST for one epoch with Adam, save a checkpoint, evaluate it, and
# run the compiled MLP forward program on .npy inputs (checked against numpy);
# then train the VAE for 2 epochs (with a loss plot) and sample images from it;
# then train the character LSTM on Debian's fortunes for 500 steps and
# generate text with it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${AICC_BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/build.sh"
AICC="$BUILD/bin/aicc"

WORK="$BUILD/main-job"
rm -rf "$WORK" && mkdir -p "$WORK"

echo "== aicc train: MLP on Fashion-MNIST, 1 epoch, Adam 1e-3 (constant), batch 128"
"$AICC" train mlp --epochs 1 --optimizer adam --lr 1e-3 --batch 128 \
  --checkpoint "$WORK/mlp.safetensors"

echo "== aicc eval: the checkpoint on the 10,000 test images, and its predictions for the first 8"
"$AICC" eval mlp --checkpoint "$WORK/mlp.safetensors" --show 8

echo "== aicc compile --dump-dir: every stage of the forward program"
/usr/bin/python3 "$ROOT/examples/mlp/make_inputs.py" "$WORK/forward"
"$AICC" compile "$ROOT/examples/mlp/mlp.mlir" --emit=obj \
  -o "$WORK/mlp.o" --dump-dir "$WORK/stages"
ls "$WORK/stages"

echo "== aicc run: the forward program on 8 Fashion-MNIST images, vs numpy"
"$AICC" run "$ROOT/examples/mlp/mlp.mlir" --quiet \
  --input "$WORK/forward/x.npy" --input "$WORK/forward/w1.npy" \
  --input "$WORK/forward/b1.npy" --input "$WORK/forward/w2.npy" \
  --input "$WORK/forward/b2.npy" --out-dir "$WORK/forward/out"
/usr/bin/python3 "$ROOT/test/Driver/Inputs/compare_npy.py" \
  "$WORK/forward/out/result0.npy" "$WORK/forward/expected.npy"

echo "== aicc train: the VAE on Fashion-MNIST, 2 epochs, with its metrics and a plot"
"$AICC" train vae --epochs 2 --checkpoint "$WORK/vae.safetensors" \
  --metrics "$WORK/vae-metrics.csv" --plot "$WORK/vae-loss.png"

echo "== aicc sample: 64 images from the prior, and reconstructions of 16 test images"
"$AICC" sample vae --checkpoint "$WORK/vae.safetensors" --out "$WORK/vae-samples.png"
"$AICC" sample vae --checkpoint "$WORK/vae.safetensors" --reconstruct 16 \
  --out "$WORK/vae-reconstructions.png"

echo "== aicc train: the character LSTM on the fortunes corpus, 500 steps (batch 32 x 64 characters)"
"$AICC" train char-lstm --steps 500 --eval-every 250 \
  --checkpoint "$WORK/char-lstm.safetensors"

echo "== aicc sample: 300 characters after the prompt 'The ', in one compiled call"
"$AICC" sample char-lstm --checkpoint "$WORK/char-lstm.safetensors" \
  --prompt "The " --length 300 --temperature 0.8 --seed 1
echo "main job: outputs in $WORK"
