// Writes a grid of images decoded from a trained VAE's prior with the
// ahead-of-time compiled @sample (vae.o + vae.h from `aicc compile vae`) and
// the aicc runtime alone: no MLIR, no LLVM, no JIT.
//
//   vae_sample CHECKPOINT.safetensors OUT.png [SEED]
//
// The checkpoint is one of `aicc train vae --checkpoint`; the same seed
// gives the same images as `aicc sample vae --seed SEED --count 64`.
#include "vae.h"

#include <aicc/runtime/Checkpoint.h>
#include <aicc/runtime/Image.h>

#include <cstdlib>
#include <iostream>
#include <stdexcept>

namespace rt = aicc::rt;

namespace {
const float *tensor(const std::vector<rt::NamedTensor> &saved,
                    const std::string &name, int64_t elements) {
  for (const rt::NamedTensor &t : saved)
    if (t.name == name) {
      if (t.tensor.dtype() != rt::DType::F32 ||
          t.tensor.numElements() != elements)
        throw std::runtime_error("'" + name + "' has the wrong shape or type");
      return t.tensor.data<float>();
    }
  throw std::runtime_error("the checkpoint has no tensor '" + name + "'");
}
} // namespace

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4) {
    std::cerr << "usage: vae_sample CHECKPOINT.safetensors OUT.png [SEED]\n";
    return 1;
  }
  try {
    std::vector<rt::NamedTensor> saved = rt::loadSafetensors(argv[1]);
    // The random key of aig.random_normal: [seed, offset].
    int64_t key[2] = {argc == 4 ? std::atoll(argv[3]) : 0, 0};
    rt::Tensor images(rt::DType::F32, {64, 784});
    aicc_sample(key, tensor(saved, "fc3.w", 20 * 400),
                tensor(saved, "fc3.b", 400), tensor(saved, "fc4.w", 400 * 784),
                tensor(saved, "fc4.b", 784), images.data<float>());
    rt::writeImageGrid(argv[2], images, 28, 28, /*columns=*/8);
  } catch (const std::exception &e) {
    std::cerr << "vae_sample: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
