//===- DatasetBatchIteratorTest.cpp - Tests for BatchIterator -------------===//

#include "aicc/runtime/BatchIterator.h"

#include "aicc/runtime/Philox.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>

using namespace aicc::rt;
using ::testing::HasSubstr;

namespace {

/// Sample i has features {i, 100 + i} and label 1000 + i, so every batch
/// entry identifies its sample and x/y pairing can be checked.
struct Toy {
  explicit Toy(int64_t n) : x(DType::F32, {n, 2}), y(DType::I64, {n}) {
    for (int64_t i = 0; i < n; ++i) {
      x.data<float>()[2 * i] = static_cast<float>(i);
      x.data<float>()[2 * i + 1] = static_cast<float>(100 + i);
      y.data<int64_t>()[i] = 1000 + i;
    }
  }
  Tensor x, y;
};

/// Runs an epoch and returns the sample indices in visiting order, checking
/// that features and labels stay paired.
std::vector<int64_t> epochOrder(BatchIterator &it, int64_t batchSize) {
  Tensor xb(DType::F32, {batchSize, 2}), yb(DType::I64, {batchSize});
  std::vector<int64_t> order;
  while (it.next(xb, yb)) {
    for (int64_t b = 0; b < batchSize; ++b) {
      auto i = static_cast<int64_t>(xb.data<float>()[2 * b]);
      EXPECT_EQ(xb.data<float>()[2 * b + 1], static_cast<float>(100 + i));
      EXPECT_EQ(yb.data<int64_t>()[b], 1000 + i);
      order.push_back(i);
    }
  }
  return order;
}

TEST(BatchIteratorTest, VisitsEverySampleOncePerEpoch) {
  Toy toy(40);
  for (uint64_t epoch = 0; epoch < 5; ++epoch) {
    BatchIterator it(toy.x, toy.y, 8, 7, epoch, true);
    EXPECT_EQ(it.numBatches(), 5);
    std::vector<int64_t> order = epochOrder(it, 8);
    EXPECT_EQ(it.position(), 5);
    std::sort(order.begin(), order.end());
    std::vector<int64_t> all(40);
    std::iota(all.begin(), all.end(), 0);
    EXPECT_EQ(order, all) << "epoch " << epoch;
  }
}

TEST(BatchIteratorTest, DropsTheLastPartialBatch) {
  Toy toy(23);
  BatchIterator it(toy.x, toy.y, 5, 1, 0, true);
  EXPECT_EQ(it.numBatches(), 4);
  std::vector<int64_t> order = epochOrder(it, 5);
  ASSERT_EQ(order.size(), 20u);
  // The dropped samples are the tail of the permutation.
  EXPECT_TRUE(std::equal(order.begin(), order.end(), it.order().begin()));
  EXPECT_EQ(std::set<int64_t>(order.begin(), order.end()).size(), 20u);

  Toy tiny(3);
  BatchIterator none(tiny.x, tiny.y, 4, 1, 0, true);
  EXPECT_EQ(none.numBatches(), 0);
  Tensor xb(DType::F32, {4, 2}), yb(DType::I64, {4});
  EXPECT_FALSE(none.next(xb, yb));
}

TEST(BatchIteratorTest, DeterministicPerSeedAndEpoch) {
  Toy toy(64);
  BatchIterator a(toy.x, toy.y, 4, 42, 3, true);
  BatchIterator b(toy.x, toy.y, 4, 42, 3, true);
  std::vector<int64_t> orderA = epochOrder(a, 4);
  EXPECT_EQ(orderA, epochOrder(b, 4));

  BatchIterator otherEpoch(toy.x, toy.y, 4, 42, 4, true);
  BatchIterator otherSeed(toy.x, toy.y, 4, 43, 3, true);
  EXPECT_NE(orderA, epochOrder(otherEpoch, 4));
  EXPECT_NE(orderA, epochOrder(otherSeed, 4));
  // Actually shuffled.
  std::vector<int64_t> identity(64);
  std::iota(identity.begin(), identity.end(), 0);
  EXPECT_NE(orderA, identity);
}

// Pins the permutation so that a change in the shuffle (and hence in every
// training run's sample order) is noticed: Fisher-Yates from the end with
// j = Philox(seed, epoch).uniformInt(i + 1).
TEST(BatchIteratorTest, PermutationIsPinned) {
  Toy toy(10);
  BatchIterator it(toy.x, toy.y, 1, 42, 0, true);
  std::vector<int64_t> expected(10);
  std::iota(expected.begin(), expected.end(), 0);
  Philox rng(42, 0);
  for (int64_t i = 9; i > 0; --i)
    std::swap(expected[i], expected[rng.uniformInt(i + 1)]);
  EXPECT_EQ(it.order(), expected);
  EXPECT_EQ(it.order(), (std::vector<int64_t>{6, 0, 5, 8, 4, 3, 2, 7, 1, 9}));
}

TEST(BatchIteratorTest, NoShuffleKeepsIndexOrder) {
  Toy toy(12);
  BatchIterator it(toy.x, toy.y, 3, 42, 9, false);
  std::vector<int64_t> identity(12);
  std::iota(identity.begin(), identity.end(), 0);
  EXPECT_EQ(epochOrder(it, 3), identity);
}

TEST(BatchIteratorTest, SkipResumesMidEpoch) {
  Toy toy(30);
  BatchIterator full(toy.x, toy.y, 5, 11, 2, true);
  std::vector<int64_t> all = epochOrder(full, 5);

  BatchIterator resumed(toy.x, toy.y, 5, 11, 2, true);
  resumed.skip(2);
  EXPECT_EQ(resumed.position(), 2);
  std::vector<int64_t> rest = epochOrder(resumed, 5);
  EXPECT_EQ(rest, std::vector<int64_t>(all.begin() + 10, all.end()));
  EXPECT_EQ(resumed.position(), 6);

  BatchIterator clamped(toy.x, toy.y, 5, 11, 2, true);
  clamped.skip(100);
  EXPECT_EQ(clamped.position(), 6);
  Tensor xb(DType::F32, {5, 2}), yb(DType::I64, {5});
  EXPECT_FALSE(clamped.next(xb, yb));
  EXPECT_THROW(clamped.skip(-1), Error);
  clamped.skip(0);
  EXPECT_EQ(clamped.position(), 6);
}

TEST(BatchIteratorTest, MultiDimensionalSamples) {
  Tensor x(DType::U8, {6, 2, 3}), y(DType::I32, {6, 2});
  for (int64_t i = 0; i < 36; ++i)
    x.data<uint8_t>()[i] = static_cast<uint8_t>(i);
  for (int64_t i = 0; i < 12; ++i)
    y.data<int32_t>()[i] = static_cast<int32_t>(i);
  BatchIterator it(x, y, 2, 0, 0, false);
  Tensor xb(DType::U8, {2, 2, 3}), yb(DType::I32, {2, 2});
  ASSERT_TRUE(it.next(xb, yb));
  ASSERT_TRUE(it.next(xb, yb));
  // Second batch holds samples 2 and 3.
  for (int64_t i = 0; i < 12; ++i)
    EXPECT_EQ(xb.data<uint8_t>()[i], 12 + i);
  EXPECT_EQ(yb.data<int32_t>()[0], 4);
  EXPECT_EQ(yb.data<int32_t>()[3], 7);
}

TEST(BatchIteratorTest, RejectsBadArguments) {
  Toy toy(10);
  Tensor shortY(DType::I64, {9});
  EXPECT_THROW(BatchIterator(toy.x, shortY, 2, 0, 0, true), Error);
  EXPECT_THROW(BatchIterator(toy.x, toy.y, 0, 0, 0, true), Error);
  EXPECT_THROW(BatchIterator(toy.x, toy.y, -2, 0, 0, true), Error);
  Tensor scalar(DType::F32, {});
  EXPECT_THROW(BatchIterator(scalar, toy.y, 2, 0, 0, true), Error);

  BatchIterator it(toy.x, toy.y, 2, 0, 0, true);
  Tensor yb(DType::I64, {2});
  Tensor wrongBatch(DType::F32, {3, 2}), wrongDType(DType::F64, {2, 2}),
      wrongSample(DType::F32, {2, 3});
  for (Tensor *xb : {&wrongBatch, &wrongDType, &wrongSample}) {
    try {
      it.next(*xb, yb);
      ADD_FAILURE() << "expected Error";
    } catch (const Error &e) {
      EXPECT_THAT(e.what(), HasSubstr("expected tensor<2x2xf32>"));
    }
  }
  Tensor xb(DType::F32, {2, 2}), wrongY(DType::I32, {2});
  EXPECT_THROW(it.next(xb, wrongY), Error);
  EXPECT_EQ(it.position(), 0);
}

} // namespace
