//===- Tensor.cpp - Owning dense tensor -----------------------------------===//

#include "aicc/runtime/Tensor.h"

#include <cstdlib>
#include <cstring>
#include <limits>
#include <utility>

using namespace aicc::rt;

static int64_t checkedNumElements(const std::vector<int64_t> &shape,
                                  DType dtype) {
  int64_t count = 1;
  for (size_t i = 0; i < shape.size(); ++i)
    if (shape[i] < 0)
      throw Error("invalid tensor shape: dimension " + std::to_string(i) +
                  " is negative (" + std::to_string(shape[i]) + ")");
  // Zero-element tensors are valid whatever the other dims are.
  for (int64_t dim : shape)
    if (dim == 0)
      return 0;
  // Bound by bytes, not elements, so byteSize() cannot overflow either.
  const int64_t maxElements = std::numeric_limits<int64_t>::max() /
                              static_cast<int64_t>(dtypeSize(dtype));
  for (int64_t dim : shape) {
    if (count > maxElements / dim)
      throw Error("invalid tensor shape: element count overflows");
    count *= dim;
  }
  return count;
}

Tensor::Tensor(DType dtype, std::vector<int64_t> shape)
    : dtype_(dtype), shape_(std::move(shape)),
      numElements_(checkedNumElements(shape_, dtype)) {
  size_t bytes = byteSize();
  // aligned_alloc needs a size that is a multiple of the alignment; never
  // allocate less than one block so data() is always a valid pointer.
  size_t allocBytes = bytes < kAlignment ? kAlignment : bytes;
  if (allocBytes % kAlignment != 0) {
    if (allocBytes > std::numeric_limits<size_t>::max() - kAlignment)
      throw Error("cannot allocate tensor " + shapeString() + ": too large");
    allocBytes += kAlignment - allocBytes % kAlignment;
  }
  data_ = std::aligned_alloc(kAlignment, allocBytes);
  if (!data_)
    throw Error("cannot allocate " + std::to_string(allocBytes) +
                " bytes for tensor " + shapeString());
  std::memset(data_, 0, allocBytes);
}

Tensor::~Tensor() { std::free(data_); }

Tensor::Tensor(Tensor &&other) noexcept
    : dtype_(other.dtype_), shape_(std::move(other.shape_)),
      numElements_(other.numElements_), data_(other.data_) {
  // Leave the source as an empty zero-element tensor.
  other.shape_ = {0};
  other.numElements_ = 0;
  other.data_ = nullptr;
}

Tensor &Tensor::operator=(Tensor &&other) noexcept {
  if (this == &other)
    return *this;
  std::free(data_);
  dtype_ = other.dtype_;
  shape_ = std::move(other.shape_);
  numElements_ = other.numElements_;
  data_ = other.data_;
  other.shape_ = {0};
  other.numElements_ = 0;
  other.data_ = nullptr;
  return *this;
}

Tensor Tensor::zeros(DType dtype, std::vector<int64_t> shape) {
  return Tensor(dtype, std::move(shape));
}

Tensor Tensor::clone() const {
  Tensor copy(dtype_, shape_);
  if (byteSize() != 0)
    std::memcpy(copy.data_, data_, byteSize());
  return copy;
}

std::vector<int64_t> Tensor::strides() const {
  std::vector<int64_t> result(shape_.size());
  // Unsigned so that huge trailing dims of a zero-element tensor wrap instead
  // of overflowing; such strides are never used to address memory.
  uint64_t running = 1;
  for (size_t i = shape_.size(); i-- > 0;) {
    result[i] = static_cast<int64_t>(running);
    running *= static_cast<uint64_t>(shape_[i]);
  }
  return result;
}

std::string Tensor::shapeString() const {
  std::string result;
  for (int64_t dim : shape_) {
    result += std::to_string(dim);
    result += 'x';
  }
  result += dtypeName(dtype_);
  return result;
}
