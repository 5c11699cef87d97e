//===- fuzz_npy.cpp - fuzz the .npy reader --------------------------------===//
//
// readNpy must reject malformed input with aicc::rt::Error; whatever it
// accepts must survive a writeNpy/readNpy round trip unchanged.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "aicc/runtime/Error.h"
#include "aicc/runtime/Npy.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

using namespace aicc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::istringstream in(std::string(fuzz::asText(data, size)));
  rt::Tensor tensor(rt::DType::F32, {0});
  try {
    tensor = rt::readNpy(in, "<fuzz>");
  } catch (const rt::Error &) {
    return 0;
  }
  std::ostringstream out;
  rt::writeNpy(out, tensor, "<fuzz>");
  std::istringstream again(out.str());
  rt::Tensor copy = rt::readNpy(again, "<fuzz round trip>");
  if (copy.dtype() != tensor.dtype() || copy.shape() != tensor.shape() ||
      copy.byteSize() != tensor.byteSize() ||
      (tensor.byteSize() &&
       std::memcmp(copy.data(), tensor.data(), tensor.byteSize()) != 0)) {
    std::fprintf(stderr, "fuzz_npy: the round trip changed the tensor\n");
    std::abort();
  }
  return 0;
}
