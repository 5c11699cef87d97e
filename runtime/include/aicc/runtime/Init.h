//===- Init.h - Parameter initializers --------------------------*- C++ -*-===//
//
// Fills f32 parameter tensors with the usual initial distributions. Values
// are a pure function of (seed, stream), drawn from Philox(seed, stream) in
// row-major order, so a model initializes identically on any machine; give
// each parameter its own stream.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_RUNTIME_INIT_H
#define AICC_RUNTIME_INIT_H

#include "aicc/runtime/Tensor.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace aicc::rt {

enum class InitKind {
  Zeros,
  Ones, ///< e.g. a batch-norm scale
  /// N(0, stddev).
  Normal,
  /// U(-a, a), a = sqrt(6 / (fanIn + fanOut)) (Glorot & Bengio).
  XavierUniform,
  /// U(-a, a), a = sqrt(6 / fanIn) (He et al., gain sqrt(2)).
  KaimingUniform,
  /// N(0, sqrt(2 / fanIn)).
  KaimingNormal,
  /// U(-a, a), a = 1 / sqrt(fanIn): PyTorch nn.Linear's default for both
  /// weight and bias.
  TorchLinear,
};

struct InitSpec {
  InitKind kind;
  int64_t fanIn = 0;
  int64_t fanOut = 0;
  /// Only used by InitKind::Normal.
  double stddev = 0.01;
};

/// Overwrites every element of `t` (which must be f32). Throws Error for
/// other dtypes, or when the fans the kind needs are not positive (Xavier:
/// fanIn + fanOut > 0) or stddev is negative or not finite.
void initialize(Tensor &t, const InitSpec &spec, uint64_t seed,
                uint64_t stream);

/// "zeros", "normal", "xavier_uniform", "kaiming_uniform", "kaiming_normal",
/// "torch_linear"; nullopt for anything else.
std::optional<InitKind> initKindFromName(std::string_view name);

/// Inverse of initKindFromName.
std::string_view initKindName(InitKind kind);

} // namespace aicc::rt

#endif // AICC_RUNTIME_INIT_H
