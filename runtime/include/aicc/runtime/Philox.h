//===- Philox.h - Counter-based random numbers ------------------*- C++ -*-===//
//
// Philox4x32-10 (Salmon et al., "Parallel Random Numbers: As Easy as 1, 2,
// 3", SC'11), the generator behind cuRAND's and PyTorch's Philox engines.
// Being counter-based, the n-th output depends only on (seed, stream, n), so
// training runs are reproducible on any machine and any block of outputs can
// be reached without generating the ones before it.
//
// Layout: key = {seed & 0xffffffff, seed >> 32}; counter = {position low,
// position high, stream low, stream high}, where `position` counts 128-bit
// blocks. Each block yields four 32-bit words, consumed in order.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_RUNTIME_PHILOX_H
#define AICC_RUNTIME_PHILOX_H

#include <array>
#include <cstdint>

namespace aicc::rt {

class Philox {
public:
  using Counter = std::array<uint32_t, 4>;
  using Key = std::array<uint32_t, 2>;

  explicit Philox(uint64_t seed, uint64_t stream = 0);

  /// The raw Philox4x32-10 bijection; exposed for known-answer tests.
  static Counter block(Counter counter, Key key);

  /// The block at the current position; advances the position by one and
  /// discards any words of the previous block not yet consumed by nextU32.
  Counter nextBlock();

  /// Next 32-bit word (four per block).
  uint32_t nextU32();

  /// Uniform in [0, 1) with 24 random bits, so every value is an exact float.
  float uniform();

  /// Standard normal N(0, 1) by Box-Muller; values come in pairs, the second
  /// of each pair is returned by the following call.
  float normal();

  /// Unbiased uniform integer in [0, n) (rejection sampling on 64-bit draws,
  /// each draw taking two words). Throws Error if n == 0.
  uint64_t uniformInt(uint64_t n);

  /// Jumps to block `position` (0 after construction) and drops buffered
  /// words and any cached normal.
  void seek(uint64_t position);
  /// Index of the next block nextBlock() would return.
  uint64_t position() const { return position_; }

private:
  Key key_;
  uint64_t stream_;
  uint64_t position_ = 0;
  Counter buffer_{};
  // Words of buffer_ already handed out; 4 means the buffer is empty.
  unsigned used_ = 4;
  bool haveSpareNormal_ = false;
  float spareNormal_ = 0.0f;
};

} // namespace aicc::rt

#endif // AICC_RUNTIME_PHILOX_H
