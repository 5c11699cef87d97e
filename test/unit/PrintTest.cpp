//===- PrintTest.cpp - Tests for tensor pretty printing -------------------===//

#include "aicc/runtime/Print.h"

#include <gtest/gtest.h>

using namespace aicc::rt;

namespace {

TEST(PrintTest, SmallMatrix) {
  Tensor t = Tensor::fromValues<float>({2, 3}, {0, 1, 2, 3, 4, 5});
  EXPECT_EQ(formatTensor(t), "tensor<2x3xf32>\n"
                             "[[0., 1., 2.],\n"
                             " [3., 4., 5.]]");
}

TEST(PrintTest, ColumnsAreRightAligned) {
  Tensor t = Tensor::fromValues<int32_t>({2, 2}, {1, -100, 25, 7});
  EXPECT_EQ(formatTensor(t), "tensor<2x2xi32>\n"
                             "[[   1, -100],\n"
                             " [  25,    7]]");
}

TEST(PrintTest, Rank0AndRank1) {
  EXPECT_EQ(formatTensor(Tensor::fromValues<double>({}, {1.5})),
            "tensor<f64>\n1.5");
  EXPECT_EQ(formatTensor(Tensor::fromValues<int8_t>({3}, {-1, 0, 1})),
            "tensor<3xi8>\n[-1,  0,  1]");
  EXPECT_EQ(formatTensor(Tensor::fromValues<uint8_t>({2}, {255, 7})),
            "tensor<2xui8>\n[255,   7]");
}

TEST(PrintTest, Bools) {
  EXPECT_EQ(formatTensor(Tensor::fromValues<bool>({2}, {true, false})),
            "tensor<2xi1>\n[ true, false]");
}

TEST(PrintTest, Rank3SeparatesMatricesWithBlankLine) {
  Tensor t = Tensor::fromValues<int64_t>({2, 1, 2}, {1, 2, 3, 4});
  EXPECT_EQ(formatTensor(t), "tensor<2x1x2xi64>\n"
                             "[[[1, 2]],\n"
                             "\n"
                             " [[3, 4]]]");
}

TEST(PrintTest, ElidesLongDimensions) {
  std::vector<int32_t> values(10);
  for (int i = 0; i < 10; ++i)
    values[i] = i;
  Tensor t = Tensor::fromValues<int32_t>({10}, values);
  EXPECT_EQ(formatTensor(t), "tensor<10xi32>\n[0, 1, 2, ..., 7, 8, 9]");
  EXPECT_EQ(formatTensor(t, 4), "tensor<10xi32>\n[0, 1, ..., 8, 9]");
  EXPECT_EQ(formatTensor(t, 0),
            "tensor<10xi32>\n[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]");

  Tensor m = Tensor::fromValues<int32_t>({5, 2}, values);
  EXPECT_EQ(formatTensor(m, 2), "tensor<5x2xi32>\n"
                                "[[0, 1],\n"
                                " ...,\n"
                                " [8, 9]]");
}

TEST(PrintTest, SpecialFloats) {
  Tensor t = Tensor::fromValues<float>(
      {4}, {-0.5f, 1e20f, std::numeric_limits<float>::infinity(),
            std::numeric_limits<float>::quiet_NaN()});
  EXPECT_EQ(formatTensor(t), "tensor<4xf32>\n[ -0.5, 1e+20,   inf,   nan]");
}

TEST(PrintTest, ZeroElementTensor) {
  EXPECT_EQ(formatTensor(Tensor(DType::F32, {0})), "tensor<0xf32>\n[]");
  EXPECT_EQ(formatTensor(Tensor(DType::F32, {2, 0})),
            "tensor<2x0xf32>\n[[],\n []]");
}

} // namespace
