//===- BoundFunction.h - a compiled graph bound to a checkpoint -*- C++ -*-===//
//
// aicc sample runs functions of a trained model (a VAE's @decode, a
// character model's @sample) without building a training step: the graph
// is compiled, and each input is bound by name to the checkpoint's tensor
// of that name, or given at run time.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_TOOLS_AICC_BOUNDFUNCTION_H
#define AICC_TOOLS_AICC_BOUNDFUNCTION_H

#include "aicc/Graph.h"
#include "aicc/runtime/Checkpoint.h"
#include "aicc/runtime/Error.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace aicc::driver {

class BoundFunction {
public:
  /// Binds the inputs of `graph` to the tensors of `saved` by name, except
  /// those in `runtimeInputs`, which run() gets. An input that is neither
  /// is an error naming `checkpoint` and `model`.
  BoundFunction(const Graph &graph, const std::vector<rt::NamedTensor> &saved,
                const std::string &checkpoint, const std::string &model,
                const std::vector<std::string> &runtimeInputs)
      : exe(graph.compile()) {
    for (const std::string &name : graph.inputNames()) {
      names.push_back(name);
      auto it = std::find_if(
          saved.begin(), saved.end(),
          [&](const rt::NamedTensor &t) { return t.name == name; });
      if (it != saved.end())
        bound.push_back(&it->tensor);
      else if (std::find(runtimeInputs.begin(), runtimeInputs.end(), name) !=
               runtimeInputs.end())
        bound.push_back(nullptr);
      else
        throw rt::Error(fmt::format("{} has no tensor '{}': it is not a "
                                    "checkpoint of {}",
                                    checkpoint, name, model));
    }
  }

  /// Runs with the `given` run-time inputs (by name) into `outputs`.
  void run(const std::vector<std::pair<std::string, const rt::Tensor *>> &given,
           const std::vector<rt::Tensor *> &outputs) {
    std::vector<const rt::Tensor *> inputs = bound;
    for (size_t i = 0; i < names.size(); ++i)
      for (auto &[name, tensor] : given)
        if (names[i] == name)
          inputs[i] = tensor;
    exe.run(inputs, outputs);
  }

private:
  Executable exe;
  std::vector<std::string> names;
  std::vector<const rt::Tensor *> bound;
};

} // namespace aicc::driver

#endif // AICC_TOOLS_AICC_BOUNDFUNCTION_H
