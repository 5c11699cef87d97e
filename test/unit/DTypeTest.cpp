//===- DTypeTest.cpp - Tests for element types ----------------------------===//

#include "aicc/runtime/DType.h"

#include <gtest/gtest.h>

using namespace aicc::rt;

namespace {

const DType kAllDTypes[] = {DType::F32, DType::F64, DType::I8, DType::I16,
                            DType::I32, DType::I64, DType::U8, DType::Bool};

TEST(DTypeTest, Sizes) {
  EXPECT_EQ(dtypeSize(DType::F32), 4u);
  EXPECT_EQ(dtypeSize(DType::F64), 8u);
  EXPECT_EQ(dtypeSize(DType::I8), 1u);
  EXPECT_EQ(dtypeSize(DType::I16), 2u);
  EXPECT_EQ(dtypeSize(DType::I32), 4u);
  EXPECT_EQ(dtypeSize(DType::I64), 8u);
  EXPECT_EQ(dtypeSize(DType::U8), 1u);
  EXPECT_EQ(dtypeSize(DType::Bool), 1u);
}

TEST(DTypeTest, NamesMatchMlirSpelling) {
  EXPECT_EQ(dtypeName(DType::F32), "f32");
  EXPECT_EQ(dtypeName(DType::F64), "f64");
  EXPECT_EQ(dtypeName(DType::I8), "i8");
  EXPECT_EQ(dtypeName(DType::I16), "i16");
  EXPECT_EQ(dtypeName(DType::I32), "i32");
  EXPECT_EQ(dtypeName(DType::I64), "i64");
  EXPECT_EQ(dtypeName(DType::U8), "ui8");
  EXPECT_EQ(dtypeName(DType::Bool), "i1");
}

TEST(DTypeTest, FromNameRoundTrips) {
  for (DType dtype : kAllDTypes) {
    std::optional<DType> parsed = dtypeFromName(dtypeName(dtype));
    ASSERT_TRUE(parsed.has_value()) << dtypeName(dtype);
    EXPECT_EQ(*parsed, dtype);
  }
}

TEST(DTypeTest, FromNameAliasesAndUnknown) {
  EXPECT_EQ(dtypeFromName("u8"), DType::U8);
  EXPECT_EQ(dtypeFromName("f16"), std::nullopt);
  EXPECT_EQ(dtypeFromName(""), std::nullopt);
  EXPECT_EQ(dtypeFromName("F32"), std::nullopt);
  EXPECT_EQ(dtypeFromName("bool"), std::nullopt);
}

TEST(DTypeTest, DTypeOfMatchesSize) {
  EXPECT_EQ(dtypeOf<float>(), DType::F32);
  EXPECT_EQ(dtypeOf<double>(), DType::F64);
  EXPECT_EQ(dtypeOf<int8_t>(), DType::I8);
  EXPECT_EQ(dtypeOf<int16_t>(), DType::I16);
  EXPECT_EQ(dtypeOf<int32_t>(), DType::I32);
  EXPECT_EQ(dtypeOf<int64_t>(), DType::I64);
  EXPECT_EQ(dtypeOf<uint8_t>(), DType::U8);
  EXPECT_EQ(dtypeOf<bool>(), DType::Bool);
  for (DType dtype : kAllDTypes) {
    size_t size = visitDType(
        dtype, [](auto tag) { return sizeof(typename decltype(tag)::type); });
    EXPECT_EQ(size, dtypeSize(dtype)) << dtypeName(dtype);
  }
}

} // namespace
