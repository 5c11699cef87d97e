//===- MemRef.h - MLIR memref C-interface interop ---------------*- C++ -*-===//
//
// Functions compiled with `llvm.emit_c_interface` (`_mlir_ciface_*`) take
// memrefs as pointers to MLIR's StridedMemRefType<T, N>:
//
//   struct { T *basePtr; T *data; int64_t offset;
//            int64_t sizes[N]; int64_t strides[N]; };
//
// (rank 0 has only the first three fields). StridedMemRef<T, N> mirrors that
// struct for code that knows the rank statically; MemRefDescriptor builds the
// same bytes for a rank only known at runtime.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_RUNTIME_MEMREF_H
#define AICC_RUNTIME_MEMREF_H

#include "aicc/runtime/Tensor.h"

#include <cstdint>
#include <vector>

namespace aicc::rt {

template <class T, int N> struct StridedMemRef {
  T *allocated;
  T *aligned;
  int64_t offset;
  int64_t sizes[N];
  int64_t strides[N];
};

template <class T> struct StridedMemRef<T, 0> {
  T *allocated;
  T *aligned;
  int64_t offset;
};

// The runtime descriptor stores pointers in int64_t slots; that only matches
// MLIR's layout when pointers are 8 bytes.
static_assert(sizeof(void *) == sizeof(int64_t),
              "memref descriptors assume 64-bit pointers");

/// A memref descriptor for a runtime rank, viewing (not owning) a Tensor's
/// buffer with offset 0 and row-major strides. The Tensor must outlive it.
class MemRefDescriptor {
public:
  explicit MemRefDescriptor(Tensor &tensor);

  /// Pointer to the descriptor struct, i.e. what a `_mlir_ciface_` function
  /// expects as `StridedMemRefType<T, N> *`. Stable while *this is alive.
  void *get() { return storage_.data(); }
  const void *get() const { return storage_.data(); }

  int64_t rank() const { return rank_; }
  void *allocatedData() const;
  void *alignedData() const;
  int64_t offset() const { return storage_[2]; }
  std::vector<int64_t> sizes() const;
  std::vector<int64_t> strides() const;

private:
  int64_t rank_;
  // [allocated, aligned, offset, sizes[rank]..., strides[rank]...]
  std::vector<int64_t> storage_;
};

/// Copies the memref described by `descriptor` (a StridedMemRefType<T, rank>
/// laid out as above; arbitrary offset and strides) into a new dense Tensor.
/// Useful for results returned by compiled code.
Tensor tensorFromMemRef(DType dtype, int64_t rank, const void *descriptor);

} // namespace aicc::rt

#endif // AICC_RUNTIME_MEMREF_H
