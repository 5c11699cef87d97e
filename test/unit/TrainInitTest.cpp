//===- TrainInitTest.cpp - Tests for parameter initializers ---------------===//

#include "aicc/runtime/Init.h"

#include "aicc/runtime/Philox.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

using namespace aicc::rt;
using ::testing::HasSubstr;

namespace {

Tensor initialized(const InitSpec &spec, uint64_t seed, uint64_t stream,
                   std::vector<int64_t> shape = {256, 128}) {
  Tensor t(DType::F32, std::move(shape));
  // Start from garbage so Zeros has something to overwrite.
  float *p = t.data<float>();
  for (int64_t i = 0; i < t.numElements(); ++i)
    p[i] = 7.0f;
  initialize(t, spec, seed, stream);
  return t;
}

bool sameBytes(const Tensor &a, const Tensor &b) {
  return a.byteSize() == b.byteSize() &&
         std::memcmp(a.data(), b.data(), a.byteSize()) == 0;
}

struct Moments {
  double mean, stddev, maxAbs;
};

Moments moments(const Tensor &t) {
  const float *p = t.data<float>();
  double sum = 0, sumSq = 0, maxAbs = 0;
  for (int64_t i = 0; i < t.numElements(); ++i) {
    sum += p[i];
    sumSq += double(p[i]) * p[i];
    maxAbs = std::max(maxAbs, std::abs(double(p[i])));
  }
  double n = double(t.numElements());
  double mean = sum / n;
  return {mean, std::sqrt(sumSq / n - mean * mean), maxAbs};
}

const InitSpec kAllSpecs[] = {
    {InitKind::Normal, 0, 0, 0.02},     {InitKind::XavierUniform, 128, 256},
    {InitKind::KaimingUniform, 128, 0}, {InitKind::KaimingNormal, 128, 0},
    {InitKind::TorchLinear, 128, 0},
};

TEST(InitTest, SameSeedAndStreamGiveIdenticalBytes) {
  for (const InitSpec &spec : kAllSpecs) {
    SCOPED_TRACE(std::string(initKindName(spec.kind)));
    EXPECT_TRUE(
        sameBytes(initialized(spec, 1234, 7), initialized(spec, 1234, 7)));
  }
}

TEST(InitTest, DifferentStreamOrSeedGivesDifferentValues) {
  for (const InitSpec &spec : kAllSpecs) {
    SCOPED_TRACE(std::string(initKindName(spec.kind)));
    Tensor base = initialized(spec, 1234, 7);
    EXPECT_FALSE(sameBytes(base, initialized(spec, 1234, 8)));
    EXPECT_FALSE(sameBytes(base, initialized(spec, 1235, 7)));
  }
}

// Pins the documented definition (so checkpoints and reference scripts can
// reproduce it): element i is a * (2 u_i - 1) with u_i the i-th
// Philox(seed, stream).uniform().
TEST(InitTest, UniformKindsDrawRowMajorFromPhilox) {
  Tensor t = initialized({InitKind::TorchLinear, 16, 0}, 99, 3, {4, 5});
  Philox rng(99, 3);
  const float *p = t.data<float>();
  for (int64_t i = 0; i < t.numElements(); ++i)
    EXPECT_EQ(p[i], static_cast<float>(0.25 * (2.0 * rng.uniform() - 1.0)))
        << i;
}

TEST(InitTest, ZerosOverwritesEverything) {
  Tensor t = initialized({InitKind::Zeros}, 1, 1, {3, 7});
  const float *p = t.data<float>();
  for (int64_t i = 0; i < t.numElements(); ++i)
    EXPECT_EQ(p[i], 0.0f);
}

void expectUniform(const InitSpec &spec, double bound) {
  Tensor t = initialized(spec, 42, 0);
  Moments m = moments(t);
  EXPECT_LE(m.maxAbs, bound);
  // 32768 samples: the max comes within 0.1% of the bound.
  EXPECT_GT(m.maxAbs, 0.999 * bound);
  EXPECT_NEAR(m.mean, 0.0, 0.02 * bound);
  EXPECT_NEAR(m.stddev, bound / std::sqrt(3.0), 0.02 * bound);
}

TEST(InitTest, XavierUniformBoundsAndStd) {
  expectUniform({InitKind::XavierUniform, 128, 256}, std::sqrt(6.0 / 384));
}

TEST(InitTest, KaimingUniformBoundsAndStd) {
  expectUniform({InitKind::KaimingUniform, 128, 999}, std::sqrt(6.0 / 128));
}

TEST(InitTest, TorchLinearBoundsAndStd) {
  expectUniform({InitKind::TorchLinear, 784, 0}, 1.0 / std::sqrt(784.0));
}

TEST(InitTest, KaimingNormalStd) {
  Moments m = moments(initialized({InitKind::KaimingNormal, 50, 0}, 42, 1));
  double target = std::sqrt(2.0 / 50);
  EXPECT_NEAR(m.mean, 0.0, 0.02 * target);
  EXPECT_NEAR(m.stddev, target, 0.02 * target);
  // A normal, not a uniform: values beyond sqrt(3) sigma exist.
  EXPECT_GT(m.maxAbs, 3 * target);
}

TEST(InitTest, NormalStd) {
  Moments m = moments(initialized({InitKind::Normal, 0, 0, 0.05}, 42, 2));
  EXPECT_NEAR(m.mean, 0.0, 0.001);
  EXPECT_NEAR(m.stddev, 0.05, 0.001);
  Moments zero = moments(initialized({InitKind::Normal, 0, 0, 0.0}, 42, 2));
  EXPECT_EQ(zero.maxAbs, 0.0);
}

TEST(InitTest, EmptyAndScalarTensors) {
  Tensor empty = initialized({InitKind::TorchLinear, 3}, 1, 1, {0, 4});
  EXPECT_EQ(empty.numElements(), 0);
  Tensor scalar = initialized({InitKind::TorchLinear, 4}, 1, 1, {});
  EXPECT_LE(std::abs(scalar.data<float>()[0]), 0.5f);
}

TEST(InitTest, RejectsNonF32) {
  Tensor t(DType::F64, {2, 2});
  try {
    initialize(t, {InitKind::Zeros}, 0, 0);
    FAIL() << "expected Error";
  } catch (const Error &e) {
    EXPECT_THAT(e.what(), HasSubstr("only f32"));
    EXPECT_THAT(e.what(), HasSubstr("2x2xf64"));
  }
}

TEST(InitTest, RejectsMissingFans) {
  Tensor t(DType::F32, {2, 2});
  EXPECT_THROW(initialize(t, {InitKind::KaimingUniform, 0}, 0, 0), Error);
  EXPECT_THROW(initialize(t, {InitKind::KaimingNormal, -3}, 0, 0), Error);
  EXPECT_THROW(initialize(t, {InitKind::TorchLinear}, 0, 0), Error);
  EXPECT_THROW(initialize(t, {InitKind::XavierUniform, 0, 0}, 0, 0), Error);
  EXPECT_THROW(initialize(t, {InitKind::XavierUniform, -1, 5}, 0, 0), Error);
  EXPECT_THROW(initialize(t, {InitKind::Normal, 0, 0, -1.0}, 0, 0), Error);
  EXPECT_THROW(initialize(t, {InitKind::Normal, 0, 0, NAN}, 0, 0), Error);
  try {
    initialize(t, {InitKind::KaimingUniform, 0}, 0, 0);
  } catch (const Error &e) {
    EXPECT_THAT(e.what(), HasSubstr("kaiming_uniform"));
    EXPECT_THAT(e.what(), HasSubstr("fanIn must be positive"));
  }
  // Xavier only needs the sum to be positive.
  EXPECT_NO_THROW(initialize(t, {InitKind::XavierUniform, 0, 4}, 0, 0));
}

TEST(InitTest, Names) {
  const std::pair<const char *, InitKind> names[] = {
      {"zeros", InitKind::Zeros},
      {"normal", InitKind::Normal},
      {"xavier_uniform", InitKind::XavierUniform},
      {"kaiming_uniform", InitKind::KaimingUniform},
      {"kaiming_normal", InitKind::KaimingNormal},
      {"torch_linear", InitKind::TorchLinear},
  };
  for (const auto &[name, kind] : names) {
    EXPECT_EQ(initKindFromName(name), kind) << name;
    EXPECT_EQ(initKindName(kind), name);
  }
  EXPECT_EQ(initKindFromName("Zeros"), std::nullopt);
  EXPECT_EQ(initKindFromName(""), std::nullopt);
  EXPECT_EQ(initKindFromName("xavier"), std::nullopt);
}

} // namespace
