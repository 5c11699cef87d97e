//===- MemRef.cpp - MLIR memref C-interface interop -----------------------===//

#include "aicc/runtime/MemRef.h"

#include <cstddef>
#include <cstring>

using namespace aicc::rt;

// MemRefDescriptor's int64_t slots must line up with StridedMemRef fields.
using MemRef2D = StridedMemRef<float, 2>;
static_assert(offsetof(MemRef2D, allocated) == 0);
static_assert(offsetof(MemRef2D, aligned) == 8);
static_assert(offsetof(MemRef2D, offset) == 16);
static_assert(offsetof(MemRef2D, sizes) == 24);
static_assert(offsetof(MemRef2D, strides) == 40);
static_assert(sizeof(StridedMemRef<float, 2>) == 56);
static_assert(sizeof(StridedMemRef<float, 0>) == 24);

static int64_t pointerToSlot(void *ptr) {
  int64_t slot;
  std::memcpy(&slot, &ptr, sizeof(slot));
  return slot;
}

static void *slotToPointer(int64_t slot) {
  void *ptr;
  std::memcpy(&ptr, &slot, sizeof(ptr));
  return ptr;
}

MemRefDescriptor::MemRefDescriptor(Tensor &tensor)
    : rank_(tensor.rank()), storage_(3 + 2 * tensor.rank()) {
  storage_[0] = pointerToSlot(tensor.data());
  storage_[1] = pointerToSlot(tensor.data());
  storage_[2] = 0;
  std::vector<int64_t> strides = tensor.strides();
  for (int64_t i = 0; i < rank_; ++i) {
    storage_[3 + i] = tensor.shape()[i];
    storage_[3 + rank_ + i] = strides[i];
  }
}

void *MemRefDescriptor::allocatedData() const {
  return slotToPointer(storage_[0]);
}

void *MemRefDescriptor::alignedData() const {
  return slotToPointer(storage_[1]);
}

std::vector<int64_t> MemRefDescriptor::sizes() const {
  return {storage_.begin() + 3, storage_.begin() + 3 + rank_};
}

std::vector<int64_t> MemRefDescriptor::strides() const {
  return {storage_.begin() + 3 + rank_, storage_.end()};
}

Tensor aicc::rt::tensorFromMemRef(DType dtype, int64_t rank,
                                  const void *descriptor) {
  if (!descriptor)
    throw Error("tensorFromMemRef: null descriptor");
  if (rank < 0)
    throw Error("tensorFromMemRef: negative rank " + std::to_string(rank));
  const auto *fields = static_cast<const int64_t *>(descriptor);
  const char *aligned = static_cast<const char *>(slotToPointer(fields[1]));
  int64_t offset = fields[2];
  std::vector<int64_t> sizes(fields + 3, fields + 3 + rank);
  std::vector<int64_t> strides(fields + 3 + rank, fields + 3 + 2 * rank);

  Tensor result(dtype, sizes); // Validates the sizes.
  if (result.numElements() == 0)
    return result;
  if (!aligned)
    throw Error("tensorFromMemRef: null data pointer for memref of type " +
                result.shapeString());

  // Walk the result in row-major order with a multi-dimensional counter,
  // tracking the matching source element offset incrementally.
  size_t elemSize = dtypeSize(dtype);
  char *dst = static_cast<char *>(result.data());
  std::vector<int64_t> index(rank, 0);
  int64_t srcOffset = offset;
  for (int64_t n = 0; n < result.numElements(); ++n) {
    std::memcpy(dst + n * elemSize, aligned + srcOffset * elemSize, elemSize);
    for (int64_t d = rank - 1; d >= 0; --d) {
      srcOffset += strides[d];
      if (++index[d] < sizes[d])
        break;
      srcOffset -= strides[d] * sizes[d];
      index[d] = 0;
    }
  }
  return result;
}
