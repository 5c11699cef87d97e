//===- TestSupport.h - helpers shared by the runtime's unit tests -*- C++ -*-=//

#ifndef AICC_TEST_UNIT_TESTSUPPORT_H
#define AICC_TEST_UNIT_TESTSUPPORT_H

#include "aicc/runtime/Tensor.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <type_traits>
#include <unistd.h>
#include <vector>

namespace aicc::rt::test_support {

/// Fills a tensor with a dtype-appropriate, position-dependent pattern; with
/// `specialFloats`, the first four elements of a float tensor are NaN, -inf,
/// -0 and the smallest denormal.
inline void fillPattern(Tensor &t, bool specialFloats = false) {
  visitDType(t.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T *p = t.data<T>();
    for (int64_t i = 0; i < t.numElements(); ++i) {
      if constexpr (std::is_same_v<T, bool>)
        p[i] = i % 3 == 0;
      else if constexpr (std::is_floating_point_v<T>)
        p[i] = static_cast<T>(i) * static_cast<T>(-1.5) + static_cast<T>(0.25);
      else
        p[i] = static_cast<T>(i * 37 - 50);
    }
    if constexpr (std::is_floating_point_v<T>) {
      if (specialFloats && t.numElements() >= 4) {
        p[0] = std::numeric_limits<T>::quiet_NaN();
        p[1] = -std::numeric_limits<T>::infinity();
        p[2] = static_cast<T>(-0.0);
        p[3] = std::numeric_limits<T>::denorm_min();
      }
    }
  });
}

/// An f32 tensor of `shape` drawn uniformly from [lo, hi) with a fixed seed.
inline Tensor randomTensor(std::vector<int64_t> shape, unsigned seed,
                           float lo = -1, float hi = 1) {
  Tensor t(DType::F32, shape);
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  for (int64_t i = 0; i < t.numElements(); ++i)
    t.data<float>()[i] = dist(gen);
  return t;
}

/// The whole content of a file (empty if it cannot be read).
inline std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// A fixture with a fresh temporary directory per test, removed afterwards.
class TempDirTest : public ::testing::Test {
protected:
  void SetUp() override {
    static int counter = 0;
    dir = std::filesystem::temp_directory_path() /
          ("aicc-test-" + std::to_string(::getpid()) + "-" +
           std::to_string(counter++));
    std::filesystem::create_directories(dir);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  std::string path(const std::string &name) const { return dir / name; }

  static std::string readFile(const std::string &p) {
    return test_support::readFile(p);
  }

  std::filesystem::path dir;
};

} // namespace aicc::rt::test_support

#endif // AICC_TEST_UNIT_TESTSUPPORT_H
