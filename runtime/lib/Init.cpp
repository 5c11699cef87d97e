//===- Init.cpp - Parameter initializers ----------------------------------===//

#include "aicc/runtime/Init.h"

#include "aicc/runtime/Philox.h"

#include <algorithm>
#include <cmath>
#include <string>

using namespace aicc::rt;

namespace {

struct KindName {
  InitKind kind;
  std::string_view name;
};

constexpr KindName kKindNames[] = {
    {InitKind::Zeros, "zeros"},
    {InitKind::Ones, "ones"},
    {InitKind::Normal, "normal"},
    {InitKind::XavierUniform, "xavier_uniform"},
    {InitKind::KaimingUniform, "kaiming_uniform"},
    {InitKind::KaimingNormal, "kaiming_normal"},
    {InitKind::TorchLinear, "torch_linear"},
};

[[noreturn]] void fail(const InitSpec &spec, const Tensor &t,
                       const std::string &why) {
  throw Error("initializer " + std::string(initKindName(spec.kind)) +
              " for tensor<" + t.shapeString() + ">: " + why);
}

int64_t requirePositive(const InitSpec &spec, const Tensor &t, const char *what,
                        int64_t value) {
  if (value <= 0)
    fail(spec, t,
         std::string(what) + " must be positive, got " + std::to_string(value));
  return value;
}

void fillUniform(Tensor &t, double bound, Philox &rng) {
  float *p = t.data<float>();
  for (int64_t i = 0; i < t.numElements(); ++i)
    p[i] = static_cast<float>(bound * (2.0 * rng.uniform() - 1.0));
}

void fillNormal(Tensor &t, double stddev, Philox &rng) {
  float *p = t.data<float>();
  for (int64_t i = 0; i < t.numElements(); ++i)
    p[i] = static_cast<float>(stddev * rng.normal());
}

} // namespace

void aicc::rt::initialize(Tensor &t, const InitSpec &spec, uint64_t seed,
                          uint64_t stream) {
  if (t.dtype() != DType::F32)
    fail(spec, t, "only f32 tensors can be initialized");
  Philox rng(seed, stream);
  switch (spec.kind) {
  case InitKind::Ones:
    std::fill_n(t.data<float>(), t.numElements(), 1.0f);
    return;
  case InitKind::Zeros:
    std::fill_n(t.data<float>(), t.numElements(), 0.0f);
    return;
  case InitKind::Normal:
    if (!(spec.stddev >= 0) || !std::isfinite(spec.stddev))
      fail(spec, t,
           "stddev must be finite and >= 0, got " +
               std::to_string(spec.stddev));
    fillNormal(t, spec.stddev, rng);
    return;
  case InitKind::XavierUniform: {
    if (spec.fanIn < 0 || spec.fanOut < 0)
      fail(spec, t, "fanIn and fanOut must not be negative");
    int64_t fans =
        requirePositive(spec, t, "fanIn + fanOut", spec.fanIn + spec.fanOut);
    fillUniform(t, std::sqrt(6.0 / static_cast<double>(fans)), rng);
    return;
  }
  case InitKind::KaimingUniform: {
    int64_t fanIn = requirePositive(spec, t, "fanIn", spec.fanIn);
    fillUniform(t, std::sqrt(6.0 / static_cast<double>(fanIn)), rng);
    return;
  }
  case InitKind::KaimingNormal: {
    int64_t fanIn = requirePositive(spec, t, "fanIn", spec.fanIn);
    fillNormal(t, std::sqrt(2.0 / static_cast<double>(fanIn)), rng);
    return;
  }
  case InitKind::TorchLinear: {
    int64_t fanIn = requirePositive(spec, t, "fanIn", spec.fanIn);
    fillUniform(t, 1.0 / std::sqrt(static_cast<double>(fanIn)), rng);
    return;
  }
  }
  throw Error("invalid InitKind value " +
              std::to_string(static_cast<int>(spec.kind)));
}

std::optional<InitKind> aicc::rt::initKindFromName(std::string_view name) {
  for (const KindName &entry : kKindNames)
    if (entry.name == name)
      return entry.kind;
  return std::nullopt;
}

std::string_view aicc::rt::initKindName(InitKind kind) {
  for (const KindName &entry : kKindNames)
    if (entry.kind == kind)
      return entry.name;
  return "<invalid InitKind>";
}
