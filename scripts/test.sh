#!/usr/bin/env bash
# Sets up, builds and runs every test (lit + GoogleTest) through ctest.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${AICC_BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/build.sh"
ninja -C "$BUILD" check-aicc
