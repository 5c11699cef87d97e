// RUN: aicc-opt %s --canonicalize --split-input-file | FileCheck %s

// KNOWN BUG (lib/Dialect/Aig/IR/AigFolders.cpp, isSplatOf): the integer
// identity check uses APInt::getSExtValue(), which is only valid for values
// that fit in 64 bits. For wider integer types it asserts in an
// assertions-enabled LLVM and, in a release LLVM (as here), reads only the low
// 64 bits, so a splat of 2^64 is taken for 0 and 2^64 + 1 for 1: x + 2^64 and
// x * (2^64 + 1) are folded to x, a miscompile. Comparing with
// APInt::isZero() / isOne() (or an APInt of the same width) fixes it.
// Remove the XFAIL line once fixed.

// CHECK-LABEL: func.func @add_2_pow_64_i128
// CHECK: %[[C:.*]] = aig.constant dense<18446744073709551616> : tensor<2xi128>
// CHECK: %[[R:.*]] = aig.add %{{.*}}, %[[C]] : tensor<2xi128>, tensor<2xi128>
// CHECK: return %[[R]]
func.func @add_2_pow_64_i128(%x: tensor<2xi128>) -> tensor<2xi128> {
  %c = aig.constant dense<18446744073709551616> : tensor<2xi128>
  %0 = aig.add %x, %c : tensor<2xi128>, tensor<2xi128>
  return %0 : tensor<2xi128>
}

// -----

// CHECK-LABEL: func.func @mul_2_pow_64_plus_1_i128
// CHECK: %[[C:.*]] = aig.constant dense<18446744073709551617> : tensor<2xi128>
// CHECK: %[[R:.*]] = aig.mul %{{.*}}, %[[C]] : tensor<2xi128>, tensor<2xi128>
// CHECK: return %[[R]]
func.func @mul_2_pow_64_plus_1_i128(%x: tensor<2xi128>) -> tensor<2xi128> {
  %c = aig.constant dense<18446744073709551617> : tensor<2xi128>
  %0 = aig.mul %x, %c : tensor<2xi128>, tensor<2xi128>
  return %0 : tensor<2xi128>
}
