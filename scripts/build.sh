#!/usr/bin/env bash
# Installs dependencies, then configures and builds aicc into build/ (Ninja,
# ccache, lld, Release). Re-running only rebuilds what changed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${AICC_BUILD_DIR:-$ROOT/build}"

"$ROOT/scripts/install-deps.sh"

if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -G Ninja -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release
fi
# Two cores and big MLIR headers: two jobs keep memory in check.
ninja -C "$BUILD" -j "${AICC_JOBS:-2}"
