// Runs the AOT-compiled MLP (mlp.o + mlp.h from `aicc compile`) on .npy
// inputs, using only the aicc runtime for .npy I/O.
//
//   aot_mlp DATA_DIR OUT.npy
#include "mlp.h"

#include <aicc/runtime/Error.h>
#include <aicc/runtime/Npy.h>
#include <aicc/runtime/Print.h>

#include <iostream>

int main(int argc, char **argv) {
  if (argc != 3) {
    std::cerr << "usage: aot_mlp DATA_DIR OUT.npy\n";
    return 1;
  }
  std::string dir = argv[1];
  try {
    using aicc::rt::readNpy;
    aicc::rt::Tensor x = readNpy(dir + "/x.npy"), w1 = readNpy(dir + "/w1.npy"),
                     b1 = readNpy(dir + "/b1.npy"),
                     w2 = readNpy(dir + "/w2.npy"),
                     b2 = readNpy(dir + "/b2.npy");
    // The header documents the shapes; check them before calling.
    if (x.shape() != std::vector<int64_t>{8, 784} ||
        w1.shape() != std::vector<int64_t>{784, 256})
      throw aicc::rt::Error("inputs do not have the shapes mlp.h documents");
    aicc::rt::Tensor out(aicc::rt::DType::F32, {8, 10});
    aicc_mlp(x.data<float>(), w1.data<float>(), b1.data<float>(),
             w2.data<float>(), b2.data<float>(), out.data<float>());
    aicc::rt::writeNpy(argv[2], out);
    std::cout << aicc::rt::formatTensor(out) << "\n";
  } catch (const std::exception &e) {
    std::cerr << "aot_mlp: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
