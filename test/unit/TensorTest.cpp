//===- TensorTest.cpp - Tests for the owning tensor -----------------------===//

#include "aicc/runtime/Tensor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>

using namespace aicc::rt;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

bool isAligned(const void *ptr) {
  return reinterpret_cast<uintptr_t>(ptr) % 64 == 0;
}

TEST(TensorTest, BasicProperties) {
  Tensor t(DType::F32, {4, 3});
  EXPECT_EQ(t.dtype(), DType::F32);
  EXPECT_THAT(t.shape(), ElementsAre(4, 3));
  EXPECT_EQ(t.rank(), 2);
  EXPECT_EQ(t.numElements(), 12);
  EXPECT_EQ(t.byteSize(), 48u);
  EXPECT_THAT(t.strides(), ElementsAre(3, 1));
  EXPECT_EQ(t.shapeString(), "4x3xf32");
}

TEST(TensorTest, Rank0) {
  Tensor t = Tensor::zeros(DType::I64, {});
  EXPECT_EQ(t.rank(), 0);
  EXPECT_EQ(t.numElements(), 1);
  EXPECT_EQ(t.byteSize(), 8u);
  EXPECT_TRUE(t.strides().empty());
  EXPECT_EQ(t.shapeString(), "i64");
  EXPECT_EQ(*t.data<int64_t>(), 0);
}

TEST(TensorTest, Strides3D) {
  Tensor t(DType::I8, {2, 3, 5});
  EXPECT_THAT(t.strides(), ElementsAre(15, 5, 1));
  EXPECT_EQ(t.shapeString(), "2x3x5xi8");
}

TEST(TensorTest, ZeroInitialized) {
  Tensor t(DType::F64, {7, 9});
  const double *p = t.data<double>();
  for (int64_t i = 0; i < t.numElements(); ++i)
    ASSERT_EQ(p[i], 0.0) << "element " << i;
  Tensor z = Tensor::zeros(DType::I32, {5});
  for (int64_t i = 0; i < 5; ++i)
    ASSERT_EQ(z.data<int32_t>()[i], 0);
}

TEST(TensorTest, DataIs64ByteAligned) {
  for (std::vector<int64_t> shape :
       {std::vector<int64_t>{}, {0}, {1}, {3}, {17}, {3, 5, 7}, {1000}}) {
    for (DType dtype : {DType::F32, DType::I8, DType::F64, DType::Bool}) {
      Tensor t(dtype, shape);
      EXPECT_NE(t.data(), nullptr);
      EXPECT_TRUE(isAligned(t.data())) << t.shapeString();
    }
  }
}

TEST(TensorTest, ZeroElementTensorsAreValid) {
  Tensor t(DType::F32, {3, 0, 2});
  EXPECT_EQ(t.numElements(), 0);
  EXPECT_EQ(t.byteSize(), 0u);
  EXPECT_NE(t.data(), nullptr);
  EXPECT_EQ(t.shapeString(), "3x0x2xf32");
  Tensor c = t.clone();
  EXPECT_EQ(c.shapeString(), "3x0x2xf32");
}

TEST(TensorTest, NegativeDimThrows) {
  try {
    Tensor t(DType::F32, {2, -1});
    FAIL() << "expected aicc::rt::Error";
  } catch (const Error &e) {
    EXPECT_THAT(e.what(), HasSubstr("negative"));
    EXPECT_THAT(e.what(), HasSubstr("-1"));
  }
}

TEST(TensorTest, OverflowingShapeThrows) {
  EXPECT_THROW(Tensor(DType::F64, {int64_t(1) << 40, int64_t(1) << 40}), Error);
  // Huge dims are fine when another dim is zero: nothing is allocated.
  Tensor empty(DType::F64, {0, int64_t(1) << 40, int64_t(1) << 40});
  EXPECT_EQ(empty.numElements(), 0);
}

TEST(TensorTest, FromValues) {
  Tensor t = Tensor::fromValues<int32_t>({2, 2}, {1, 2, 3, 4});
  EXPECT_EQ(t.dtype(), DType::I32);
  EXPECT_EQ(t.data<int32_t>()[3], 4);
  Tensor b = Tensor::fromValues<bool>({3}, {true, false, true});
  EXPECT_EQ(b.dtype(), DType::Bool);
  EXPECT_TRUE(b.data<bool>()[2]);
  EXPECT_FALSE(b.data<bool>()[1]);
  EXPECT_THROW(Tensor::fromValues<float>({2, 2}, {1.0f}), Error);
}

TEST(TensorTest, CloneIsDeep) {
  Tensor a = Tensor::fromValues<float>({3}, {1, 2, 3});
  Tensor b = a.clone();
  EXPECT_NE(a.data(), b.data());
  b.data<float>()[0] = 42;
  EXPECT_EQ(a.data<float>()[0], 1);
  EXPECT_EQ(b.data<float>()[1], 2);
  EXPECT_TRUE(isAligned(b.data()));
}

TEST(TensorTest, MoveTransfersOwnership) {
  Tensor a = Tensor::fromValues<float>({2}, {5, 6});
  void *buffer = a.data();
  Tensor b(std::move(a));
  EXPECT_EQ(b.data(), buffer);
  EXPECT_EQ(b.shapeString(), "2xf32");
  EXPECT_EQ(a.numElements(), 0); // NOLINT(bugprone-use-after-move)

  Tensor c(DType::I8, {1});
  c = std::move(b);
  EXPECT_EQ(c.data(), buffer);
  EXPECT_EQ(c.data<float>()[1], 6);
  static_assert(!std::is_copy_constructible_v<Tensor>);
  static_assert(!std::is_copy_assignable_v<Tensor>);
  static_assert(std::is_nothrow_move_constructible_v<Tensor>);
}

} // namespace
