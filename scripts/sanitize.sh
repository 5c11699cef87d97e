#!/usr/bin/env bash
# Builds aicc with clang-22, AddressSanitizer + UBSan and libFuzzer into
# build-san/ (or $AICC_SAN_BUILD_DIR) and runs the whole test suite there:
# lit, GoogleTest and a few seconds of each fuzz target (docs/testing.md).
# -O1: ASan's usual level; -O3 costs build time, not finding power.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${AICC_SAN_BUILD_DIR:-$ROOT/build-san}"

"$ROOT/scripts/install-deps.sh"

if [ ! -f "$BUILD/build.ninja" ]; then
  CC=clang-22 CXX=clang++-22 cmake -G Ninja -S "$ROOT" -B "$BUILD" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_FLAGS_RELEASE="-O1 -DNDEBUG" \
    -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" \
    -DAICC_SANITIZE=ON -DAICC_FUZZ=ON
fi
ninja -C "$BUILD" -j "${AICC_JOBS:-2}"

# Any report fails its test. Leaks are checked (scripts/lsan.supp lists
# what is suppressed and why). allocator_may_return_null: a tensor too
# large for memory must fail like malloc does (test/Driver/runtime-errors
# checks the message), not end the process in ASan's allocator; the fuzz
# targets still flag large allocations through libFuzzer's -malloc_limit_mb.
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1:check_initialization_order=1:strict_init_order=1"
export LSAN_OPTIONS="suppressions=$ROOT/scripts/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
ninja -C "$BUILD" check-aicc
