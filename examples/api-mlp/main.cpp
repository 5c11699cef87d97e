// Builds the 784-256-10 MLP forward pass with the aicc graph API, JIT-compiles
// it and runs it on .npy inputs (see ../mlp/make_inputs.py).
//
//   api_mlp DATA_DIR OUT.npy [--print-ir]
#include <aicc/Graph.h>
#include <aicc/Ops.h>
#include <aicc/runtime/Error.h>
#include <aicc/runtime/Npy.h>
#include <aicc/runtime/Print.h>

#include <cstring>
#include <iostream>

int main(int argc, char **argv) {
  if (argc < 3) {
    std::cerr << "usage: api_mlp DATA_DIR OUT.npy [--print-ir]\n";
    return 1;
  }
  std::string dir = argv[1];
  try {
    aicc::rt::Tensor x = aicc::rt::readNpy(dir + "/x.npy");
    int64_t batch = x.shape()[0];

    aicc::Graph g("mlp");
    auto in = g.input("x", {batch, 784});
    auto w1 = g.input("w1", {784, 256});
    auto b1 = g.input("b1", {256});
    auto w2 = g.input("w2", {256, 10});
    auto b2 = g.input("b2", {10});
    auto hidden = aicc::relu(aicc::matmul(in, w1) + b1);
    g.output(aicc::softmax(aicc::matmul(hidden, w2) + b2, /*axis=*/1));
    if (argc > 3 && std::strcmp(argv[3], "--print-ir") == 0)
      std::cout << g.print();

    aicc::Executable mlp = g.compile();
    std::vector<aicc::rt::Tensor> params;
    for (const char *name : {"w1", "b1", "w2", "b2"})
      params.push_back(aicc::rt::readNpy(dir + "/" + name + ".npy"));
    auto result = mlp.run({&x, &params[0], &params[1], &params[2], &params[3]});
    aicc::rt::writeNpy(argv[2], result[0]);
    std::cout << aicc::rt::formatTensor(result[0]) << "\n";
  } catch (const std::exception &e) {
    std::cerr << "api_mlp: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
