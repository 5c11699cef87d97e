//===- Tensor.h - Owning dense tensor ---------------------------*- C++ -*-===//
//
// A dense, row-major (C order) tensor that owns a 64-byte aligned buffer.
// The alignment matches what NumPy and MLIR's vectorized code expect, and the
// buffer is always at least 64 bytes so even zero-element tensors have a
// valid, non-null data pointer to hand to compiled code.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_RUNTIME_TENSOR_H
#define AICC_RUNTIME_TENSOR_H

#include "aicc/runtime/DType.h"
#include "aicc/runtime/Error.h"

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace aicc::rt {

class Tensor {
public:
  static constexpr size_t kAlignment = 64;

  /// Allocates a zero-initialized tensor. Throws Error on negative dims,
  /// element-count overflow or allocation failure.
  Tensor(DType dtype, std::vector<int64_t> shape);
  ~Tensor();

  /// A moved-from tensor has shape {0} and a null data pointer; only
  /// destroy or assign to it.
  Tensor(Tensor &&other) noexcept;
  Tensor &operator=(Tensor &&other) noexcept;
  // Copies are explicit (clone) so large buffers are never copied by accident.
  Tensor(const Tensor &) = delete;
  Tensor &operator=(const Tensor &) = delete;

  static Tensor zeros(DType dtype, std::vector<int64_t> shape);

  /// Builds a tensor from row-major values; values.size() must equal the
  /// element count of `shape`.
  template <class T>
  static Tensor fromValues(std::vector<int64_t> shape,
                           const std::vector<T> &values);

  /// Deep copy.
  Tensor clone() const;

  DType dtype() const { return dtype_; }
  const std::vector<int64_t> &shape() const { return shape_; }
  int64_t rank() const { return static_cast<int64_t>(shape_.size()); }
  /// Product of dims; 1 for rank 0, 0 if any dim is 0.
  int64_t numElements() const { return numElements_; }
  size_t byteSize() const {
    return static_cast<size_t>(numElements_) * dtypeSize(dtype_);
  }
  /// Row-major strides in elements (stride[i] = product of dims after i).
  std::vector<int64_t> strides() const;

  void *data() { return data_; }
  const void *data() const { return data_; }

  template <class T> T *data() {
    assertElementType<T>();
    return static_cast<T *>(data_);
  }
  template <class T> const T *data() const {
    assertElementType<T>();
    return static_cast<const T *>(data_);
  }

  /// MLIR tensor type body, e.g. "4x3xf32"; "f32" for rank 0.
  std::string shapeString() const;

private:
  template <class T> void assertElementType() const {
    if constexpr (HasDType<T>::value)
      assert(dtypeOf<T>() == dtype_ && "element type does not match dtype");
  }

  DType dtype_;
  std::vector<int64_t> shape_;
  int64_t numElements_ = 0;
  void *data_ = nullptr;
};

template <class T>
Tensor Tensor::fromValues(std::vector<int64_t> shape,
                          const std::vector<T> &values) {
  Tensor result(dtypeOf<T>(), std::move(shape));
  if (static_cast<int64_t>(values.size()) != result.numElements())
    throw Error("Tensor::fromValues: shape " + result.shapeString() +
                " needs " + std::to_string(result.numElements()) +
                " values, got " + std::to_string(values.size()));
  // std::vector<bool> is bit-packed, so copy element by element.
  T *dst = result.data<T>();
  for (size_t i = 0; i < values.size(); ++i)
    dst[i] = values[i];
  return result;
}

} // namespace aicc::rt

#endif // AICC_RUNTIME_TENSOR_H
