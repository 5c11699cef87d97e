//===- RandomTest.cpp - in-graph random numbers and dropout ---------------===//
//
// The compiled Philox must hand out exactly the runtime generator's words,
// and dropout must keep the right share of values, scale them, and be a
// pure function of its key.
//
//===----------------------------------------------------------------------===//

#include "aicc/Graph.h"
#include "aicc/Ops.h"
#include "aicc/runtime/Philox.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace aicc;

namespace {

rt::Tensor key(int64_t seed, int64_t offset) {
  rt::Tensor k(rt::DType::I64, {2});
  k.data<int64_t>()[0] = seed;
  k.data<int64_t>()[1] = offset;
  return k;
}

rt::Tensor filled(std::vector<int64_t> shape, float value) {
  rt::Tensor t(rt::DType::F32, std::move(shape));
  for (int64_t i = 0; i < t.numElements(); ++i)
    t.data<float>()[i] = value;
  return t;
}

TEST(Random, UniformIsTheRuntimePhiloxStream) {
  Graph g("f");
  g.output(g.randomUniform({7, 9}));
  g.output(g.randomUniform({5}));
  Executable f = g.compile();
  rt::Tensor k = key(1234567890123LL, 42);
  std::vector<rt::Tensor> out = f.run({&k});
  // Stream s of offset o is the runtime's stream (o << 32) | s.
  for (uint64_t stream = 0; stream < 2; ++stream) {
    rt::Philox reference(1234567890123ULL, (uint64_t(42) << 32) | stream);
    const rt::Tensor &t = out[stream];
    for (int64_t i = 0; i < t.numElements(); ++i)
      ASSERT_EQ(t.data<float>()[i], reference.uniform())
          << "stream " << stream << " element " << i;
  }
}

TEST(Random, NormalIsTheRuntimeBoxMuller) {
  Graph g("f");
  g.output(g.randomNormal({4, 25}));
  Executable f = g.compile();
  rt::Tensor k = key(7, 3);
  rt::Tensor t = std::move(f.run({&k})[0]);
  rt::Philox reference(7, uint64_t(3) << 32);
  for (int64_t i = 0; i < t.numElements(); ++i) {
    // The runtime computes Box-Muller in double, the compiled op in f32.
    float expected = reference.normal();
    ASSERT_NEAR(t.data<float>()[i], expected, 2e-5 * (1 + std::abs(expected)))
        << "element " << i;
  }
}

TEST(Random, NormalMomentsOverAMillionDraws) {
  Graph g("f");
  g.output(g.randomNormal({1000, 1000}));
  Executable f = g.compile();
  rt::Tensor k = key(11, 0);
  rt::Tensor t = std::move(f.run({&k})[0]);
  double sum = 0, squares = 0;
  for (int64_t i = 0; i < t.numElements(); ++i) {
    sum += t.data<float>()[i];
    squares += double(t.data<float>()[i]) * t.data<float>()[i];
  }
  double n = double(t.numElements()), mean = sum / n;
  // Standard errors: 1e-3 for the mean, 1.4e-3 for the variance.
  EXPECT_NEAR(mean, 0.0, 5e-3);
  EXPECT_NEAR(squares / n - mean * mean, 1.0, 7e-3);
}

TEST(Dropout, KeepsOneMinusPAndScalesThem) {
  const double p = 0.3;
  Graph g("f");
  auto x = g.input("x", {1000, 1000});
  g.output(dropout(x, p));
  Executable f = g.compile();
  rt::Tensor ones = filled({1000, 1000}, 1.0f), k = key(5, 1);
  rt::Tensor y = std::move(f.run({&ones, &k})[0]);
  int64_t kept = 0;
  const float scale = static_cast<float>(1.0 / (1.0 - p));
  for (int64_t i = 0; i < y.numElements(); ++i) {
    float v = y.data<float>()[i];
    ASSERT_TRUE(v == 0.0f || v == scale) << "element " << i << " is " << v;
    kept += v != 0.0f;
  }
  // Binomial(10^6, 0.7): standard deviation 458; allow 5 of them.
  EXPECT_NEAR(double(kept), 0.7e6, 5 * 458.0);
}

TEST(Dropout, SameKeySameMaskOtherStepOtherMask) {
  Graph g("f");
  auto x = g.input("x", {64, 64});
  g.output(dropout(x, 0.5));
  Executable f = g.compile();
  rt::Tensor ones = filled({64, 64}, 1.0f);
  rt::Tensor k1 = key(9, 1), k1again = key(9, 1), k2 = key(9, 2);
  rt::Tensor a = std::move(f.run({&ones, &k1})[0]);
  rt::Tensor b = std::move(f.run({&ones, &k1again})[0]);
  rt::Tensor c = std::move(f.run({&ones, &k2})[0]);
  int64_t differ = 0;
  for (int64_t i = 0; i < a.numElements(); ++i) {
    ASSERT_EQ(a.data<float>()[i], b.data<float>()[i]);
    differ += a.data<float>()[i] != c.data<float>()[i];
  }
  // Two independent masks at p = 0.5 differ in about half the places.
  EXPECT_GT(differ, a.numElements() / 4);
}

TEST(Dropout, TwoDropoutsDrawDifferentMasks) {
  Graph g("f");
  auto x = g.input("x", {64, 64});
  g.output(dropout(x, 0.5));
  g.output(dropout(x, 0.5));
  Executable f = g.compile();
  rt::Tensor ones = filled({64, 64}, 1.0f), k = key(3, 1);
  std::vector<rt::Tensor> out = f.run({&ones, &k});
  int64_t differ = 0;
  for (int64_t i = 0; i < out[0].numElements(); ++i)
    differ += out[0].data<float>()[i] != out[1].data<float>()[i];
  EXPECT_GT(differ, out[0].numElements() / 4);
}

TEST(Dropout, EvaluationIsTheIdentity) {
  Graph g("f");
  auto x = g.input("x", {3, 4});
  g.output(dropout(x, 0.9, /*training=*/false));
  // No random op, so no rng input.
  EXPECT_EQ(g.inputNames(), std::vector<std::string>{"x"});
  Executable f = g.compile();
  rt::Tensor in = filled({3, 4}, 2.5f);
  rt::Tensor y = std::move(f.run({&in})[0]);
  for (int64_t i = 0; i < y.numElements(); ++i)
    EXPECT_EQ(y.data<float>()[i], 2.5f);
}

TEST(Dropout, RejectsAProbabilityOutsideZeroOne) {
  Graph g("f");
  auto x = g.input("x", {3});
  EXPECT_THROW(dropout(x, 1.5), GraphError);
  EXPECT_THROW(dropout(x, -0.1), GraphError);
  EXPECT_THROW(dropout(x, std::nan("")), GraphError);
}

} // namespace
