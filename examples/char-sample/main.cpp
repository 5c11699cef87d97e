// Generates 500 characters with a trained char-lstm: the ahead-of-time
// compiled @sample (char-lstm.o + char-lstm.h from `aicc compile char-lstm`)
// and the aicc runtime alone, no MLIR, no LLVM, no JIT. The whole
// generation, every step of the LSTM and every draw, is that one call.
//
//   char_sample CHECKPOINT.safetensors [SEED] [TEMPERATURE]
//
// The checkpoint is one of `aicc train char-lstm --checkpoint` (its
// metadata holds the vocabulary); the text equals that of `aicc sample
// char-lstm --seed SEED --temperature T` (prompt: a newline).
#include "char-lstm.h"

#include <aicc/runtime/Checkpoint.h>
#include <aicc/runtime/KernelError.h>
#include <aicc/runtime/TextCorpus.h>

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
  if (argc < 2 || argc > 4) {
    std::cerr << "usage: char_sample CHECKPOINT.safetensors [SEED] "
                 "[TEMPERATURE]\n";
    return 1;
  }
  try {
    std::map<std::string, std::string> metadata;
    std::vector<rt::NamedTensor> saved =
        rt::loadSafetensors(argv[1], &metadata);
    if (metadata["model"] != "char-lstm")
      throw std::runtime_error(std::string(argv[1]) +
                               " is not a checkpoint of char-lstm");
    std::vector<char32_t> vocabulary =
        rt::vocabularyFromString(metadata["vocabulary"]);
    const int64_t v = 113, e = 64, h = 256, g = 4 * h, length = 500;
    if (int64_t(vocabulary.size()) != v)
      throw std::runtime_error("this program was compiled for the 113 "
                               "characters of the fortunes corpus");
    std::vector<int64_t> prompt = rt::encodeText(vocabulary, "\n", argv[1]);
    float temperature = argc == 4 ? float(std::atof(argv[3])) : 0.8f;
    // The key of the random draws: [seed, offset].
    int64_t key[2] = {argc >= 3 ? std::atoll(argv[2]) : 0, 0};
    std::vector<int64_t> ids(length);
    aicc_sample(prompt.data(), &temperature, tensor(saved, "emb.weight", v * e),
                tensor(saved, "rnn.weight_ih_l0", g * e),
                tensor(saved, "rnn.weight_hh_l0", g * h),
                tensor(saved, "rnn.bias_ih_l0", g),
                tensor(saved, "rnn.bias_hh_l0", g),
                tensor(saved, "out.weight", v * h),
                tensor(saved, "out.bias", v), key, ids.data());
    // Compiled code reports bad data (an id outside the embedding) here.
    if (std::optional<std::string> error = rt::takeKernelError())
      throw std::runtime_error(*error);
    std::cout << "\n"
              << rt::decodeIds(vocabulary, ids.data(), ids.size()) << "\n";
  } catch (const std::exception &e) {
    std::cerr << "char_sample: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
