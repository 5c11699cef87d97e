//===- BatchIterator.cpp - Shuffled mini-batches --------------------------===//

#include "aicc/runtime/BatchIterator.h"

#include "aicc/runtime/Philox.h"

#include <cstring>
#include <numeric>
#include <string>
#include <utility>

using namespace aicc::rt;

namespace {

/// Bytes of one sample (the product of the dims after the first).
size_t sampleBytes(const Tensor &t) {
  size_t bytes = dtypeSize(t.dtype());
  for (int64_t i = 1; i < t.rank(); ++i)
    bytes *= static_cast<size_t>(t.shape()[i]);
  return bytes;
}

void checkBatchTensor(const Tensor &batch, const Tensor &data,
                      int64_t batchSize, const char *what) {
  std::vector<int64_t> expected = data.shape();
  expected[0] = batchSize;
  if (batch.dtype() != data.dtype() || batch.shape() != expected) {
    std::string shape;
    for (int64_t dim : expected)
      shape += std::to_string(dim) + "x";
    throw Error(std::string("BatchIterator::next: ") + what +
                " batch is tensor<" + batch.shapeString() +
                ">, expected tensor<" + shape +
                std::string(dtypeName(data.dtype())) + ">");
  }
}

void gather(const Tensor &data, Tensor &batch, const int64_t *indices,
            int64_t count) {
  size_t bytes = sampleBytes(data);
  const char *src = static_cast<const char *>(data.data());
  char *dst = static_cast<char *>(batch.data());
  for (int64_t i = 0; i < count; ++i)
    std::memcpy(dst + static_cast<size_t>(i) * bytes,
                src + static_cast<size_t>(indices[i]) * bytes, bytes);
}

} // namespace

BatchIterator::BatchIterator(const Tensor &x, const Tensor &y,
                             int64_t batchSize, uint64_t seed, uint64_t epoch,
                             bool shuffle)
    : x_(x), y_(y), batchSize_(batchSize) {
  if (x.rank() < 1 || y.rank() < 1)
    throw Error("BatchIterator: features tensor<" + x.shapeString() +
                "> and labels tensor<" + y.shapeString() +
                "> need a leading sample dimension");
  if (x.shape()[0] != y.shape()[0])
    throw Error("BatchIterator: features have " + std::to_string(x.shape()[0]) +
                " samples but labels have " + std::to_string(y.shape()[0]));
  if (batchSize <= 0)
    throw Error("BatchIterator: batch size must be positive, got " +
                std::to_string(batchSize));
  int64_t n = x.shape()[0];
  numBatches_ = n / batchSize;
  order_.resize(static_cast<size_t>(n));
  std::iota(order_.begin(), order_.end(), int64_t(0));
  if (shuffle) {
    Philox rng(seed, epoch);
    for (int64_t i = n - 1; i > 0; --i) {
      auto j =
          static_cast<int64_t>(rng.uniformInt(static_cast<uint64_t>(i) + 1));
      std::swap(order_[i], order_[j]);
    }
  }
}

bool BatchIterator::next(Tensor &xBatch, Tensor &yBatch) {
  checkBatchTensor(xBatch, x_, batchSize_, "features");
  checkBatchTensor(yBatch, y_, batchSize_, "labels");
  if (position_ >= numBatches_)
    return false;
  const int64_t *indices = order_.data() + position_ * batchSize_;
  gather(x_, xBatch, indices, batchSize_);
  gather(y_, yBatch, indices, batchSize_);
  ++position_;
  return true;
}

void BatchIterator::skip(int64_t batches) {
  if (batches < 0)
    throw Error("BatchIterator::skip: cannot skip a negative number of "
                "batches (" +
                std::to_string(batches) + ")");
  position_ =
      batches > numBatches_ - position_ ? numBatches_ : position_ + batches;
}
