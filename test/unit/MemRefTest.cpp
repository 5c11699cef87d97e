//===- MemRefTest.cpp - Tests for memref descriptor interop ---------------===//

#include "aicc/runtime/MemRef.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>

using namespace aicc::rt;
using ::testing::ElementsAre;

namespace {

TEST(MemRefTest, StridedMemRefLayoutMatchesMlir) {
  using MemRef2D = StridedMemRef<float, 2>;
  // MLIR's StridedMemRefType<T, N>: two pointers, offset, sizes, strides.
  EXPECT_EQ(offsetof(MemRef2D, allocated), 0u);
  EXPECT_EQ(offsetof(MemRef2D, aligned), 8u);
  EXPECT_EQ(offsetof(MemRef2D, offset), 16u);
  EXPECT_EQ(offsetof(MemRef2D, sizes), 24u);
  EXPECT_EQ(offsetof(MemRef2D, strides), 40u);
  EXPECT_EQ(sizeof(StridedMemRef<float, 2>), 56u);
  EXPECT_EQ(sizeof(StridedMemRef<double, 0>), 24u);
  EXPECT_EQ(sizeof(StridedMemRef<int8_t, 3>), 72u);
}

TEST(MemRefTest, DescriptorMatchesStridedMemRefFieldByField) {
  Tensor t(DType::F32, {4, 3});
  MemRefDescriptor desc(t);
  EXPECT_EQ(desc.rank(), 2);
  EXPECT_EQ(desc.allocatedData(), t.data());
  EXPECT_EQ(desc.alignedData(), t.data());
  EXPECT_EQ(desc.offset(), 0);
  EXPECT_THAT(desc.sizes(), ElementsAre(4, 3));
  EXPECT_THAT(desc.strides(), ElementsAre(3, 1));

  // What a _mlir_ciface_ function would see through its argument.
  auto *view = static_cast<StridedMemRef<float, 2> *>(desc.get());
  EXPECT_EQ(view->allocated, t.data<float>());
  EXPECT_EQ(view->aligned, t.data<float>());
  EXPECT_EQ(view->offset, 0);
  EXPECT_EQ(view->sizes[0], 4);
  EXPECT_EQ(view->sizes[1], 3);
  EXPECT_EQ(view->strides[0], 3);
  EXPECT_EQ(view->strides[1], 1);

  // Writes through the descriptor land in the tensor (non-owning view).
  view->aligned[view->offset + 2 * view->strides[0] + 1 * view->strides[1]] =
      9.0f;
  EXPECT_EQ(t.data<float>()[7], 9.0f);
}

TEST(MemRefTest, Rank0Descriptor) {
  Tensor t = Tensor::fromValues<double>({}, {2.5});
  MemRefDescriptor desc(t);
  EXPECT_EQ(desc.rank(), 0);
  EXPECT_TRUE(desc.sizes().empty());
  EXPECT_TRUE(desc.strides().empty());
  auto *view = static_cast<StridedMemRef<double, 0> *>(desc.get());
  EXPECT_EQ(view->allocated, t.data<double>());
  EXPECT_EQ(view->aligned, t.data<double>());
  EXPECT_EQ(view->offset, 0);
  EXPECT_EQ(*view->aligned, 2.5);
}

TEST(MemRefTest, Rank3AndZeroSize) {
  Tensor t(DType::I64, {2, 0, 5});
  MemRefDescriptor desc(t);
  auto *view = static_cast<StridedMemRef<int64_t, 3> *>(desc.get());
  EXPECT_NE(view->aligned, nullptr);
  EXPECT_EQ(view->sizes[1], 0);
  EXPECT_EQ(view->strides[2], 1);
  EXPECT_EQ(view->strides[1], 5);
}

TEST(MemRefTest, TensorFromContiguousMemRef) {
  Tensor t = Tensor::fromValues<int32_t>({2, 3}, {1, 2, 3, 4, 5, 6});
  MemRefDescriptor desc(t);
  Tensor copy = tensorFromMemRef(DType::I32, 2, desc.get());
  EXPECT_EQ(copy.shapeString(), "2x3xi32");
  EXPECT_NE(copy.data(), t.data());
  const int32_t *p = copy.data<int32_t>();
  EXPECT_THAT(std::vector<int32_t>(p, p + 6), ElementsAre(1, 2, 3, 4, 5, 6));
}

TEST(MemRefTest, TensorFromStridedMemRef) {
  // A transposed view with an offset: element (i, j) lives at
  // 1 + j * 3 + i of a 2x3 buffer, i.e. the 2x2 transpose of columns 1..2.
  float buffer[] = {0, 1, 2, 3, 4, 5};
  StridedMemRef<float, 2> view{buffer, buffer, 1, {2, 2}, {1, 3}};
  Tensor t = tensorFromMemRef(DType::F32, 2, &view);
  EXPECT_EQ(t.shapeString(), "2x2xf32");
  const float *p = t.data<float>();
  EXPECT_THAT(std::vector<float>(p, p + 4), ElementsAre(1, 4, 2, 5));
}

TEST(MemRefTest, TensorFromMemRefErrors) {
  EXPECT_THROW(tensorFromMemRef(DType::F32, 1, nullptr), Error);
  StridedMemRef<float, 1> negative{nullptr, nullptr, 0, {-1}, {1}};
  EXPECT_THROW(tensorFromMemRef(DType::F32, 1, &negative), Error);
  StridedMemRef<float, 1> nullData{nullptr, nullptr, 0, {3}, {1}};
  EXPECT_THROW(tensorFromMemRef(DType::F32, 1, &nullData), Error);
}

} // namespace
