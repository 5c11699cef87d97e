//===- Philox.cpp - Counter-based random numbers --------------------------===//
//
// Constants and round structure follow Random123's philox.h, so the outputs
// match its published known-answer vectors (kat_vectors).
//
//===----------------------------------------------------------------------===//

#include "aicc/runtime/Philox.h"

#include "aicc/runtime/Error.h"

#include <cmath>

using namespace aicc::rt;

namespace {

constexpr uint32_t kMul0 = 0xD2511F53;
constexpr uint32_t kMul1 = 0xCD9E8D57;
constexpr uint32_t kBump0 = 0x9E3779B9; // golden ratio
constexpr uint32_t kBump1 = 0xBB67AE85; // sqrt(3) - 1
constexpr int kRounds = 10;
constexpr double kTwoPi = 6.28318530717958647692;

Philox::Counter round(const Philox::Counter &c, const Philox::Key &k) {
  uint64_t p0 = uint64_t(kMul0) * c[0];
  uint64_t p1 = uint64_t(kMul1) * c[2];
  auto hi = [](uint64_t p) { return static_cast<uint32_t>(p >> 32); };
  auto lo = [](uint64_t p) { return static_cast<uint32_t>(p); };
  return {hi(p1) ^ c[1] ^ k[0], lo(p1), hi(p0) ^ c[3] ^ k[1], lo(p0)};
}

} // namespace

Philox::Philox(uint64_t seed, uint64_t stream)
    : key_{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)},
      stream_(stream) {}

Philox::Counter Philox::block(Counter counter, Key key) {
  for (int i = 0; i < kRounds; ++i) {
    if (i > 0) {
      key[0] += kBump0;
      key[1] += kBump1;
    }
    counter = round(counter, key);
  }
  return counter;
}

Philox::Counter Philox::nextBlock() {
  Counter counter = {
      static_cast<uint32_t>(position_), static_cast<uint32_t>(position_ >> 32),
      static_cast<uint32_t>(stream_), static_cast<uint32_t>(stream_ >> 32)};
  ++position_;
  used_ = 4;
  return block(counter, key_);
}

uint32_t Philox::nextU32() {
  if (used_ == 4) {
    buffer_ = nextBlock();
    used_ = 0;
  }
  return buffer_[used_++];
}

float Philox::uniform() {
  // The top 24 bits scaled by 2^-24: exact in float and strictly below 1.
  return static_cast<float>(nextU32() >> 8) * (1.0f / 16777216.0f);
}

float Philox::normal() {
  if (haveSpareNormal_) {
    haveSpareNormal_ = false;
    return spareNormal_;
  }
  // u1 in (0, 1] keeps log() finite; double avoids precision loss in the
  // tails before rounding to float.
  double u1 = 1.0 - static_cast<double>(uniform());
  double u2 = static_cast<double>(uniform());
  double radius = std::sqrt(-2.0 * std::log(u1));
  double angle = kTwoPi * u2;
  spareNormal_ = static_cast<float>(radius * std::sin(angle));
  haveSpareNormal_ = true;
  return static_cast<float>(radius * std::cos(angle));
}

uint64_t Philox::uniformInt(uint64_t n) {
  if (n == 0)
    throw Error("Philox::uniformInt: the range [0, 0) is empty");
  // Reject the lowest (2^64 mod n) values so that every residue is equally
  // likely; at most half the draws are rejected.
  uint64_t threshold = (0 - n) % n;
  while (true) {
    uint64_t lo = nextU32();
    uint64_t value = (uint64_t(nextU32()) << 32) | lo;
    if (value >= threshold)
      return value % n;
  }
}

void Philox::seek(uint64_t position) {
  position_ = position;
  used_ = 4;
  haveSpareNormal_ = false;
}
