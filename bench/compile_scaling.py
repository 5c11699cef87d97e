#!/usr/bin/env python3
"""Compile time against program size, for two families (issue 12):

  tanh   a chain of N aig.tanh on a 64x64 tensor (aicc compile --emit=obj)
  mlp    an N-hidden-layer MLP loss (64 wide, batch 32) compiled with its
         SGD train step (aicc compile --train=sgd --emit=obj)

Prints one RESULT line per program and one per family with the slope of
log(seconds) against log(N) (1.0 is linear, 2.0 quadratic).

    bench/compile_scaling.py --aicc build/bin/aicc [--tanh 1000,2000,4000]
                             [--mlp 25,50,100]
"""
import argparse
import math
import os
import subprocess
import sys
import tempfile
import time


def tanh_chain(n):
    lines = ["func.func @f(%x: tensor<64x64xf32>) -> tensor<64x64xf32> {"]
    prev = "%x"
    for i in range(n):
        lines.append(f"  %t{i} = aig.tanh {prev} : tensor<64x64xf32>")
        prev = f"%t{i}"
    lines.append(f"  return {prev} : tensor<64x64xf32>\n}}")
    return "\n".join(lines) + "\n"


def mlp(layers):
    args = ["%x: tensor<32x64xf32>"]
    for i in range(layers):
        args += [f"%w{i}: tensor<64x64xf32> {{aig.param}}",
                 f"%b{i}: tensor<64xf32> {{aig.param}}"]
    args.append("%y: tensor<32x64xf32>")
    lines = [f"func.func @loss({', '.join(args)}) -> tensor<f32> {{"]
    prev = "%x"
    for i in range(layers):
        lines += [f"  %m{i} = aig.matmul {prev}, %w{i} : tensor<32x64xf32>, "
                  "tensor<64x64xf32>",
                  f"  %a{i} = aig.add %m{i}, %b{i} : tensor<32x64xf32>, "
                  "tensor<64xf32>",
                  f"  %r{i} = aig.relu %a{i} : tensor<32x64xf32>"]
        prev = f"%r{i}"
    lines += [f"  %d = aig.sub {prev}, %y : tensor<32x64xf32>, "
              "tensor<32x64xf32>",
              "  %s = aig.mul %d, %d : tensor<32x64xf32>, tensor<32x64xf32>",
              "  %l = aig.reduce_mean %s axes = [0, 1] : tensor<32x64xf32>",
              "  return %l : tensor<f32>\n}"]
    return "\n".join(lines) + "\n"


def slope(points):
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(s) for _, s in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--aicc", required=True)
    ap.add_argument("--tanh", default="1000,2000,4000")
    ap.add_argument("--mlp", default="25,50,100")
    args = ap.parse_args()
    families = [("tanh", tanh_chain, [], args.tanh),
                ("mlp", mlp, ["--train=sgd"], args.mlp)]
    with tempfile.TemporaryDirectory() as work:
        for name, make, flags, sizes in families:
            points = []
            for n in [int(s) for s in sizes.split(",") if s]:
                path = os.path.join(work, f"{name}{n}.mlir")
                with open(path, "w") as f:
                    f.write(make(n))
                start = time.perf_counter()
                subprocess.run([args.aicc, "compile", path, *flags,
                                "--emit=obj", "-o", path + ".o"], check=True)
                seconds = time.perf_counter() - start
                points.append((n, seconds))
                print(f"RESULT family={name} n={n} seconds={seconds:.2f}",
                      flush=True)
            if len(points) > 1:
                print(f"RESULT family={name} slope={slope(points):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
