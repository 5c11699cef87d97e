//===- BatchIterator.h - Shuffled mini-batches ------------------*- C++ -*-===//
//
// Walks a dataset (x: N x ..., y: N x ...) in mini-batches for one epoch.
// The sample order is a Fisher-Yates shuffle driven by Philox(seed, epoch),
// so it depends only on (N, seed, epoch) and is identical on every machine;
// resuming a run mid-epoch is skip(batchesAlreadyDone).
//
//===----------------------------------------------------------------------===//

#ifndef AICC_RUNTIME_BATCHITERATOR_H
#define AICC_RUNTIME_BATCHITERATOR_H

#include "aicc/runtime/Tensor.h"

#include <cstdint>
#include <vector>

namespace aicc::rt {

class BatchIterator {
public:
  /// `x` and `y` are referenced, not copied, and must outlive the iterator.
  /// They need rank >= 1 and equal first dims; batchSize must be positive.
  /// With shuffle == false samples come in index order (seed and epoch are
  /// then unused).
  BatchIterator(const Tensor &x, const Tensor &y, int64_t batchSize,
                uint64_t seed, uint64_t epoch, bool shuffle);

  /// Full batches only: the last N % batchSize samples of the permutation
  /// are dropped (so every batch has the static shape compiled code expects).
  int64_t numBatches() const { return numBatches_; }

  /// Copies the next batch into preallocated tensors of shape [B, x dims
  /// after the first...] / [B, y dims after the first...] with x's / y's
  /// dtype; throws Error if they do not match. Returns false (leaving the
  /// tensors untouched) once all numBatches() batches were produced.
  bool next(Tensor &xBatch, Tensor &yBatch);

  /// Number of batches produced or skipped so far in this epoch.
  int64_t position() const { return position_; }

  /// Advances past `batches` batches without copying them (clamped at
  /// numBatches()); throws Error if batches < 0.
  void skip(int64_t batches);

  /// The sample order of this epoch (size N, a permutation of 0..N-1).
  const std::vector<int64_t> &order() const { return order_; }

private:
  const Tensor &x_;
  const Tensor &y_;
  int64_t batchSize_;
  int64_t numBatches_;
  int64_t position_ = 0;
  std::vector<int64_t> order_;
};

} // namespace aicc::rt

#endif // AICC_RUNTIME_BATCHITERATOR_H
