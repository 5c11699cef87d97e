#!/usr/bin/env bash
# Runs one fuzz target for longer than the suite does:
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]
# TARGET is npy, safetensors, dataset, text or aig (test/fuzz/fuzz_TARGET.cpp).
# Builds build-san/ (scripts/sanitize.sh's configuration) if needed, fuzzes
# from a scratch copy of the seed corpus and prints the number of executions.
# Crashes are written to the scratch directory; replay one with
#   build-san/bin/aicc-fuzz-TARGET CRASH-FILE   (or build/bin/..., no ASan).
# Inputs worth keeping as seeds can be copied into test/fuzz/corpus/TARGET.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${AICC_SAN_BUILD_DIR:-$ROOT/build-san}"
if [ $# -lt 2 ]; then
  echo "usage: $0 TARGET SECONDS [libFuzzer flags...]" >&2
  exit 2
fi
TARGET="$1"
SECONDS_TO_RUN="$2"
shift 2
SEEDS="$ROOT/test/fuzz/corpus/$TARGET"
if [ ! -d "$SEEDS" ]; then
  echo "fuzz.sh: no target '$TARGET' (no $SEEDS)" >&2
  exit 2
fi

if [ ! -f "$BUILD/build.ninja" ]; then
  "$ROOT/scripts/install-deps.sh"
  CC=clang-22 CXX=clang++-22 cmake -G Ninja -S "$ROOT" -B "$BUILD" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_FLAGS_RELEASE="-O1 -DNDEBUG" \
    -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" \
    -DAICC_SANITIZE=ON -DAICC_FUZZ=ON
fi
ninja -C "$BUILD" -j "${AICC_JOBS:-2}" "aicc-fuzz-$TARGET"

SCRATCH="${AICC_FUZZ_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/aicc-fuzz-$TARGET.XXXXXX")}"
mkdir -p "$SCRATCH/corpus"
cp -r "$SEEDS/." "$SCRATCH/corpus/"
echo "fuzz.sh: corpus and crashes in $SCRATCH"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/scripts/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
status=0
"$BUILD/bin/aicc-fuzz-$TARGET" -max_total_time="$SECONDS_TO_RUN" \
  -max_len=4096 -timeout=60 -print_final_stats=1 \
  -artifact_prefix="$SCRATCH/" "$@" "$SCRATCH/corpus" \
  2> >(tee "$SCRATCH/fuzz.log" >&2) || status=$?
wait
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$SCRATCH/fuzz.log")
echo "fuzz.sh: $TARGET: ${runs:-?} executions in ${SECONDS_TO_RUN} s," \
  "exit status $status, corpus $(ls "$SCRATCH/corpus" | wc -l) inputs"
exit "$status"
