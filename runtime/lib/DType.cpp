//===- DType.cpp - Tensor element types -----------------------------------===//

#include "aicc/runtime/DType.h"

namespace aicc::rt {

size_t dtypeSize(DType dtype) {
  return visitDType(
      dtype, [](auto tag) { return sizeof(typename decltype(tag)::type); });
}

std::string_view dtypeName(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "f32";
  case DType::F64:
    return "f64";
  case DType::I8:
    return "i8";
  case DType::I16:
    return "i16";
  case DType::I32:
    return "i32";
  case DType::I64:
    return "i64";
  case DType::U8:
    return "ui8";
  case DType::Bool:
    return "i1";
  }
  throw Error("invalid DType value " + std::to_string(static_cast<int>(dtype)));
}

std::optional<DType> dtypeFromName(std::string_view name) {
  for (DType dtype : {DType::F32, DType::F64, DType::I8, DType::I16, DType::I32,
                      DType::I64, DType::U8, DType::Bool})
    if (dtypeName(dtype) == name)
      return dtype;
  if (name == "u8")
    return DType::U8;
  return std::nullopt;
}

} // namespace aicc::rt
