//===- PhiloxTest.cpp - Tests for the Philox4x32-10 generator -------------===//

#include "aicc/runtime/Philox.h"

#include "aicc/runtime/Error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <vector>

using namespace aicc::rt;
using ::testing::ElementsAre;

namespace {

// Random123 kat_vectors, "philox4x32 10" lines: counter, key, expected.
TEST(PhiloxTest, KnownAnswerZero) {
  EXPECT_THAT(Philox::block({0, 0, 0, 0}, {0, 0}),
              ElementsAre(0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u));
}

TEST(PhiloxTest, KnownAnswerAllOnes) {
  EXPECT_THAT(Philox::block({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
                            {0xffffffff, 0xffffffff}),
              ElementsAre(0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu));
}

TEST(PhiloxTest, KnownAnswerPi) {
  EXPECT_THAT(Philox::block({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
                            {0xa4093822, 0x299f31d0}),
              ElementsAre(0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u));
}

// The generator maps seed -> key and (position, stream) -> counter in the
// documented word order; check it with the same vectors.
TEST(PhiloxTest, GeneratorUsesDocumentedCounterLayout) {
  Philox zero(0, 0);
  EXPECT_THAT(zero.nextBlock(),
              ElementsAre(0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u));

  Philox pi(0x299f31d0a4093822ull, 0x0370734413198a2eull);
  pi.seek(0x85a308d3243f6a88ull);
  EXPECT_EQ(pi.position(), 0x85a308d3243f6a88ull);
  EXPECT_THAT(pi.nextBlock(),
              ElementsAre(0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u));
  EXPECT_EQ(pi.position(), 0x85a308d3243f6a89ull);

  Philox ones(~0ull, ~0ull);
  ones.seek(~0ull);
  EXPECT_THAT(ones.nextBlock(),
              ElementsAre(0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu));
}

TEST(PhiloxTest, NextU32ConsumesBlocksWordByWord) {
  Philox words(7, 3), blocks(7, 3);
  for (int b = 0; b < 3; ++b) {
    Philox::Counter block = blocks.nextBlock();
    for (uint32_t expected : block)
      EXPECT_EQ(words.nextU32(), expected);
  }
  EXPECT_EQ(words.position(), 3u);
}

TEST(PhiloxTest, NextBlockDiscardsBufferedWords) {
  Philox a(11), b(11);
  a.nextU32();
  Philox::Counter second = a.nextBlock();
  b.nextBlock();
  EXPECT_EQ(second, b.nextBlock());
}

TEST(PhiloxTest, DeterministicAndStreamsDiffer) {
  Philox a(42, 0), b(42, 0), c(42, 1), d(43, 0);
  std::vector<uint32_t> va, vb, vc, vd;
  for (int i = 0; i < 64; ++i) {
    va.push_back(a.nextU32());
    vb.push_back(b.nextU32());
    vc.push_back(c.nextU32());
    vd.push_back(d.nextU32());
  }
  EXPECT_EQ(va, vb);
  EXPECT_NE(va, vc);
  EXPECT_NE(va, vd);
  EXPECT_NE(vc, vd);
}

TEST(PhiloxTest, SeekRestartsTheSequence) {
  Philox a(5, 9);
  std::vector<float> first;
  for (int i = 0; i < 10; ++i)
    first.push_back(a.normal());
  a.seek(0);
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(a.normal(), first[i]) << i;
}

TEST(PhiloxTest, UniformIsInUnitIntervalWith24Bits) {
  Philox rng(1);
  for (int i = 0; i < 100000; ++i) {
    float u = rng.uniform();
    ASSERT_GE(u, 0.0f);
    ASSERT_LT(u, 1.0f);
    float scaled = u * 16777216.0f;
    ASSERT_EQ(scaled, std::floor(scaled)) << u;
  }
  // uniform() is exactly the top 24 bits of the next word.
  Philox a(99), b(99);
  for (int i = 0; i < 8; ++i)
    EXPECT_EQ(a.uniform(), static_cast<float>(b.nextU32() >> 8) / 16777216.0f);
}

TEST(PhiloxTest, UniformStatistics) {
  Philox rng(2024, 1);
  const int n = 100000;
  double sum = 0, sumSq = 0;
  for (int i = 0; i < n; ++i) {
    double u = rng.uniform();
    sum += u;
    sumSq += u * u;
  }
  double mean = sum / n, var = sumSq / n - mean * mean;
  // Standard errors are ~0.0009 (mean) and ~0.0003 (variance).
  EXPECT_NEAR(mean, 0.5, 0.005);
  EXPECT_NEAR(var, 1.0 / 12.0, 0.002);
}

TEST(PhiloxTest, NormalStatistics) {
  Philox rng(2024, 2);
  const int n = 100000;
  double sum = 0, sumSq = 0, sumQuad = 0;
  int beyond3 = 0;
  for (int i = 0; i < n; ++i) {
    double z = rng.normal();
    ASSERT_TRUE(std::isfinite(z));
    sum += z;
    sumSq += z * z;
    sumQuad += z * z * z * z;
    beyond3 += std::abs(z) > 3;
  }
  double mean = sum / n, var = sumSq / n - mean * mean;
  EXPECT_NEAR(mean, 0.0, 0.015);
  EXPECT_NEAR(var, 1.0, 0.03);
  // Kurtosis 3 and a two-sided 3-sigma tail of 0.27% tell a normal apart
  // from e.g. a scaled uniform with the same variance.
  EXPECT_NEAR(sumQuad / n, 3.0, 0.15);
  EXPECT_NEAR(beyond3 / double(n), 0.0027, 0.001);
}

TEST(PhiloxTest, UniformIntRangeAndBalance) {
  Philox rng(3);
  std::vector<int> counts(6);
  const int n = 60000;
  for (int i = 0; i < n; ++i) {
    uint64_t v = rng.uniformInt(6);
    ASSERT_LT(v, 6u);
    ++counts[v];
  }
  for (int c : counts)
    EXPECT_NEAR(c, n / 6, 400);
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(rng.uniformInt(1), 0u);
}

// With n just above 2^63 plain modulo would return values below 2^63 - 1
// twice as often as the rest; rejection must keep the halves balanced.
TEST(PhiloxTest, UniformIntIsUnbiasedForHugeRanges) {
  Philox rng(4);
  const uint64_t n = (uint64_t(1) << 63) + (uint64_t(1) << 62);
  int low = 0;
  const int draws = 20000;
  for (int i = 0; i < draws; ++i) {
    uint64_t v = rng.uniformInt(n);
    ASSERT_LT(v, n);
    low += v < (uint64_t(1) << 62);
  }
  // P(v < 2^62) = 1/3 if unbiased; modulo bias would give 1/2.
  EXPECT_NEAR(low / double(draws), 1.0 / 3.0, 0.02);
}

TEST(PhiloxTest, UniformIntRejectsEmptyRange) {
  Philox rng(5);
  EXPECT_THROW(rng.uniformInt(0), Error);
}

} // namespace
