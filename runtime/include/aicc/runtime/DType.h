//===- DType.h - Tensor element types ---------------------------*- C++ -*-===//
//
// The element types the runtime can store. Names follow MLIR's element type
// spelling (f32, i64, ui8, i1, ...) so they can be matched against function
// signatures directly.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_RUNTIME_DTYPE_H
#define AICC_RUNTIME_DTYPE_H

#include "aicc/runtime/Error.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace aicc::rt {

enum class DType { F32, F64, I8, I16, I32, I64, U8, Bool };

/// Size in bytes of one element (Bool is stored as one byte).
size_t dtypeSize(DType dtype);

/// MLIR spelling: "f32", "f64", "i8", "i16", "i32", "i64", "ui8", "i1".
std::string_view dtypeName(DType dtype);

/// Inverse of dtypeName; also accepts "u8" for U8. Returns nullopt otherwise.
std::optional<DType> dtypeFromName(std::string_view name);

/// Maps a C++ element type to its DType (e.g. dtypeOf<float>() == F32).
template <class T> struct DTypeOf;
template <> struct DTypeOf<float> {
  static constexpr DType value = DType::F32;
};
template <> struct DTypeOf<double> {
  static constexpr DType value = DType::F64;
};
template <> struct DTypeOf<int8_t> {
  static constexpr DType value = DType::I8;
};
template <> struct DTypeOf<int16_t> {
  static constexpr DType value = DType::I16;
};
template <> struct DTypeOf<int32_t> {
  static constexpr DType value = DType::I32;
};
template <> struct DTypeOf<int64_t> {
  static constexpr DType value = DType::I64;
};
template <> struct DTypeOf<uint8_t> {
  static constexpr DType value = DType::U8;
};
template <> struct DTypeOf<bool> {
  static constexpr DType value = DType::Bool;
};

template <class T, class = void> struct HasDType : std::false_type {};
template <class T>
struct HasDType<T, std::void_t<decltype(DTypeOf<T>::value)>> : std::true_type {
};

template <class T> constexpr DType dtypeOf() { return DTypeOf<T>::value; }

/// Type tag passed to visitDType callbacks.
template <class T> struct TypeTag { using type = T; };

/// Calls `fn(TypeTag<T>{})` with the C++ type T that stores `dtype`, so that
/// type-generic code is written once instead of as a switch per call site.
template <class Fn> decltype(auto) visitDType(DType dtype, Fn &&fn) {
  switch (dtype) {
  case DType::F32:
    return fn(TypeTag<float>{});
  case DType::F64:
    return fn(TypeTag<double>{});
  case DType::I8:
    return fn(TypeTag<int8_t>{});
  case DType::I16:
    return fn(TypeTag<int16_t>{});
  case DType::I32:
    return fn(TypeTag<int32_t>{});
  case DType::I64:
    return fn(TypeTag<int64_t>{});
  case DType::U8:
    return fn(TypeTag<uint8_t>{});
  case DType::Bool:
    return fn(TypeTag<bool>{});
  }
  // Only reachable with an out-of-range enum value.
  throw Error("invalid DType value " + std::to_string(static_cast<int>(dtype)));
}

} // namespace aicc::rt

#endif // AICC_RUNTIME_DTYPE_H
