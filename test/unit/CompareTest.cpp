//===- CompareTest.cpp - Tests for allClose -------------------------------===//

#include "aicc/runtime/Compare.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace aicc::rt;
using ::testing::HasSubstr;

namespace {

TEST(CompareTest, IdenticalTensorsAreClose) {
  Tensor a = Tensor::fromValues<float>({2, 2}, {1, 2, 3, 4});
  CompareResult r = allClose(a, a.clone(), 0, 0);
  EXPECT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.maxAbsErr, 0.0);
  EXPECT_EQ(r.maxRelErr, 0.0);
  EXPECT_THAT(r.message, HasSubstr("all 4 elements close"));
}

TEST(CompareTest, WithinTolerance) {
  Tensor a = Tensor::fromValues<double>({3}, {1.0, 100.0, 0.0});
  Tensor e = Tensor::fromValues<double>({3}, {1.001, 100.05, 1e-9});
  CompareResult r = allClose(a, e, /*rtol=*/1e-3, /*atol=*/1e-8);
  EXPECT_TRUE(r.ok) << r.message;
  EXPECT_NEAR(r.maxAbsErr, 0.05, 1e-12);
  EXPECT_EQ(r.worstIndex, 1);
  // Just outside: tighten rtol.
  EXPECT_FALSE(allClose(a, e, 1e-4, 1e-8).ok);
}

TEST(CompareTest, ReportsWorstMismatch) {
  Tensor a = Tensor::fromValues<float>({2, 3}, {0, 1, 2, 3, 40, 5});
  Tensor e = Tensor::fromValues<float>({2, 3}, {0, 1.5f, 2, 3, 4, 5});
  CompareResult r = allClose(a, e, 1e-5, 1e-5);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.worstIndex, 4);
  EXPECT_DOUBLE_EQ(r.maxAbsErr, 36.0);
  EXPECT_DOUBLE_EQ(r.maxRelErr, 9.0);
  EXPECT_THAT(r.message, HasSubstr("2 of 6 elements differ"));
  EXPECT_THAT(r.message, HasSubstr("[1, 1]"));
  EXPECT_THAT(r.message, HasSubstr("actual 40, expected 4"));
}

TEST(CompareTest, WorstIsRelativeToTolerance) {
  // Index 0 misses by 1 on a large value (within rtol), index 1 misses by
  // 0.5 on zero (outside atol): index 1 is the failure to report.
  Tensor a = Tensor::fromValues<double>({2}, {1001, 0.5});
  Tensor e = Tensor::fromValues<double>({2}, {1000, 0});
  CompareResult r = allClose(a, e, 1e-2, 1e-3);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.worstIndex, 1);
  EXPECT_EQ(r.maxAbsErr, 1.0);
  EXPECT_TRUE(std::isinf(r.maxRelErr));
}

TEST(CompareTest, ShapeAndDTypeMismatch) {
  Tensor a(DType::F32, {2, 3});
  CompareResult r = allClose(a, Tensor(DType::F32, {3, 2}), 1, 1);
  EXPECT_FALSE(r.ok);
  EXPECT_THAT(r.message, HasSubstr("shape mismatch"));
  EXPECT_THAT(r.message, HasSubstr("2x3xf32"));
  EXPECT_THAT(r.message, HasSubstr("3x2xf32"));

  r = allClose(a, Tensor(DType::F64, {2, 3}), 1, 1);
  EXPECT_FALSE(r.ok);
  EXPECT_THAT(r.message, HasSubstr("dtype mismatch"));
  EXPECT_THAT(r.message, HasSubstr("f64"));
}

TEST(CompareTest, NanAndInf) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  Tensor a = Tensor::fromValues<float>({3}, {nan, inf, -inf});
  EXPECT_TRUE(allClose(a, a.clone(), 0, 0).ok);

  Tensor notNan = Tensor::fromValues<float>({3}, {0, inf, -inf});
  EXPECT_FALSE(allClose(a, notNan, 1, 1).ok);
  EXPECT_FALSE(allClose(notNan, a, 1, 1).ok);
  // A huge rtol must not make a finite value "close" to infinity.
  Tensor finite = Tensor::fromValues<float>({3}, {nan, 1e30f, -inf});
  EXPECT_FALSE(allClose(finite, a, 10, 10).ok);
  EXPECT_FALSE(
      allClose(Tensor::fromValues<float>({3}, {nan, -inf, -inf}), a, 1, 1).ok);
}

TEST(CompareTest, IntegersAreExact) {
  int64_t big = int64_t(1) << 60;
  Tensor a = Tensor::fromValues<int64_t>({2}, {big, 3});
  Tensor e = Tensor::fromValues<int64_t>({2}, {big + 1, 3});
  CompareResult r = allClose(a, e, 0, 0);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.worstIndex, 0);
  EXPECT_EQ(r.maxAbsErr, 1.0);
  EXPECT_TRUE(allClose(a, e, 0, 1).ok);
}

TEST(CompareTest, BoolsAndEmpty) {
  Tensor a = Tensor::fromValues<bool>({2}, {true, false});
  Tensor e = Tensor::fromValues<bool>({2}, {true, true});
  EXPECT_FALSE(allClose(a, e, 0, 0).ok);
  EXPECT_TRUE(allClose(a, a.clone(), 0, 0).ok);

  CompareResult r =
      allClose(Tensor(DType::F32, {0, 3}), Tensor(DType::F32, {0, 3}), 0, 0);
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.worstIndex, -1);
}

} // namespace
