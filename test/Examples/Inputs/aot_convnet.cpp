// Runs the ahead-of-time compiled convnet (convnet.o + convnet.h from
// `aicc compile`) on .npy inputs, with the aicc runtime for .npy I/O only.
//
//   aot_convnet IN_DIR OUT.npy
#include "convnet.h"

#include <aicc/runtime/Npy.h>

#include <iostream>

int main(int argc, char **argv) {
  if (argc != 3) {
    std::cerr << "usage: aot_convnet IN_DIR OUT.npy\n";
    return 1;
  }
  std::string dir = argv[1];
  try {
    using aicc::rt::readNpy;
    aicc::rt::Tensor in[5] = {
        readNpy(dir + "/in0.npy"), readNpy(dir + "/in1.npy"),
        readNpy(dir + "/in2.npy"), readNpy(dir + "/in3.npy"),
        readNpy(dir + "/in4.npy")};
    aicc::rt::Tensor out(aicc::rt::DType::F32, {4, 16, 5, 5});
    aicc_convnet(in[0].data<float>(), in[1].data<float>(), in[2].data<float>(),
                 in[3].data<float>(), in[4].data<float>(), out.data<float>());
    aicc::rt::writeNpy(argv[2], out);
  } catch (const std::exception &e) {
    std::cerr << "aot_convnet: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
