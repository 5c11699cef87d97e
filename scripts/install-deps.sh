#!/usr/bin/env bash
# Installs every Debian package aicc needs. Idempotent, non-interactive.
# clang-22, libclang-rt-22-dev: the ASan/UBSan/libFuzzer build
# (scripts/sanitize.sh, scripts/fuzz.sh).
# libopenblas0-pthread: the BLAS that numpy/torch use in the reference
# benchmarks (bench/, ../shared/bench-ref), as measured for the issues.
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build ccache lld-22 clang-22 libclang-rt-22-dev
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
  libfmt-dev zlib1g-dev nlohmann-json3-dev libgtest-dev libpng-dev
  python3 python3-numpy python3-torch python3-psutil python3-matplotlib
  libopenblas0-pthread
  dataset-fashion-mnist fortunes
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
